//! `Send` and `Sync` are derived by the compiler from a type's fields.
use std::sync::Arc;
use std::thread;

// ANCHOR: structural
/// Every field is `Send` and `Sync`, so `Order` is both: nobody wrote an
/// impl, and there is no `#[derive]` to forget.
struct Order {
    id: u64,
    customer: String,
    lines: Vec<(String, u32)>,
}

/// A generic type is `Send` exactly when its fields are, so
/// `Tagged<T>: Send` holds for each `T` that is `Send`.
struct Tagged<T> {
    tag: &'static str,
    value: T,
}

/// Compiles only if `T: Send`.
fn assert_send<T: Send>() {}
/// Compiles only if `T: Sync`.
fn assert_sync<T: Sync>() {}

fn check_at_compile_time() {
    assert_send::<Order>();
    assert_sync::<Order>();
    assert_send::<Tagged<Arc<Order>>>();
    // `assert_send::<Tagged<std::rc::Rc<Order>>>()` would not compile:
    // `Rc<Order>` is not `Send`, so neither is the struct holding it.
}
// ANCHOR_END: structural

// ANCHOR: spawn
fn main() {
    check_at_compile_time();
    let order = Order {
        id: 1042,
        customer: String::from("Ada"),
        lines: vec![(String::from("tea"), 3), (String::from("scones"), 2)],
    };
    // `spawn` needs the closure to be `Send`; the closure owns `order`, so
    // that holds because `Order: Send`. The result, a `u32`, is `Send` too.
    let items = thread::spawn(move || {
        let items: u32 = order.lines.iter().map(|(_, quantity)| quantity).sum();
        println!("order {} for {}: {items} items", order.id, order.customer);
        items
    });
    let shared = Tagged {
        tag: "express",
        value: Arc::new(items.join().unwrap()),
    };
    println!("{}: {} items", shared.tag, shared.value);
}
// ANCHOR_END: spawn
