//! A price list read by many checkout threads and updated now and then by
//! one pricing thread. Readers hold read guards at the same time; a writer
//! waits until no reader holds one, and then has the list to itself.

use std::collections::HashMap;
use std::sync::{Barrier, RwLock};
use std::thread;

fn main() {
    // ANCHOR: rwlock
    let prices =
        RwLock::new(HashMap::from([("kettle", 2_999_u32), ("toaster", 3_499)]));
    let readers = 3;
    // Every reader takes a read guard, then waits here until all of them
    // hold one: proof that read guards coexist. (With a `Mutex` this
    // barrier would never open.)
    let all_reading = Barrier::new(readers);

    thread::scope(|scope| {
        for till in 0..readers {
            let (prices, all_reading) = (&prices, &all_reading);
            scope.spawn(move || {
                let list = prices.read().unwrap();
                all_reading.wait();
                let basket = list["kettle"] + list["toaster"];
                println!("till {till}: basket costs {basket}");
            });
        }
    });

    // A write guard is exclusive: `&mut HashMap` for as long as it lives.
    prices.write().unwrap().insert("kettle", 2_499);
    println!("after the sale: {:?}", prices.read().unwrap().get("kettle"));
    // ANCHOR_END: rwlock
}
