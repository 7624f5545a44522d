// A task that keeps a `std::sync::MutexGuard` alive across an `.await`.
// This must not compile: `tokio::spawn` may move the task to another worker
// thread at the `.await`, and the guard is not `Send`.
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

async fn record_sale(stock: Arc<Mutex<u32>>, audit: mpsc::Sender<String>) {
    let mut left = stock.lock().unwrap();
    *left -= 1;
    // `left` is still alive here, so the future stores it across the await.
    audit.send(format!("sold one, {} left", *left)).await.unwrap();
}

#[tokio::main]
async fn main() {
    let stock = Arc::new(Mutex::new(10));
    let (audit, mut audit_log) = mpsc::channel(8);
    tokio::spawn(record_sale(Arc::clone(&stock), audit));
    println!("{}", audit_log.recv().await.unwrap());
}
