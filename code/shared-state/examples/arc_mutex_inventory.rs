//! Mutating through `Arc` fixed: the `Mutex` inside turns a shared
//! reference into exclusive access, one thread at a time.

use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    // ANCHOR: fixed
    let stock = Arc::new(Mutex::new(vec![500_u32, 450]));
    let checkouts: Vec<_> = (0..4)
        .map(|_| {
            let stock = Arc::clone(&stock);
            thread::spawn(move || {
                for _ in 0..100 {
                    // `lock` takes `&self` and returns a guard that derefs
                    // to `&mut Vec<u32>` until it is dropped.
                    let mut shelves = stock.lock().unwrap();
                    shelves[0] -= 1;
                    shelves[1] -= 1;
                } // guard dropped at the end of each iteration
            })
        })
        .collect();
    for checkout in checkouts {
        checkout.join().unwrap();
    }
    println!("stock: {:?}", stock.lock().unwrap());
    // ANCHOR_END: fixed
}
