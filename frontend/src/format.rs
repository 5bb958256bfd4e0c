//! Small formatting rules: short ids and local times, without a date library.

use shared::time;

/// The first 8 characters of an id: enough to tell rows apart, short enough for a column.
pub fn short_id(id: &str) -> &str {
    match id.char_indices().nth(8) {
        Some((end, _)) => &id[..end],
        None => id,
    }
}

/// `YYYY-MM-DD HH:MM:SS` of `millis` since the epoch, shifted by `offset_minutes` east of UTC.
pub fn local_date_time(millis: i64, offset_minutes: i64) -> String {
    let micros = (millis + offset_minutes * 60_000) * 1000;
    let text = time::format_evs(micros);
    // `YYYY-MM-DDTHH:MM:SS.ffffff` → `YYYY-MM-DD HH:MM:SS`
    let (date, clock) = text.split_at(10);
    format!("{date} {}", clock.get(1..9).unwrap_or_default())
}

/// `UTC+08:00` for an offset in minutes east of UTC.
pub fn zone(offset_minutes: i64) -> String {
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let minutes = offset_minutes.abs();
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids() {
        assert_eq!(short_id("6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa"), "6cd26877");
        assert_eq!(short_id("snap-1"), "snap-1");
    }

    #[test]
    fn local_times_and_zones() {
        // 2013-02-25T04:13:17Z
        let millis = 1_361_765_597_000;
        assert_eq!(local_date_time(millis, 0), "2013-02-25 04:13:17");
        assert_eq!(local_date_time(millis, 480), "2013-02-25 12:13:17");
        assert_eq!(local_date_time(millis, -300), "2013-02-24 23:13:17");
        assert_eq!(zone(480), "UTC+08:00");
        assert_eq!(zone(-330), "UTC-05:30");
        assert_eq!(zone(0), "UTC+00:00");
    }
}
