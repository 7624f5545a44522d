// A thread that returns `Result<_, Box<dyn Error>>`. This must not compile:
// the result travels back through `join`, and `dyn Error` says nothing about
// `Send`.
use std::error::Error;
use std::thread;

fn parse_prices(text: &str) -> Result<Vec<u32>, Box<dyn Error>> {
    let mut prices = Vec::new();
    for field in text.split(',') {
        prices.push(field.trim().parse()?);
    }
    Ok(prices)
}

fn main() {
    let text = String::from("120, 95, 310");
    let parser = thread::spawn(move || parse_prices(&text));
    println!("{:?}", parser.join().unwrap());
}
