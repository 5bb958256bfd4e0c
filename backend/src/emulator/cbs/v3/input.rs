//! The parameters of an API 3.0 call as one JSON object, from a POST's JSON body or from a
//! GET's flattened query (`DiskIds.0=…&Filters.0.Values.1=…&Limit=5`, as the official SDKs
//! send any action with `reqMethod="GET"`), and the one reader that checks them for an action.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use shared::validate::excerpt;

use super::params::ApiError;
use crate::cloud::cbs::wire::Action;

/// (parameters the action takes, the ones it requires)
fn parameters(action: Action) -> (&'static [&'static str], &'static [&'static str]) {
    match action {
        Action::DescribeSnapshots => (
            &[
                "SnapshotIds",
                "Filters",
                "Offset",
                "Limit",
                "Order",
                "OrderField",
            ],
            &[],
        ),
        Action::DescribeDisks => (
            &[
                "DiskIds",
                "Filters",
                "Offset",
                "Limit",
                "ReturnBindAutoSnapshotPolicy",
                "Order",
                "OrderField",
            ],
            &[],
        ),
        Action::CreateSnapshot => (
            &["DiskId", "SnapshotName", "Deadline", "DiskBackupId", "Tags"],
            &["DiskId"],
        ),
        Action::ModifySnapshotAttribute => (
            &["SnapshotId", "SnapshotName", "IsPermanent", "Deadline"],
            &["SnapshotId"],
        ),
        Action::DeleteSnapshots => (&["SnapshotIds", "DeleteBindImages"], &["SnapshotIds"]),
        Action::ApplySnapshot => (
            &[
                "SnapshotId",
                "DiskId",
                "AutoStopInstance",
                "AutoStartInstance",
            ],
            &["SnapshotId", "DiskId"],
        ),
    }
}

/// A POST's JSON body (empty: no parameters).
pub fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    let body = if body.is_empty() {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|error| {
        ApiError::new(
            "InvalidParameter",
            format!("The request body is not valid JSON: {error}."),
        )
    })
}

/// The parameters as `action`'s request: a JSON object with only the parameters the action
/// takes, the required ones present, each filter named, every value of the right type.
pub fn read<T: DeserializeOwned>(action: Action, value: &Value) -> Result<T, ApiError> {
    let object = value.as_object().ok_or_else(|| {
        ApiError::new(
            "InvalidParameter",
            "The request body must be a JSON object.",
        )
    })?;
    let (known, required) = parameters(action);
    if let Some(name) = object.keys().find(|key| !known.contains(&key.as_str())) {
        return Err(unknown(name));
    }
    if let Some(name) = required
        .iter()
        .find(|name| object.get(**name).is_none_or(Value::is_null))
    {
        return Err(ApiError::new(
            "MissingParameter",
            format!("The request is missing a required parameter `{name}`."),
        ));
    }
    let filters = object.get("Filters").and_then(Value::as_array);
    if let Some(n) = filters
        .into_iter()
        .flatten()
        .position(|filter| filter.is_object() && filter.get("Name").is_none())
    {
        return Err(ApiError::new(
            "MissingParameter",
            format!("The parameter `Filters.{n}.Name` is missing."),
        ));
    }
    T::deserialize(value).map_err(|error| ApiError::new("InvalidParameter", format!("{error}.")))
}

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
            Some(text) if node.children.is_empty() => scalar(&name, text),
            Some(_) => return Err(unknown(&name)),
            None => list(&name, node)?,
        };
        object.insert(name, value);
    }
    Ok(Value::Object(object))
}

/// A top-level value with its JSON type; one that does not parse stays text, so the reader
/// refuses its type as it would in a JSON body.
fn scalar(name: &str, text: &str) -> Value {
    if INTEGERS.contains(&name) {
        if let Ok(number) = text.parse::<u64>() {
            return Value::from(number);
        }
    }
    if BOOLEANS.contains(&name) {
        match text.to_ascii_lowercase().as_str() {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => {}
        }
    }
    Value::String(text.to_owned())
}

/// A parameter written `Name.N…`: a list, in index order.
fn list(name: &str, node: Node) -> Result<Value, ApiError> {
    let mut items = Vec::new();
    for (key, child) in node.children {
        let index = key
            .parse::<u64>()
            .map_err(|_| unknown(&format!("{name}.{key}")))?;
        items.push((index, child));
    }
    items.sort_by_key(|(index, _)| *index);
    items
        .into_iter()
        .map(|(index, child)| value(&format!("{name}.{index}"), child))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// A nested parameter: a list when every child is an index, else an object.
fn value(path: &str, node: Node) -> Result<Value, ApiError> {
    match node.text {
        Some(text) if node.children.is_empty() => return Ok(Value::String(text)),
        Some(_) => return Err(unknown(path)),
        None => {}
    }
    if node.children.keys().all(|key| key.parse::<u64>().is_ok()) {
        list(path, node)
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
    fn values_that_do_not_parse_stay_text_for_the_reader_to_refuse() {
        let value = unflatten(&pairs(&[("Limit", "five"), ("IsPermanent", "yes")])).unwrap();
        assert_eq!(value, json!({"Limit": "five", "IsPermanent": "yes"}));
        let refused =
            read::<crate::cloud::cbs::wire::DescribeDisksRequest>(Action::DescribeDisks, &value);
        assert!(refused.is_err());
    }

    #[test]
    fn the_reader_checks_the_parameters_of_its_action() {
        let code = |action, value: Value| read::<Value>(action, &value).unwrap_err().code;
        assert_eq!(
            code(Action::DescribeDisks, json!({"DiskId": "d"})),
            "UnknownParameter"
        );
        assert_eq!(
            code(Action::ApplySnapshot, json!({"SnapshotId": "s"})),
            "MissingParameter"
        );
        assert_eq!(
            code(
                Action::ApplySnapshot,
                json!({"SnapshotId": "s", "DiskId": null})
            ),
            "MissingParameter"
        );
        assert_eq!(
            code(
                Action::DescribeSnapshots,
                json!({"Filters": [{"Values": ["a"]}]})
            ),
            "MissingParameter"
        );
        assert_eq!(
            code(Action::DescribeSnapshots, json!([1])),
            "InvalidParameter"
        );
        assert_eq!(parse_body(b"{").unwrap_err().code, "InvalidParameter");
        assert_eq!(parse_body(b"").unwrap(), json!({}));
    }

    #[test]
    fn refusals() {
        let code = |query: &[(&str, &str)]| unflatten(&pairs(query)).unwrap_err().code;
        assert_eq!(code(&[("Filters.x.Name", "a")]), "UnknownParameter");
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
