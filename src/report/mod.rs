//! Human-readable output.
