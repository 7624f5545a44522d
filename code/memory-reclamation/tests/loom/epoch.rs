//! Loom models of the epoch collector (being written).
