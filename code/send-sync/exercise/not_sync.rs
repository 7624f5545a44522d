// Two scoped threads share one `HitCounter`. `record` writes through
// `&self`, so this must not compile: `HitCounter` is `Send`, not `Sync`.
use send_sync::exercise::HitCounter;
use std::thread;

fn main() {
    let hits = HitCounter::new();
    thread::scope(|scope| {
        scope.spawn(|| hits.record("/"));
        scope.spawn(|| hits.record("/about"));
    });
    println!("{} hits", hits.total());
}
