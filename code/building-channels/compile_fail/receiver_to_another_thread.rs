// The parking receiver must stay on the thread that called `split`.
use std::thread;

use building_channels::step6_park::Channel;

fn main() {
    let mut channel = Channel::new();
    thread::scope(|scope| {
        let (sender, receiver) = channel.split();
        scope.spawn(move || println!("{}", receiver.receive()));
        sender.send(String::from("invoice #1042"));
    });
}
