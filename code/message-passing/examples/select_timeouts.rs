//! `select!` over several crossbeam channels, with a ticker, a deadline and
//! `never()` to switch an arm off.
use crossbeam_channel::{Receiver, after, never, select, tick, unbounded};
use std::thread;
use std::time::Duration;

fn main() {
    // ANCHOR: select
    let (order_tx, orders) = unbounded::<u32>();
    let (cancel_tx, cancellations) = unbounded::<u32>();
    thread::spawn(move || {
        for id in 1..=4 {
            order_tx.send(id).unwrap();
            thread::sleep(Duration::from_millis(40));
        }
        cancel_tx.send(3).unwrap();
        // Both senders are dropped here: both channels disconnect.
    });

    let heartbeat = tick(Duration::from_millis(100));
    let deadline = after(Duration::from_millis(900));
    // `None` while we still listen; `never()` once a channel is finished,
    // because a disconnected channel is always "ready" (with an `Err`).
    let mut orders_open: Option<Receiver<u32>> = Some(orders);
    let mut cancels_open: Option<Receiver<u32>> = Some(cancellations);

    loop {
        let orders_arm = orders_open.clone().unwrap_or_else(never);
        let cancels_arm = cancels_open.clone().unwrap_or_else(never);
        select! {
            recv(orders_arm) -> msg => match msg {
                Ok(id) => println!("new order {id}"),
                Err(_) => orders_open = None,
            },
            recv(cancels_arm) -> msg => match msg {
                Ok(id) => println!("order {id} cancelled"),
                Err(_) => cancels_open = None,
            },
            recv(heartbeat) -> _ => println!("heartbeat"),
            recv(deadline) -> _ => {
                println!("deadline reached");
                break;
            }
        }
        if orders_open.is_none() && cancels_open.is_none() {
            println!("both channels closed");
            break;
        }
    }
    // ANCHOR_END: select
}
