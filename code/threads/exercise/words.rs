//! The exercise's given helper: counting words on one thread. Leave this
//! file as it is; the tests use it as the reference your parallel version
//! must agree with.

use std::cell::Cell;
use std::collections::HashMap;

/// Whether `c` belongs to a word. A word is a maximal run of such characters.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

thread_local! {
    /// How many times `count_words` has run on the current thread.
    static CALLS_ON_THIS_THREAD: Cell<usize> = const { Cell::new(0) };
}

/// Counts the words of `text` on the calling thread.
///
/// Words are maximal runs of alphanumeric characters (see [`is_word_char`]),
/// compared in lower case: "Tide", "TIDE" and "tide" are one word.
/// Everything else (spaces, punctuation, line breaks) separates words.
///
/// ```
/// let counts = threads::words::count_words("Tide in, tide out.");
/// assert_eq!(counts["tide"], 2);
/// assert_eq!(counts.len(), 3);
/// ```
pub fn count_words(text: &str) -> HashMap<String, usize> {
    CALLS_ON_THIS_THREAD.set(CALLS_ON_THIS_THREAD.get() + 1);
    let mut counts = HashMap::new();
    for word in text.split(|c: char| !is_word_char(c)) {
        if !word.is_empty() {
            *counts.entry(word.to_lowercase()).or_insert(0) += 1;
        }
    }
    counts
}

/// How many times [`count_words`] has run on the thread that calls this.
///
/// Each thread has its own count (it is a thread-local), so a test can check
/// that the counting happened on other threads than its own.
pub fn calls_on_this_thread() -> usize {
    CALLS_ON_THIS_THREAD.get()
}
