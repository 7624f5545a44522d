//! Sharing a read-only catalog with a thread through a channel: `Arc`, whose
//! reference count is atomic, where `Rc` did not compile.
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;

fn main() {
    // ANCHOR: fixed
    let (catalog_tx, catalog_rx) = mpsc::channel::<Arc<Vec<String>>>();
    let catalog = Arc::new(vec!["paper".to_string(), "toner".to_string()]);
    let printer = thread::spawn(move || {
        for catalog in catalog_rx {
            println!("{} products", catalog.len());
        }
    });
    catalog_tx.send(Arc::clone(&catalog)).unwrap();
    drop(catalog_tx);
    printer.join().unwrap();
    println!("main still holds the catalog: {:?}", catalog);
    // ANCHOR_END: fixed
}
