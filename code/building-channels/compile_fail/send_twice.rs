// A sender used twice: `send(self)` consumed it the first time.
use building_channels::step4_arc_halves::channel;

fn main() {
    let (sender, receiver) = channel::<&str>();
    sender.send("order accepted");
    sender.send("order shipped");
    println!("{}", receiver.receive());
}
