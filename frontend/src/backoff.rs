//! The polling schedule for snapshots in a transitional status: 2.5 s, 5 s, 10 s, 20 s, then
//! every 30 s. Backing off keeps a page left open from hammering the cloud's API.

/// The first wait, in milliseconds.
pub const FIRST_MS: u32 = 2_500;
/// The longest wait, in milliseconds.
pub const CAP_MS: u32 = 30_000;

/// Yields the successive waits between polls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backoff {
    attempt: u32,
}

impl Backoff {
    pub fn new() -> Self {
        Self::default()
    }

    /// The wait before the next poll; each call doubles it up to [`CAP_MS`].
    pub fn next_delay_ms(&mut self) -> u32 {
        let factor = 1u32.checked_shl(self.attempt).unwrap_or(u32::MAX);
        self.attempt = self.attempt.saturating_add(1);
        FIRST_MS.saturating_mul(factor).min(CAP_MS)
    }

    /// Starts again from the first wait (new rows to follow).
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_then_caps() {
        let mut backoff = Backoff::new();
        let delays: Vec<u32> = (0..8).map(|_| backoff.next_delay_ms()).collect();
        assert_eq!(
            delays,
            [2_500, 5_000, 10_000, 20_000, 30_000, 30_000, 30_000, 30_000]
        );
    }

    #[test]
    fn never_overflows_and_resets() {
        let mut backoff = Backoff::new();
        for _ in 0..100 {
            assert!(backoff.next_delay_ms() <= CAP_MS);
        }
        backoff.reset();
        assert_eq!(backoff.next_delay_ms(), FIRST_MS);
    }
}
