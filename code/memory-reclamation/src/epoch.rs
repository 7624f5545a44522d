//! Epoch-based reclamation (being written).
