//! The exercise's tests. Run them with
//! `cargo test -p threads --test exercise`.
//!
//! `word_frequencies` must agree with the sequential `count_words` on every
//! text and for every number of threads; `split_into_chunks` must cut the
//! text without cutting a word.

use std::collections::HashMap;
use threads::exercise::{split_into_chunks, word_frequencies};
use threads::words::{calls_on_this_thread, count_words, is_word_char};

/// The text shipped with the exercise: about 3 KB of harbour log.
const HARBOUR_LOG: &str = include_str!("../exercise/text.txt");

/// Checks the promises of `split_into_chunks` for one text and one `parts`.
fn check_chunks(text: &str, parts: usize) -> Vec<&str> {
    let chunks = split_into_chunks(text, parts);
    assert!(
        chunks.len() <= parts,
        "{} chunks for {parts} parts",
        chunks.len()
    );
    assert_eq!(chunks.concat(), text, "the chunks must add up to the text");
    for (index, chunk) in chunks.iter().enumerate() {
        assert!(!chunk.is_empty(), "chunk {index} of {parts} is empty");
    }
    for pair in chunks.windows(2) {
        let before = pair[0].chars().next_back();
        let after = pair[1].chars().next();
        let cuts_a_word =
            before.is_some_and(is_word_char) && after.is_some_and(is_word_char);
        assert!(
            !cuts_a_word,
            "a cut between {:?} and {:?} splits a word",
            pair[0], pair[1]
        );
    }
    chunks
}

#[test]
fn chunks_cover_the_text_without_cutting_words() {
    for parts in 1..=12 {
        check_chunks(HARBOUR_LOG, parts);
    }
}

#[test]
fn chunks_are_roughly_even() {
    let longest_word = HARBOUR_LOG
        .split(|c: char| !is_word_char(c))
        .map(str::len)
        .max()
        .unwrap();
    for parts in 1..=8 {
        let chunks = check_chunks(HARBOUR_LOG, parts);
        assert_eq!(
            chunks.len(),
            parts,
            "a 3 KB text has room for {parts} chunks"
        );
        let share = HARBOUR_LOG.len().div_ceil(parts);
        for chunk in chunks {
            assert!(
                chunk.len() <= share + longest_word,
                "a chunk of {} bytes is far over the even share of {share}",
                chunk.len()
            );
        }
    }
}

#[test]
fn a_word_across_the_middle_stays_whole() {
    // The even cut for 2 parts lands inside "lighthousekeeping".
    let text = "tide lighthousekeeping tide";
    let chunks = check_chunks(text, 2);
    assert!(chunks.iter().any(|c| c.contains("lighthousekeeping")));
    let counts = word_frequencies(text, 2);
    assert_eq!(counts, count_words(text));
    assert_eq!(counts.get("lighthousekeeping"), Some(&1));
    assert_eq!(counts.get("lighthouse"), None);
}

#[test]
fn multi_byte_characters_are_never_split() {
    // Every character here is two or three bytes long, so most even cuts
    // land inside a character.
    let text = "ÉTÉ été café façade naïve über Ärger ぶい ぶい ぶい";
    for parts in 1..=text.len() + 1 {
        check_chunks(text, parts);
        assert_eq!(word_frequencies(text, parts), count_words(text));
    }
}

#[test]
fn agrees_with_the_sequential_count() {
    let expected = count_words(HARBOUR_LOG);
    for threads in [1, 2, 3, 4, 7] {
        assert_eq!(
            word_frequencies(HARBOUR_LOG, threads),
            expected,
            "with {threads} threads"
        );
    }
}

#[test]
fn knows_its_words() {
    let counts = word_frequencies(HARBOUR_LOG, 4);
    // "The", "the" and "THE" are one word; "north-east" is two.
    assert_eq!(counts["the"], count_words(HARBOUR_LOG)["the"]);
    assert!(counts["the"] > 50);
    assert_eq!(counts["north"], 1);
    assert_eq!(counts["east"], 1);
    assert_eq!(counts["café"], 1);
    assert_eq!(counts["albert"], 2);
}

#[test]
fn an_empty_text_has_no_words() {
    assert!(split_into_chunks("", 3).is_empty());
    for threads in [1, 2, 5] {
        assert_eq!(word_frequencies("", threads), HashMap::new());
    }
}

#[test]
fn fewer_words_than_threads() {
    let text = "Low tide.";
    let expected =
        HashMap::from([("low".to_string(), 1), ("tide".to_string(), 1)]);
    for threads in [2, 3, 7, 16] {
        check_chunks(text, threads);
        assert_eq!(word_frequencies(text, threads), expected);
    }
}

#[test]
fn only_separators() {
    let text = " ,.;\n-- !";
    for threads in [1, 2, 4] {
        check_chunks(text, threads);
        assert!(word_frequencies(text, threads).is_empty());
    }
}

#[test]
fn the_caller_counts_nothing_itself() {
    // `count_words` keeps a per-thread (thread-local) tally of its calls.
    // With two or more threads, all counting happens on spawned threads, so
    // the tally of the test's own thread does not move.
    let before = calls_on_this_thread();
    word_frequencies(HARBOUR_LOG, 4);
    assert_eq!(calls_on_this_thread(), before);
}
