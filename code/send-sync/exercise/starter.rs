//! The exercise (placeholder until the chapter is written).
