// Two checkout threads decrement a stock count shared through `Arc`.
// This must not compile: `Arc` hands out only shared references.
use std::sync::Arc;
use std::thread;

fn main() {
    let stock = Arc::new(vec![5_u32, 3]);
    let checkout = {
        let stock = Arc::clone(&stock);
        thread::spawn(move || {
            stock[0] -= 1;
        })
    };
    checkout.join().unwrap();
    println!("stock: {stock:?}");
}
