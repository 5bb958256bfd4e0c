//! Times in the browser's zone, with their age ("3 days ago").

use leptos::prelude::*;
use shared::snapshot::Timestamp;
use shared::time;

use crate::components::clock::use_clock;
use crate::components::i18n::{tr, use_i18n};
use crate::format;
use crate::i18n::Key;

/// Minutes east of UTC in the browser's zone at that moment (daylight saving varies it).
pub fn offset_minutes(millis: i64) -> i64 {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    -(date.get_timezone_offset() as i64)
}

/// Local date and time, the zone on request, and the age beneath; the UTC original in a
/// tooltip. A time that did not parse is shown as the cloud wrote it.
#[component]
pub fn LocalTime(stamp: Option<Timestamp>, #[prop(optional)] with_zone: bool) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let Some(stamp) = stamp else {
        return view! { <span class="muted">{tr(Key::Never)}</span> }.into_any();
    };
    let Some(millis) = stamp.unix_millis() else {
        return view! { <span>{stamp.as_str().to_owned()}</span> }.into_any();
    };
    let offset = offset_minutes(millis);
    let local = format::local_date_time(millis, offset);
    let shown = if with_zone {
        format!("{local} {}", format::zone(offset))
    } else {
        local
    };
    let utc = format!("{} UTC", stamp.as_str());
    view! {
        <span class="time">
            <time datetime=format!("{}Z", stamp.as_str()) title=utc>{shown}</time>
            <span class="age">{move || i18n.lang().age(time::age(clock.now_ms(), millis))}</span>
        </span>
    }
    .into_any()
}
