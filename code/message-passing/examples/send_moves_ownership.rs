//! Sending a value moves it: the sender keeps what it copied out first, and
//! the receiver owns the value, so it can change it without a lock.
use std::sync::mpsc;
use std::thread;

#[derive(Debug)]
struct Invoice {
    id: u64,
    lines: Vec<String>,
}

fn main() {
    // ANCHOR: fixed
    let (invoice_tx, invoice_rx) = mpsc::channel::<Invoice>();
    let mailer = thread::spawn(move || {
        for mut invoice in invoice_rx {
            // This thread owns the invoice now: no lock, no one else to see it.
            invoice.lines.push("thank you for your order".to_string());
            println!(
                "mailing invoice {} ({} lines)",
                invoice.id,
                invoice.lines.len()
            );
        }
    });

    let invoice = Invoice {
        id: 7781,
        lines: vec!["2 x paper, 1.50".to_string()],
    };
    let id = invoice.id; // copy out what we still need...
    invoice_tx.send(invoice).unwrap(); // ...then give the invoice away
    println!("queued invoice {id}");

    drop(invoice_tx);
    mailer.join().unwrap();
    // ANCHOR_END: fixed
}
