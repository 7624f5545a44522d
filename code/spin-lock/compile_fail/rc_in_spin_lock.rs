// A spin lock shares its value between threads, so the value must be
// allowed to move between them: `Rc` is not.
use spin_lock::SpinLock;
use std::rc::Rc;
use std::thread;

fn main() {
    let latest_quote = SpinLock::new(Rc::new(String::from("EUR/USD 1.08")));
    thread::scope(|scope| {
        scope.spawn(|| {
            let quote = Rc::clone(&latest_quote.lock());
            println!("{quote}");
        });
    });
}
