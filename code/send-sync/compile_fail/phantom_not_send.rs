// A session handle opted out of `Send` with a `PhantomData` marker.
// This must not compile: the marker makes the handle `!Send`.
use std::marker::PhantomData;
use std::thread;

struct GuiSession {
    window_title: String,
    _not_send: PhantomData<*const ()>,
}

impl GuiSession {
    fn title(&self) -> &str {
        &self.window_title
    }
}

fn main() {
    let session = GuiSession {
        window_title: String::from("Inventory"),
        _not_send: PhantomData,
    };
    let worker = thread::spawn(move || session.title().len());
    println!("{} characters", worker.join().unwrap());
}
