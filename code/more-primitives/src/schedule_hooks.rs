//! Test builds only (feature `schedule-hooks`, which the crate's tests turn
//! on): a per-thread hook that `Barrier::wait` runs right after it has
//! counted the caller's arrival.
//!
//! A barrier's hardest cases are schedules in which one thread stops for a
//! while at a particular point: the leader just after it has arrived,
//! while a caller for the next round comes in; or a waiter just after it
//! has arrived, while the round opens without it looking. On real threads
//! such a window is a few instructions wide, so a stress test almost never
//! hits it. The hook lets a test stop a thread there and decide when it
//! goes on, so the schedule is fixed instead of hoped for. Each thread sets
//! its own hook, so tests running side by side do not disturb each other.

use std::cell::RefCell;

type Hook = Box<dyn Fn(bool)>;

std::thread_local! {
    static AFTER_ARRIVAL: RefCell<Option<Hook>> = const { RefCell::new(None) };
}

/// Makes `Barrier::wait`, called on this thread, run `hook` right after
/// counting the arrival; the argument says whether this caller is the
/// round's leader.
pub fn set_after_arrival(hook: impl Fn(bool) + 'static) {
    AFTER_ARRIVAL.with(|slot| *slot.borrow_mut() = Some(Box::new(hook)));
}

pub(crate) fn run_after_arrival(leader: bool) {
    AFTER_ARRIVAL.with(|slot| {
        if let Some(hook) = &*slot.borrow() {
            hook(leader);
        }
    });
}
