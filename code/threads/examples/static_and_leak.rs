//! Two ways to give threads `'static` data without `Arc`: a `static`, and a
//! value built at run time and leaked with `Box::leak`.
use std::collections::HashMap;
use std::thread;

// ANCHOR: static
/// Known at compile time, stored in the binary, alive for the whole run.
static OPENING_HOURS: [(&str, u8, u8); 3] =
    [("mon", 8, 18), ("sat", 9, 13), ("sun", 0, 0)];
// ANCHOR_END: static

// ANCHOR: leak
/// Built at run time, then leaked: the memory is never freed, so the
/// reference is valid for the rest of the program, which is what `'static`
/// asks for.
fn load_tariffs() -> &'static HashMap<&'static str, u32> {
    let tariffs = HashMap::from([
        ("standard", 250),
        ("express", 900),
        ("overnight", 1400),
    ]);
    Box::leak(Box::new(tariffs))
}
// ANCHOR_END: leak

// ANCHOR: main
fn main() {
    let tariffs = load_tariffs();
    let handles: Vec<_> = ["standard", "overnight"]
        .into_iter()
        .map(|service| {
            // `tariffs` is a `&'static HashMap`: a shared reference, `Copy`,
            // so each closure gets its own copy of the pointer. No `Arc`,
            // no clone of the map.
            thread::spawn(move || {
                let open_days = OPENING_HOURS
                    .iter()
                    .filter(|(_, from, to)| to > from)
                    .count();
                format!(
                    "{service}: {} cents, {open_days} days a week",
                    tariffs[service]
                )
            })
        })
        .collect();
    for handle in handles {
        println!("{}", handle.join().unwrap());
    }
}
// ANCHOR_END: main
