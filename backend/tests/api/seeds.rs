//! Every JSON sample in the vendor documents (`backend/testdata/seeds/`, copied verbatim from the
//! seeds) parses into the providers' wire models. Files and samples are discovered, not listed.

use std::path::Path;

use snapdeck::cloud::cbs::wire::ReplyV2;
use snapdeck::cloud::evs::wire::{
    CreateSnapshotRequest, EvsError, SnapshotEnvelope, SnapshotList, UpdateSnapshotRequest,
};

/// The fenced code blocks of a document whose text starts with `{`.
fn json_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(lines) => blocks.push(lines.join("\n")),
                None => current = Some(Vec::new()),
            }
        } else if let Some(lines) = current.as_mut() {
            lines.push(line);
        }
    }
    blocks
        .into_iter()
        .filter(|block| block.trim_start().starts_with('{'))
        .collect()
}

/// Parses one sample with the model its shape calls for; returns which model that was.
fn parse_sample(block: &str) -> &'static str {
    let value: serde_json::Value = serde_json::from_str(block).expect("sample is JSON");
    let object = value.as_object().expect("sample is an object");
    if object.contains_key("snapshots") {
        let list: SnapshotList = serde_json::from_str(block).expect("snapshot list");
        assert!(!list.snapshots.is_empty());
        "list"
    } else if object.contains_key("snapshotSet") {
        let reply: ReplyV2 = serde_json::from_str(block).expect("CBS 2.0 reply");
        assert_eq!(reply.code, 0);
        assert!(!reply.snapshot_set.unwrap_or_default().is_empty());
        "cbs"
    } else if let Some(snapshot) = object.get("snapshot") {
        if snapshot.get("id").is_some() {
            let envelope: SnapshotEnvelope = serde_json::from_str(block).expect("snapshot");
            assert!(envelope.snapshot.created_at.unix_micros().is_some());
            "snapshot"
        } else if snapshot.get("volume_id").is_some() {
            let _: CreateSnapshotRequest = serde_json::from_str(block).expect("create body");
            "create"
        } else {
            let _: UpdateSnapshotRequest = serde_json::from_str(block).expect("update body");
            "update"
        }
    } else {
        let error = EvsError::parse(block.as_bytes()).expect("error envelope");
        assert_eq!(error.code, "XXX");
        "error"
    }
}

#[test]
fn every_seed_sample_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/seeds");
    let mut kinds = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        files += 1;
        for block in json_blocks(&text) {
            kinds.push(parse_sample(&block));
        }
    }
    assert_eq!(files, 5, "the five seed documents");
    for kind in ["list", "cbs", "snapshot", "create", "update", "error"] {
        assert!(kinds.contains(&kind), "no {kind} sample parsed: {kinds:?}");
    }
    // 4 EVS documents × 2 error samples, 3 snapshot replies, 1 list, 2 bodies, 1 CBS reply.
    assert_eq!(kinds.len(), 15, "{kinds:?}");
}

#[test]
fn seed_002_lower_case_t_is_normalised() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/seeds");
    let text = std::fs::read_to_string(dir.join("002_6fcd7e7b3c1f1714.txt")).unwrap();
    let block = json_blocks(&text).remove(0);
    let envelope: SnapshotEnvelope = serde_json::from_str(&block).unwrap();
    assert_eq!(
        envelope.snapshot.created_at.as_str(),
        "2013-02-25T04:13:17.000000"
    );
    assert_eq!(envelope.snapshot.progress.as_deref(), Some("100%"));
}
