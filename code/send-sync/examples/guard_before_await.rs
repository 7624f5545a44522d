//! The fixes for `compile_fail/guard_across_await.rs`: end the guard's life
//! before the `.await`, or, when the lock really must be held across it,
//! use tokio's `Mutex`, whose guard is `Send`.
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

// ANCHOR: scoped
/// Takes the std lock only for the update: the guard is dropped at the end
/// of the block, before the `.await`, so the future never holds it.
async fn record_sale(stock: Arc<Mutex<u32>>, audit: mpsc::Sender<String>) {
    let message = {
        let mut left = stock.lock().unwrap();
        *left -= 1;
        format!("sold one, {} left", *left)
    };
    audit.send(message).await.unwrap();
}
// ANCHOR_END: scoped

// ANCHOR: async_mutex
/// Keeps the stock locked until the audit line is queued, so that audit
/// lines come out in stock order. `tokio::sync::Mutex::lock` is itself an
/// `.await`, and its guard may be held across others.
async fn record_sale_in_order(
    stock: Arc<tokio::sync::Mutex<u32>>,
    audit: mpsc::Sender<String>,
) {
    let mut left = stock.lock().await;
    *left -= 1;
    audit
        .send(format!("sold one, {} left", *left))
        .await
        .unwrap();
}
// ANCHOR_END: async_mutex

// ANCHOR: main
#[tokio::main]
async fn main() {
    let (audit, mut audit_log) = mpsc::channel(8);

    let stock = Arc::new(Mutex::new(10));
    // Compiles now: the future returned by `record_sale` is `Send`.
    tokio::spawn(record_sale(Arc::clone(&stock), audit.clone()))
        .await
        .unwrap();
    println!("{}", audit_log.recv().await.unwrap());

    let stock = Arc::new(tokio::sync::Mutex::new(10));
    tokio::spawn(record_sale_in_order(Arc::clone(&stock), audit))
        .await
        .unwrap();
    println!("{}", audit_log.recv().await.unwrap());
}
// ANCHOR_END: main
