//! Request ids and the layers every request passes through.
