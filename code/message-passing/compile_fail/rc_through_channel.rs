// Sending an `Rc` through a channel would leave its clones on two threads.
use std::rc::Rc;
use std::sync::mpsc;
use std::thread;

fn main() {
    let (catalog_tx, catalog_rx) = mpsc::channel::<Rc<Vec<String>>>();
    let catalog = Rc::new(vec!["paper".to_string(), "toner".to_string()]);
    let printer = thread::spawn(move || {
        for catalog in catalog_rx {
            println!("{} products", catalog.len());
        }
    });
    catalog_tx.send(Rc::clone(&catalog)).unwrap();
    drop(catalog_tx);
    printer.join().unwrap();
}
