//! What `send` and `recv` return once the other side of a channel is gone,
//! and the non-blocking `try_recv` and the bounded wait `recv_timeout`.
use std::sync::mpsc::{self, RecvError, RecvTimeoutError, TryRecvError};
use std::time::Duration;

fn main() {
    // ANCHOR: receiver_gone
    let (invoice_tx, invoice_rx) = mpsc::channel::<String>();
    drop(invoice_rx);
    // Nobody can ever receive it, so `send` fails and hands the value back.
    let err = invoice_tx.send("invoice 7781".to_string()).unwrap_err();
    let returned: String = err.0;
    println!("send failed, got back {returned:?}");
    // ANCHOR_END: receiver_gone

    // ANCHOR: senders_gone
    let (invoice_tx, invoice_rx) = mpsc::channel();
    invoice_tx.send("invoice 7782").unwrap();
    invoice_tx.send("invoice 7783").unwrap();
    drop(invoice_tx);
    // Disconnected, but what was sent is still delivered, in order...
    assert_eq!(invoice_rx.recv(), Ok("invoice 7782"));
    assert_eq!(invoice_rx.recv(), Ok("invoice 7783"));
    // ...and only then does `recv` report the hang-up, without blocking.
    assert_eq!(invoice_rx.recv(), Err(RecvError));
    println!("buffer drained, then recv returned Err(RecvError)");
    // ANCHOR_END: senders_gone

    // ANCHOR: non_blocking
    let (invoice_tx, invoice_rx) = mpsc::channel();
    assert_eq!(invoice_rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(
        invoice_rx.recv_timeout(Duration::from_millis(50)),
        Err(RecvTimeoutError::Timeout)
    );
    invoice_tx.send("invoice 7784").unwrap();
    assert_eq!(invoice_rx.try_recv(), Ok("invoice 7784"));
    drop(invoice_tx);
    assert_eq!(invoice_rx.try_recv(), Err(TryRecvError::Disconnected));
    println!("try_recv: Empty, then a value, then Disconnected");
    // ANCHOR_END: non_blocking
}
