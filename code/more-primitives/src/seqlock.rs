//! A sequence lock. Writers make the sequence number odd, write,
//! and make it even again; readers copy the data without taking any lock
//! and retry if the number was odd or changed. The data lives in atomic
//! words, so a reader that overlaps a writer reads stale or mixed words,
//! never racing on plain memory.

use crate::sync::{AtomicU32, Ordering, fence, spin_hint};

// ANCHOR: data
/// A value a [`SeqLock`] can hold: a `Copy` type that converts to and from
/// `N` 32-bit words.
pub trait SeqData<const N: usize>: Copy {
    /// The value's words.
    fn to_words(self) -> [u32; N];
    /// The value back from words that `to_words` produced.
    fn from_words(words: [u32; N]) -> Self;
}
// ANCHOR_END: data

// ANCHOR: seqlock
/// A sequence lock over a `T` stored as `N` atomic words.
#[derive(Debug)]
pub struct SeqLock<T, const N: usize> {
    /// Even: no write in progress. Odd: a writer is between its two bumps.
    sequence: AtomicU32,
    words: [AtomicU32; N],
    _value: std::marker::PhantomData<T>,
}

impl<T: SeqData<N>, const N: usize> SeqLock<T, N> {
    /// A sequence lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            sequence: AtomicU32::new(0),
            words: value.to_words().map(AtomicU32::new),
            _value: std::marker::PhantomData,
        }
    }

    /// Replaces the value. Writers exclude each other by spinning, so a
    /// sequence lock suits data that is written rarely or by one thread.
    pub fn write(&self, value: T) {
        // Claim the writer's role: turn an even sequence odd.
        let mut sequence = self.sequence.load(Ordering::Relaxed);
        loop {
            if sequence % 2 == 1 {
                spin_hint();
                sequence = self.sequence.load(Ordering::Relaxed);
                continue;
            }
            match self.sequence.compare_exchange_weak(
                sequence,
                sequence.wrapping_add(1),
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => sequence = now,
            }
        }
        // A reader that sees any of the stores below must also see the
        // odd sequence: this fence pairs with the reader's acquire fence.
        fence(Ordering::Release);
        for (word, new) in self.words.iter().zip(value.to_words()) {
            word.store(new, Ordering::Relaxed);
        }
        // Even again; publishes the words to readers that load this.
        self.sequence
            .store(sequence.wrapping_add(2), Ordering::Release);
    }

    /// Copies the value out, retrying while a write overlaps the copy.
    /// Never blocks a writer.
    pub fn read(&self) -> T {
        loop {
            let before = self.sequence.load(Ordering::Acquire);
            if before % 2 == 1 {
                spin_hint();
                continue;
            }
            let words =
                std::array::from_fn(|i| self.words[i].load(Ordering::Relaxed));
            // Keeps the word loads above the second sequence load.
            fence(Ordering::Acquire);
            let after = self.sequence.load(Ordering::Relaxed);
            if before == after {
                return T::from_words(words);
            }
        }
    }
}
// ANCHOR_END: seqlock
