//! The exercise, solved: word frequencies counted on scoped threads, one
//! chunk of the text each.

use std::collections::HashMap;
use std::thread;

use crate::words::{count_words, is_word_char};

// ANCHOR: split
/// Splits `text` into at most `parts` chunks for counting in parallel.
///
/// The chunks, concatenated in order, give back `text`; none is empty; no
/// boundary falls between two word characters, so no word is cut in two.
///
/// # Panics
///
/// If `parts` is 0.
pub fn split_into_chunks(text: &str, parts: usize) -> Vec<&str> {
    assert!(parts > 0, "cannot split a text into 0 chunks");
    let mut chunks = Vec::with_capacity(parts);
    let mut start = 0;
    for index in 1..=parts {
        // The even share of the text ends here...
        let mut end = (text.len() * index / parts).max(start);
        // ...but it may land inside a multi-byte character,
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // ...or inside a word: move on to the first non-word character.
        end += text[end..]
            .find(|c: char| !is_word_char(c))
            .unwrap_or(text.len() - end);
        if end > start {
            chunks.push(&text[start..end]);
            start = end;
        }
    }
    chunks
}
// ANCHOR_END: split

// ANCHOR: frequencies
/// Counts the words of `text`, like `count_words(text)`, using up to
/// `threads` scoped threads.
///
/// # Panics
///
/// If `threads` is 0, or if a counting thread panics.
pub fn word_frequencies(text: &str, threads: usize) -> HashMap<String, usize> {
    let chunks = split_into_chunks(text, threads);
    thread::scope(|scope| {
        // Spawn every thread first, and only then join: joining inside the
        // same iterator chain would wait for each thread before starting
        // the next, and the chunks would be counted one after another.
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| scope.spawn(move || count_words(chunk)))
            .collect();
        let mut total = HashMap::new();
        for handle in handles {
            let partial = handle.join().expect("a counting thread panicked");
            for (word, count) in partial {
                *total.entry(word).or_insert(0) += count;
            }
        }
        total
    })
}
// ANCHOR_END: frequencies
