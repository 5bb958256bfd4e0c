//! What the providers' wire formats share.

use serde::{Deserialize, Deserializer};

/// A field the vendor writes as a string in one place and a number in another (EVS error codes,
/// Tencent project ids and 2.0 creation times), read as text; null or absent is empty.
pub fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::String(text)) => text,
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        },
    )
}
