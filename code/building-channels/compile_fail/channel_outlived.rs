// Halves borrow their channel, so they cannot outlive it.
use building_channels::step5_borrowed::{Channel, Receiver};

fn receiver_for_later() -> Receiver<'static, u32> {
    let mut channel = Channel::new();
    let (sender, receiver) = channel.split();
    sender.send(42);
    receiver
}

fn main() {
    println!("{}", receiver_for_later().receive());
}
