//! A GET's flattened query (`DiskIds.0=…&Filters.0.Values.1=…&Limit=5`, as the official SDKs
//! send every action with `reqMethod="GET"`) turned back into the JSON object a POST carries,
//! so both reach the same parameter checks.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use shared::validate::excerpt;

use super::params::ApiError;

/// Parameters the CBS actions take as integers; a query carries them as text.
const INTEGERS: [&str; 2] = ["Offset", "Limit"];

/// Parameters taken as booleans. The Python SDK writes `True`/`False`, the others `true`/`false`.
const BOOLEANS: [&str; 5] = [
    "IsPermanent",
    "AutoStopInstance",
    "AutoStartInstance",
    "DeleteBindImages",
    "ReturnBindAutoSnapshotPolicy",
];

#[derive(Debug, Default)]
struct Node {
    text: Option<String>,
    children: BTreeMap<String, Node>,
}

/// `Name.N[.Sub[.M]]=value` pairs as one JSON object: numeric segments make arrays (in index
/// order), the others objects; the integer and boolean parameters get their JSON types.
pub fn unflatten(pairs: &[(String, String)]) -> Result<Value, ApiError> {
    let mut root = Node::default();
    for (key, value) in pairs {
        let mut node = &mut root;
        for part in key.split('.') {
            if part.is_empty() {
                return Err(unknown(key));
            }
            node = node.children.entry(part.to_owned()).or_default();
        }
        if node.text.is_some() || !node.children.is_empty() {
            return Err(ApiError::new(
                "InvalidParameter",
                format!("The parameter `{}` is given twice.", excerpt(key, 64)),
            ));
        }
        node.text = Some(value.clone());
    }
    let mut object = Map::new();
    for (name, node) in root.children {
        let value = match node.text.as_deref() {
            Some(text) if node.children.is_empty() => scalar(&name, text)?,
            _ => value(&name, node)?,
        };
        object.insert(name, value);
    }
    Ok(Value::Object(object))
}

fn scalar(name: &str, text: &str) -> Result<Value, ApiError> {
    if INTEGERS.contains(&name) {
        return text.parse::<u64>().map(Value::from).map_err(|_| {
            ApiError::new(
                "InvalidParameterValue",
                format!("`{name}` must be an integer, not `{}`.", excerpt(text, 32)),
            )
        });
    }
    if BOOLEANS.contains(&name) {
        return match text.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "`{name}` must be true or false, not `{}`.",
                    excerpt(text, 32)
                ),
            )),
        };
    }
    Ok(Value::String(text.to_owned()))
}

/// A nested parameter: an array (in index order) when every child is an index, else an object.
fn value(path: &str, node: Node) -> Result<Value, ApiError> {
    match node.text {
        Some(text) if node.children.is_empty() => return Ok(Value::String(text)),
        Some(_) => return Err(unknown(path)),
        None => {}
    }
    let mut indexed = Vec::new();
    for key in node.children.keys() {
        match key.parse::<u64>() {
            Ok(index) => indexed.push(index),
            Err(_) => break,
        }
    }
    if indexed.len() == node.children.len() {
        let mut items: Vec<(u64, Node)> = indexed
            .into_iter()
            .zip(node.children.into_values())
            .collect();
        items.sort_by_key(|(index, _)| *index);
        items
            .into_iter()
            .map(|(index, child)| value(&format!("{path}.{index}"), child))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    } else {
        let mut object = Map::new();
        for (key, child) in node.children {
            let child = value(&format!("{path}.{key}"), child)?;
            object.insert(key, child);
        }
        Ok(Value::Object(object))
    }
}

fn unknown(name: &str) -> ApiError {
    ApiError::new(
        "UnknownParameter",
        format!("The parameter `{}` is not recognized.", excerpt(name, 64)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn arrays_objects_and_typed_scalars() {
        let value = unflatten(&pairs(&[
            ("DiskIds.1", "disk-b"),
            ("DiskIds.0", "disk-a"),
            ("Filters.0.Name", "disk-usage"),
            ("Filters.0.Values.10", "z"),
            ("Filters.0.Values.2", "y"),
            ("Limit", "5"),
            ("AutoStopInstance", "True"),
            ("SnapshotName", "123"),
        ]))
        .unwrap();
        assert_eq!(
            value,
            json!({
                "DiskIds": ["disk-a", "disk-b"],
                "Filters": [{"Name": "disk-usage", "Values": ["y", "z"]}],
                "Limit": 5,
                "AutoStopInstance": true,
                "SnapshotName": "123",
            })
        );
    }

    #[test]
    fn refusals() {
        let code = |query: &[(&str, &str)]| unflatten(&pairs(query)).unwrap_err().code;
        assert_eq!(code(&[("Limit", "five")]), "InvalidParameterValue");
        assert_eq!(code(&[("IsPermanent", "yes")]), "InvalidParameterValue");
        assert_eq!(
            code(&[("DiskIds.0", "a"), ("DiskIds.0", "b")]),
            "InvalidParameter"
        );
        assert_eq!(
            code(&[("DiskIds", "a"), ("DiskIds.0", "b")]),
            "UnknownParameter"
        );
        assert_eq!(code(&[("DiskIds..0", "a")]), "UnknownParameter");
    }
}
