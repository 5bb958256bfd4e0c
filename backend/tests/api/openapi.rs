//! `GET /api/v1/openapi.json` describes exactly the routes the router serves, and no reply of
//! the console's API names a vendor's field.

use std::collections::BTreeSet;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::Value;
use shared::api::SnapshotPage;

use crate::support::console::{demo_console, Console};

/// Every route of the console's API: what the document must list, no more and no less.
const ROUTES: [(&str, &str); 22] = [
    ("get", "/api/v1/health"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/accounts"),
    ("get", "/api/v1/accounts/{account}/snapshots"),
    ("post", "/api/v1/accounts/{account}/snapshots"),
    ("get", "/api/v1/accounts/{account}/snapshots/{id}"),
    ("put", "/api/v1/accounts/{account}/snapshots/{id}"),
    ("delete", "/api/v1/accounts/{account}/snapshots/{id}"),
    ("post", "/api/v1/accounts/{account}/snapshots/{id}/rollback"),
    ("post", "/api/v1/accounts/{account}/snapshots/delete"),
    ("get", "/api/v1/accounts/{account}/volumes"),
    ("post", "/api/v1/session"),
    ("get", "/api/v1/session"),
    ("delete", "/api/v1/session"),
    ("get", "/api/v1/session/methods"),
    ("get", "/api/v1/session/oidc/start"),
    ("get", "/api/v1/session/oidc/callback"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    ("get", "/api/v1/audit"),
    ("get", "/api/v1/audit.csv"),
];

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

fn documented(document: &Value) -> BTreeSet<(String, String)> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(move |method| ((*method).to_owned(), path.clone()))
        })
        .collect()
}

/// Whether the router has a route for `method path` (as opposed to the API's fallbacks).
async fn served(console: &Console, method: &str, path: &str, id: &str) -> bool {
    let uri = path.replace("{account}", "demo").replace("{id}", id);
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let body = (method == Method::POST || method == Method::PUT)
        .then(|| serde_json::json!({"snapshot": {}}));
    let reply = console.send(method, &uri, body).await;
    let fallback_status = [StatusCode::METHOD_NOT_ALLOWED, StatusCode::NOT_FOUND];
    !(fallback_status.contains(&reply.status) && reply.body["error"]["code"] == "not_found")
}

#[tokio::test]
async fn the_document_and_the_router_agree() {
    let console = demo_console(Duration::from_secs(5)).await;
    let reply = console.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.body["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        reply.excerpt()
    );
    let expected: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    assert_eq!(documented(&reply.body), expected);

    let page: SnapshotPage = console
        .get("/api/v1/accounts/demo/snapshots?limit=1")
        .await
        .json();
    let id = page.snapshots[0].id.clone();
    for path in expected
        .iter()
        .map(|(_, path)| path)
        .collect::<BTreeSet<_>>()
    {
        for method in METHODS {
            let in_document = expected.contains(&(method.to_owned(), path.clone()));
            assert_eq!(
                served(&console, method, path, &id).await,
                in_document,
                "{method} {path}: the router and the document disagree"
            );
        }
    }
}

#[tokio::test]
async fn every_model_has_a_schema() {
    let console = demo_console(Duration::from_secs(5)).await;
    let document = console.get("/api/v1/openapi.json").await.body;
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for name in [
        "Snapshot",
        "SnapshotPage",
        "SnapshotEnvelope",
        "CreateSnapshotRequest",
        "UpdateSnapshotRequest",
        "VolumeList",
        "AccountList",
        "ErrorBody",
        "Operation",
        "SessionInfo",
        "SignIn",
        "SignInMethods",
        "AuditPage",
        "AuditRecord",
        "NewToken",
        "CreatedToken",
        "TokenList",
    ] {
        assert!(schemas.contains_key(name), "{name} has no schema");
    }
}

/// Field names only the vendors' wire formats have.
const VENDOR_FIELDS: [&str; 14] = [
    "os-extended-snapshot-attributes",
    "snapshots_links",
    "availability_zone",
    "provider_details",
    "SnapshotId",
    "SnapshotState",
    "DiskId",
    "Placement",
    "RequestId",
    "Response",
    "snapshotStatus",
    "storageId",
    "error_code",
    "badRequest",
];

fn keys(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                into.insert(key.clone());
                keys(value, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| keys(item, into)),
        _ => {}
    }
}

#[tokio::test]
async fn no_reply_names_a_vendor_field() {
    let console = demo_console(Duration::from_secs(5)).await;
    let mut seen = BTreeSet::new();
    for account in ["demo", "demo-cbs"] {
        let list = console
            .get(&format!("/api/v1/accounts/{account}/snapshots?limit=5"))
            .await;
        assert_eq!(list.status, StatusCode::OK);
        keys(&list.body, &mut seen);
        let id = list.body["snapshots"][0]["id"].as_str().unwrap().to_owned();
        let show = console
            .get(&format!("/api/v1/accounts/{account}/snapshots/{id}"))
            .await;
        assert_eq!(show.status, StatusCode::OK);
        keys(&show.body, &mut seen);
    }
    let volumes = console.get("/api/v1/accounts/demo/volumes").await;
    keys(&volumes.body, &mut seen);
    // An error the cloud sent (EVS's own 404 body) reaches the browser in the console's shape.
    let missing = console
        .get("/api/v1/accounts/demo/snapshots/00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    keys(&missing.body, &mut seen);
    let accounts = console.get("/api/v1/accounts").await;
    keys(&accounts.body, &mut seen);

    assert!(seen.contains("provider_status") && seen.contains("size_gib"));
    for vendor in VENDOR_FIELDS {
        assert!(
            !seen.iter().any(|key| key.contains(vendor)),
            "{vendor} in a console reply: {seen:?}"
        );
    }
}
