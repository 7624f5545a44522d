//! The exercise, solved: step 1's ring, with each side caching the other
//! side's index and loading it only when the cache says full (producer)
//! or empty (consumer).

use crate::sync::Ordering;

// The types the starter and the solution share.
#[path = "ring.rs"]
mod ring;

pub use ring::{Consumer, Producer, ring};

// ANCHOR: push
impl<T> Producer<T> {
    /// Appends `value`, or hands it back if the ring is full. Wait-free:
    /// at most two loads, one slot write and one store, and usually one
    /// load fewer.
    pub fn try_push(&self, value: T) -> Result<(), T> {
        // Relaxed: our own index; only this thread stores to it.
        let tail = self.tail().load(Ordering::Relaxed);
        if tail.wrapping_sub(self.cached_head.get()) == self.capacity() {
            // The cache says full. It may be stale: the consumer may have
            // popped since. Acquire: synchronises with the consumer's
            // Release store of this `head`, so its reads of the slots it
            // freed happen before our writes into them, this one and the
            // later ones the cache lets through without a load.
            let head = self.head().load(Ordering::Acquire);
            self.cached_head.set(head);
            if tail.wrapping_sub(head) == self.capacity() {
                return Err(value);
            }
        }
        // SAFETY: `tail - cached_head < capacity`, and the real `head` is
        // at `cached_head` or past it, so value `tail - capacity`, the
        // slot's last occupant, was popped; the Acquire load that gave us
        // `cached_head` (this call's or an earlier one's: program order
        // carries it) orders that read before this write. The consumer
        // reads only slots below `tail`, which moves only by our store.
        self.slot(tail)
            .with_mut(|slot| unsafe { (*slot).write(value) });
        // Release: the consumer's Acquire load of `tail` that reads this
        // value makes our write of the slot happen before its read.
        self.tail().store(tail.wrapping_add(1), Ordering::Release);
        Ok(())
    }
}
// ANCHOR_END: push

// ANCHOR: pop
impl<T> Consumer<T> {
    /// Takes the oldest value, or `None` if the ring is empty. Wait-free:
    /// at most two loads, one slot read and one store.
    pub fn try_pop(&self) -> Option<T> {
        // Relaxed: our own index; only this thread stores to it.
        let head = self.head().load(Ordering::Relaxed);
        if head == self.cached_tail.get() {
            // The cache says empty; the producer may have pushed since.
            // Acquire: synchronises with the producer's Release store of
            // this `tail`, so its writes of every slot below it happen
            // before our reads of them, now and on later cached pops.
            let tail = self.tail().load(Ordering::Acquire);
            self.cached_tail.set(tail);
            if head == tail {
                return None;
            }
        }
        // SAFETY: `head < cached_tail <= tail`, so the producer wrote
        // value `head`, and the Acquire load that gave us `cached_tail`
        // orders that write before this read. The producer does not write
        // this slot again until our store below frees it. We move the
        // value out (`MaybeUninit<T>` is laid out as `T`, so the cast
        // pointer reads the `T`); the slot counts as empty from then on.
        let value = self
            .slot(head)
            .with(|slot| unsafe { slot.cast::<T>().read() });
        // Release: the producer's Acquire load of `head` that reads this
        // value makes our read of the slot happen before its next write.
        self.head().store(head.wrapping_add(1), Ordering::Release);
        Some(value)
    }
}
// ANCHOR_END: pop
