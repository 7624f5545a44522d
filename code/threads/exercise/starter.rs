//! The exercise: count word frequencies in parallel with scoped threads.
//!
//! The sequential version is given: `crate::words::count_words` counts the
//! words of a `&str` on the calling thread. Your job is to split a text into
//! chunks and count them on several threads at once:
//!
//! 1. `split_into_chunks`: cut the text into at most `parts` non-empty
//!    pieces of roughly equal size, without cutting through a word (or
//!    through a multi-byte character: slicing a `&str` there panics).
//! 2. `word_frequencies`: count each chunk with `count_words` on its own
//!    scoped thread (`std::thread::scope`), then merge the partial counts.
//!
//! Run the tests with `cargo test -p threads --test exercise`. To start
//! over, run `git restore code/threads/exercise/starter.rs`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the arguments are unused. Delete this line once you are
// done.
#![allow(unused_variables)]

use std::collections::HashMap;

#[allow(unused_imports)] // You will need these.
use crate::words::{count_words, is_word_char};

/// Splits `text` into at most `parts` chunks for counting in parallel.
///
/// The chunks, concatenated in order, give back `text` exactly. None is
/// empty, so an empty text gives no chunks at all. No chunk boundary falls
/// between two word characters ([`is_word_char`]), so every word lies whole
/// inside one chunk. Aim for `text.len() / parts` bytes per chunk: put each
/// cut at its even share of the text, then move it forward past the end of
/// the word it lands in. A chunk may come out longer by up to one word, and
/// there may be fewer than `parts` chunks if the words are few and long.
///
/// # Panics
///
/// If `parts` is 0.
pub fn split_into_chunks(text: &str, parts: usize) -> Vec<&str> {
    todo!("split_into_chunks: cut the text into chunks that keep words whole")
}

/// Counts the words of `text`, like `count_words(text)`, using up to
/// `threads` threads.
///
/// Split the text with [`split_into_chunks`], count each chunk with
/// `count_words` on a scoped thread of its own, and add the partial counts
/// together. The calling thread only splits, spawns, joins and merges; it
/// counts nothing itself.
///
/// # Panics
///
/// If `threads` is 0.
pub fn word_frequencies(text: &str, threads: usize) -> HashMap<String, usize> {
    todo!("word_frequencies: count the chunks on scoped threads and merge")
}
