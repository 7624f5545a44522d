//! Companion code for the chapter "Lock-free structures": the
//! Michael-Scott queue on epoch-based reclamation, a wait-free SPSC ring
//! buffer, Vyukov's bounded MPMC queue and a concurrent hash map with
//! open addressing, each built in numbered steps.

mod sync;

pub mod map_step1_insert_get;
pub mod map_step2_remove;
pub mod map_step3_grow;
pub mod mpmc_step1;
pub mod mpmc_step2_padded;
pub mod ms_queue_step1_leaky;
pub mod ms_queue_step2_epoch;
pub mod spsc_step1;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
