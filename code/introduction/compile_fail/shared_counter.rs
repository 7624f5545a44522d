// Two threads add to one plain counter through the same `&mut`. In C this
// compiles and is a data race; Rust refuses to compile it.
use std::thread;

fn main() {
    let mut page_views: u64 = 0;

    thread::scope(|scope| {
        scope.spawn(|| {
            for _ in 0..1000 {
                page_views += 1;
            }
        });
        scope.spawn(|| {
            for _ in 0..1000 {
                page_views += 1;
            }
        });
    });

    println!("{page_views} page views");
}
