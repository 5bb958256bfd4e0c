//! The console API's error type: one JSON shape, a fitting status, details in the log.
