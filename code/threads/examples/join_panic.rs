//! A panicking thread does not take its parent down: `join` returns `Err`
//! with the panic's payload.
use std::any::Any;
use std::thread;

// ANCHOR: message
/// The text of a panic payload: `panic!("literal")` carries a `&str`,
/// `panic!("{x}")` a `String`.
pub fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "(not a string)"
    }
}
// ANCHOR_END: message

// ANCHOR: main
fn main() {
    let invoices = vec![("INV-7", 1200), ("INV-8", 0), ("INV-9", 450)];
    let mut handles = Vec::new();
    for (id, amount) in invoices {
        handles.push(thread::spawn(move || {
            if amount == 0 {
                panic!("invoice {id} has no amount");
            }
            amount / 100
        }));
    }
    for handle in handles {
        match handle.join() {
            Ok(fee) => println!("fee: {fee}"),
            Err(payload) => {
                println!("a worker panicked: {}", panic_message(&*payload))
            }
        }
    }
    println!("main carries on");
}
// ANCHOR_END: main
