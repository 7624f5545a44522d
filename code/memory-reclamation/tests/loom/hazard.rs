//! Loom models of the hazard-pointer domain (being written).
