//! An actor: one thread owns the stock counts and serves requests from a
//! channel. A request that needs an answer carries its own reply sender,
//! a fresh channel used once, and the client waits on its receiving end.
use std::collections::HashMap;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

// ANCHOR: messages
/// What clients can ask the stock keeper.
#[derive(Debug)]
pub enum Request {
    /// Add `crates` to the stock of `item`. Nobody waits for an answer.
    Restock { item: String, crates: u32 },
    /// Take `crates` of `item` if there are that many. The keeper answers
    /// on `reply`: `Ok(left)` after taking them, `Err(available)` if not.
    Take {
        item: String,
        crates: u32,
        reply: Sender<Result<u32, u32>>,
    },
}
// ANCHOR_END: messages

// ANCHOR: actor
/// Starts the keeper thread. It serves requests until every `Sender` of the
/// request channel is gone, then returns the final stock.
pub fn spawn_stock_keeper()
-> (Sender<Request>, JoinHandle<HashMap<String, u32>>) {
    let (requests, inbox) = mpsc::channel();
    let keeper = thread::spawn(move || {
        let mut stock: HashMap<String, u32> = HashMap::new();
        for request in inbox {
            match request {
                Request::Restock { item, crates } => {
                    *stock.entry(item).or_insert(0) += crates
                }
                Request::Take {
                    item,
                    crates,
                    reply,
                } => {
                    let available = stock.entry(item).or_insert(0);
                    // Check and update in one step: no other request can
                    // come between them, because this thread serves one
                    // request at a time.
                    let answer = if *available >= crates {
                        *available -= crates;
                        Ok(*available)
                    } else {
                        Err(*available)
                    };
                    // The client may have stopped waiting; that is its
                    // business, not a reason for the keeper to stop.
                    let _ = reply.send(answer);
                }
            }
        }
        stock
    });
    (requests, keeper)
}
// ANCHOR_END: actor

// ANCHOR: client
/// Asks the keeper for `crates` of `item` and waits for its answer.
pub fn take(
    keeper: &Sender<Request>,
    item: &str,
    crates: u32,
) -> Result<u32, u32> {
    let (reply, answer) = mpsc::channel();
    let request = Request::Take {
        item: item.to_string(),
        crates,
        reply,
    };
    keeper.send(request).expect("the keeper has stopped");
    answer
        .recv()
        .expect("the keeper dropped the request unanswered")
}
// ANCHOR_END: client

fn main() {
    // ANCHOR: main
    let (keeper, keeper_thread) = spawn_stock_keeper();
    keeper
        .send(Request::Restock {
            item: "toner".to_string(),
            crates: 10,
        })
        .unwrap();
    // Four packers want 3 crates each; there are 10.
    let answers: Vec<Result<u32, u32>> = thread::scope(|scope| {
        let packers: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| take(&keeper, "toner", 3)))
            .collect();
        packers.into_iter().map(|p| p.join().unwrap()).collect()
    });
    let served = answers.iter().filter(|a| a.is_ok()).count();
    let refused: Vec<_> = answers.iter().filter_map(|a| a.err()).collect();
    println!("{served} packers got 3 crates; refused with {refused:?} left");
    drop(keeper); // the last request sender: the keeper's loop ends
    let stock = keeper_thread.join().unwrap();
    println!("toner left in stock: {}", stock["toner"]);
    // ANCHOR_END: main
}
