// `drop(left)` before the `.await` ends the guard's life, yet with Rust 1.95
// this still does not compile: the compiler decides what a future holds
// across an `.await` from the variable's scope, and `left` is still in
// scope at the `.await`.
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

async fn record_sale(stock: Arc<Mutex<u32>>, audit: mpsc::Sender<String>) {
    let mut left = stock.lock().unwrap();
    *left -= 1;
    let message = format!("sold one, {} left", *left);
    drop(left);
    audit.send(message).await.unwrap();
}

#[tokio::main]
async fn main() {
    let stock = Arc::new(Mutex::new(10));
    let (audit, mut audit_log) = mpsc::channel(8);
    tokio::spawn(record_sale(Arc::clone(&stock), audit));
    println!("{}", audit_log.recv().await.unwrap());
}
