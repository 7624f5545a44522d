// Sending moves the invoice into the channel; the sender cannot use it
// afterwards.
use std::sync::mpsc;
use std::thread;

struct Invoice {
    id: u64,
    lines: Vec<String>,
}

fn main() {
    let (invoice_tx, invoice_rx) = mpsc::channel::<Invoice>();
    let mailer = thread::spawn(move || {
        for invoice in invoice_rx {
            let lines = invoice.lines.len();
            println!("mailing invoice {} ({lines} lines)", invoice.id);
        }
    });

    let invoice = Invoice {
        id: 7781,
        lines: vec!["2 x paper, 1.50".to_string()],
    };
    invoice_tx.send(invoice).unwrap();
    println!("queued invoice {}", invoice.id);

    drop(invoice_tx);
    mailer.join().unwrap();
}
