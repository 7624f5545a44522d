//! `&T` may cross threads when `T: Sync`; `&mut T` when `T: Send`.
use std::cell::Cell;
use std::thread;

// ANCHOR: references
fn main() {
    let catalogue = vec![String::from("tea"), String::from("scones")];
    let mut restocks = vec![0u32; catalogue.len()];
    let mut retries = Cell::new(0u32);

    thread::scope(|scope| {
        // `&Vec<String>` is `Send` because `Vec<String>` is `Sync`: any
        // number of threads may read the catalogue at once.
        for reader in 0..2 {
            let catalogue = &catalogue;
            scope.spawn(move || println!("reader {reader} sees {catalogue:?}"));
        }
        // `&mut Vec<u32>` is `Send` because `Vec<u32>` is `Send`: exactly one
        // thread holds it, so nobody else can look.
        let restocks = &mut restocks;
        scope.spawn(move || restocks[0] += 12);
        // `Cell<u32>` is `Send` but not `Sync`. So `&Cell<u32>` may not
        // cross threads, but `&mut Cell<u32>` may: it is exclusive.
        let retries = &mut retries;
        scope.spawn(move || retries.set(retries.get() + 1));
    });

    println!("restocks {restocks:?}, retries {}", retries.get());
}
// ANCHOR_END: references
