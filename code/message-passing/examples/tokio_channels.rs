//! The channel shapes std and crossbeam do not have, from `tokio::sync`:
//! oneshot (one value, once), broadcast (every receiver sees every value)
//! and watch (receivers see the latest value only).
use tokio::sync::{broadcast, oneshot, watch};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR: oneshot
    let (reply_tx, reply_rx) = oneshot::channel::<u64>();
    tokio::spawn(async move {
        // `send` takes `self`: a oneshot sender can be used once only.
        reply_tx.send(4_999).unwrap();
    });
    println!("oneshot: quote is {} cents", reply_rx.await.unwrap());
    // ANCHOR_END: oneshot

    // ANCHOR: broadcast
    let (price_tx, mut dashboard) = broadcast::channel::<&str>(16);
    let mut auditor = price_tx.subscribe(); // sees values sent from now on
    price_tx.send("toner 49.90").unwrap();
    price_tx.send("paper 4.20").unwrap();
    drop(price_tx);
    // Each receiver gets its own copy of every value, in order.
    while let Ok(update) = dashboard.recv().await {
        println!("broadcast: dashboard got {update}");
    }
    while let Ok(update) = auditor.recv().await {
        println!("broadcast: auditor got {update}");
    }
    // ANCHOR_END: broadcast

    // ANCHOR: watch
    let (config_tx, mut config_rx) = watch::channel("log_level=info");
    config_tx.send("log_level=debug").unwrap();
    config_tx.send("log_level=warn").unwrap();
    // Two sends, one change seen: watch keeps only the latest value.
    config_rx.changed().await.unwrap();
    println!("watch: current config {}", *config_rx.borrow_and_update());
    drop(config_tx);
    assert!(config_rx.changed().await.is_err()); // sender gone, nothing new
    // ANCHOR_END: watch
}
