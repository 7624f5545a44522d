// A page-view tally shared with a reporting thread through `Rc`.
// This must not compile: `Rc` is not `Send`.
use std::rc::Rc;
use std::thread;

fn main() {
    let page_views = Rc::new(vec![12, 40, 7]);
    let for_report = Rc::clone(&page_views);
    let report = thread::spawn(move || for_report.iter().sum::<u32>());
    println!("{} views, {} pages", report.join().unwrap(), page_views.len());
}
