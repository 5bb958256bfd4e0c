//! "Now", ticking twice a minute, so ages such as "3 minutes ago" stay true on an open page
//! without re-rendering anything but those texts.

use std::time::Duration;

use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    now_ms: RwSignal<i64>,
}

impl Clock {
    pub fn provide() -> Self {
        let clock = Self {
            now_ms: RwSignal::new(now_ms()),
        };
        set_interval(move || clock.now_ms.set(now_ms()), Duration::from_secs(30));
        provide_context(clock);
        clock
    }

    /// Milliseconds since the epoch (tracked).
    pub fn now_ms(self) -> i64 {
        self.now_ms.get()
    }

    /// Milliseconds since the epoch of the last tick, untracked.
    pub fn now_ms_untracked(self) -> i64 {
        self.now_ms.get_untracked()
    }
}

pub fn use_clock() -> Clock {
    expect_context::<Clock>()
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
