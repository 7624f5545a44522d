//! Companion code for the chapter "Introduction".
