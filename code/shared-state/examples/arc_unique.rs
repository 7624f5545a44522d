//! `Arc` hands out `&T` while it is shared, but a handle that is the only
//! one left can get `&mut T` or the value itself back. `Weak` is a handle
//! that does not keep the value alive, which is how a cycle of `Arc`s is
//! avoided.

use std::sync::{Arc, Weak};
use std::thread;

fn main() {
    // ANCHOR: unique
    let mut catalog = Arc::new(vec!["toner", "paper"]);

    // The only handle: `get_mut` gives `&mut`, no lock needed.
    Arc::get_mut(&mut catalog).unwrap().push("pens");

    let for_thread = Arc::clone(&catalog);
    // Two handles now: `get_mut` refuses.
    assert!(Arc::get_mut(&mut catalog).is_none());
    // `make_mut` copies the value for this handle (copy on write), so the
    // other handle keeps the old list.
    Arc::make_mut(&mut catalog).push("stapler");
    println!("ours: {catalog:?}, the thread's: {for_thread:?}");

    // `into_inner` returns the value if this was the last strong handle.
    let printed = thread::spawn(move || Arc::into_inner(for_thread))
        .join()
        .unwrap();
    println!("the thread got its list back: {printed:?}");
    // ANCHOR_END: unique

    // ANCHOR: weak
    let depot = Arc::new(String::from("depot-north"));
    let observer: Weak<String> = Arc::downgrade(&depot);
    println!(
        "strong {}, weak {}; upgrade gives {:?}",
        Arc::strong_count(&depot),
        Arc::weak_count(&depot),
        observer.upgrade()
    );
    drop(depot); // the last strong handle: the string is dropped here
    println!("after the drop, upgrade gives {:?}", observer.upgrade());
    // ANCHOR_END: weak
}
