//! How both emulators keep their state: a wall clock that never runs backwards, durations in
//! microseconds, and the store behind a lock.

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant, SystemTime};

/// Wall-clock time that never runs backwards: the wall clock at start plus monotonic time since.
pub struct Clock {
    start_micros: i64,
    started: Instant,
}

impl Clock {
    pub fn start() -> Self {
        let start_micros = match SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
            Ok(since) => micros(since),
            Err(before) => -micros(before.duration()),
        };
        Self {
            start_micros,
            started: Instant::now(),
        }
    }

    /// Now, in Unix microseconds.
    pub fn now_micros(&self) -> i64 {
        self.start_micros
            .saturating_add(micros(self.started.elapsed()))
    }
}

/// A duration in microseconds, saturating.
pub fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

/// A store behind a read-write lock.
pub struct Locked<T>(RwLock<T>);

impl<T> Locked<T> {
    pub fn new(store: T) -> Self {
        Self(RwLock::new(store))
    }

    // The stores' methods do not panic, so a lock poisoned by a panic elsewhere still guards
    // consistent data: it is used as it is.
    pub fn read(&self) -> RwLockReadGuard<'_, T> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, T> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_is_the_wall_clock_and_never_runs_backwards() {
        let clock = Clock::start();
        let wall = micros(
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap(),
        );
        let first = clock.now_micros();
        assert!((first - wall).abs() < 5_000_000, "{first} vs {wall}");
        assert!(clock.now_micros() >= first);
        assert_eq!(micros(Duration::from_millis(1500)), 1_500_000);
        assert_eq!(micros(Duration::MAX), i64::MAX);
    }

    #[test]
    fn a_poisoned_lock_still_serves() {
        let locked = std::sync::Arc::new(Locked::new(7));
        let poisoner = std::sync::Arc::clone(&locked);
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.write();
            panic!("poison the lock");
        })
        .join();
        assert_eq!(*locked.read(), 7);
        *locked.write() += 1;
        assert_eq!(*locked.read(), 8);
    }
}
