//! One-time initialisation shared by threads: `LazyLock` runs the closure
//! it was built with on first use; `OnceLock` is filled by whoever gets
//! there first, with a value computed at that point.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};
use std::thread;

// ANCHOR: lazy
/// Built on first access, by whichever thread gets there first; the others
/// block until it is ready, then all share the same map.
static TAX_RATES: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    println!("building the tax table (once)");
    HashMap::from([("books", 0), ("kettles", 20), ("food", 5)])
});
// ANCHOR_END: lazy

// ANCHOR: once
/// Set at run time from something only `main` knows.
static WAREHOUSE_NAME: OnceLock<String> = OnceLock::new();
// ANCHOR_END: once

fn main() {
    // ANCHOR: main
    let name = std::env::args().count().to_string(); // stands in for a config file
    WAREHOUSE_NAME
        .set(format!("depot-{name}"))
        .expect("set only once");

    thread::scope(|scope| {
        for category in ["books", "kettles", "food"] {
            scope.spawn(move || {
                let rate = TAX_RATES[category];
                let depot = WAREHOUSE_NAME.get().unwrap();
                println!("{depot}: {category} taxed at {rate}%");
            });
        }
    });

    // A second `set` fails and hands the value back; `get_or_init` returns
    // the value already there and ignores its closure.
    assert!(WAREHOUSE_NAME.set(String::from("depot-x")).is_err());
    let name = WAREHOUSE_NAME.get_or_init(|| unreachable!());
    println!("still {name}");
    // ANCHOR_END: main
}
