// Two scoped threads append to one `RefCell<Vec<_>>`.
// This must not compile: `RefCell` is not `Sync`.
use std::cell::RefCell;
use std::thread;

fn main() {
    let audit_log = RefCell::new(Vec::new());
    thread::scope(|scope| {
        scope.spawn(|| audit_log.borrow_mut().push("login"));
        scope.spawn(|| audit_log.borrow_mut().push("logout"));
    });
    println!("{:?}", audit_log.into_inner());
}
