// A packing thread adds orders to a list shared through `Rc<Mutex<_>>`.
// This must not compile: the `Mutex` protects the list, but not the `Rc`'s
// own reference count.
use std::rc::Rc;
use std::sync::Mutex;
use std::thread;

fn main() {
    let packed = Rc::new(Mutex::new(Vec::new()));
    let for_packer = Rc::clone(&packed);
    let packer = thread::spawn(move || {
        for_packer.lock().unwrap().push("order 17");
    });
    packer.join().unwrap();
    println!("packed: {:?}", packed.lock().unwrap());
}
