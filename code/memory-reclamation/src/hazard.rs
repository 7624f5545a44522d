//! Hazard pointers (being written).
