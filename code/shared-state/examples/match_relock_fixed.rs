//! The `match` trap fixed: take the value out in a statement of its own, so
//! the guard is dropped at its `;`, before the arms run.

use std::collections::VecDeque;
use std::sync::Mutex;

// ANCHOR: fixed
fn ship_next(orders: &Mutex<VecDeque<String>>) {
    let next = orders.lock().unwrap().pop_front(); // guard dropped here
    match next {
        Some(order) => println!("shipping {order}"),
        None => {
            orders
                .lock()
                .unwrap()
                .push_back(String::from("restock request"));
            println!("queue empty: restock requested");
        }
    }
}
// ANCHOR_END: fixed

fn main() {
    let orders = Mutex::new(VecDeque::from([String::from("order 7")]));
    ship_next(&orders);
    ship_next(&orders);
    println!("queue now: {:?}", orders.lock().unwrap());
}
