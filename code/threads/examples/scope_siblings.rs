//! More of the scoped-thread API: naming a scoped thread with
//! `Builder::spawn_scoped`, and spawning a sibling from inside a scoped
//! thread through the `&Scope` it captured.
use std::sync::Mutex;
use std::thread;

fn main() {
    let readings: Vec<u64> =
        (0..1_000).map(|second| 200 + second % 97).collect();
    let report = Mutex::new(Vec::new());

    // ANCHOR: siblings
    thread::scope(|scope| {
        // `Builder::spawn_scoped` is `Scope::spawn` with a name and a stack
        // size, and it returns an `io::Result` instead of panicking.
        thread::Builder::new()
            .name("summer".to_string())
            .spawn_scoped(scope, || {
                let (first, second) = readings.split_at(readings.len() / 2);
                // `scope` is a `&Scope`, which is `Copy` and `Send`, so this
                // thread can start a sibling that borrows from `main` too.
                let helper = scope.spawn(|| second.iter().sum::<u64>());
                let total = first.iter().sum::<u64>() + helper.join().unwrap();
                let me = thread::current();
                report.lock().unwrap().push(format!(
                    "{}: total {total}",
                    me.name().unwrap_or("?")
                ));
            })
            .expect("the OS could not create the summer thread");
    });
    // ANCHOR_END: siblings
    let report = report.into_inner().unwrap();
    for line in &report {
        println!("{line}");
    }
    // The two halves add up to the whole, or the program fails.
    assert_eq!(
        report,
        [format!("summer: total {}", readings.iter().sum::<u64>())]
    );
}
