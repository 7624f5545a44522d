// A job queue whose jobs are `Box<dyn FnOnce()>`. This must not compile: a
// trait object has only the auto traits its type names, so the compiler
// cannot know that the closures behind it may move to the worker thread.
use std::sync::mpsc;
use std::thread;

type Job = Box<dyn FnOnce()>;

fn main() {
    let (jobs, queue) = mpsc::channel::<Job>();
    let worker = thread::spawn(move || {
        for job in queue {
            job();
        }
    });
    jobs.send(Box::new(|| println!("resizing photo 1"))).unwrap();
    drop(jobs);
    worker.join().unwrap();
}
