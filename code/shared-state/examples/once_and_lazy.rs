//! One-time initialisation shared by threads: `LazyLock` runs the closure
//! it was built with on first use; `OnceLock` is filled by whoever gets
//! there first, with a value computed at that point.

use std::collections::HashMap;
use std::process;
use std::sync::{LazyLock, OnceLock};
use std::thread;

const USAGE: &str = "\
usage: once_and_lazy [DEPOT]
  DEPOT  the warehouse's name (default: north)";

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

/// The depot's name from the command line: something only `main` knows.
/// `--help` prints the usage and exits with status 0; a bad argument
/// prints the usage and the argument, and exits with status 2.
fn depot_from_args() -> String {
    let mut args = std::env::args().skip(1);
    let depot = match args.next() {
        None => return String::from("north"),
        Some(arg) if arg == "-h" || arg == "--help" => {
            println!("{USAGE}");
            process::exit(0);
        }
        Some(arg) if arg.starts_with('-') => bad_argument(&arg),
        Some(depot) => depot,
    };
    if let Some(extra) = args.next() {
        bad_argument(&extra);
    }
    depot
}

fn bad_argument(argument: &str) -> ! {
    eprintln!("{USAGE}\nonce_and_lazy: unexpected argument {argument:?}");
    process::exit(2);
}

fn main() {
    // ANCHOR: main
    let name = depot_from_args(); // stands in for a config file
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
