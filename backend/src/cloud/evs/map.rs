//! EVS's JSON and the console's models, mapped in one place: a wire snapshot or volume into the
//! console's, and the console's create and update bodies into EVS's.

use shared::lifecycle::RollbackRequest;
use shared::snapshot::{self as console, EvsExtra, ProviderExtra};
use shared::volume as console_volume;

use super::wire::{self, AUTO_BACKUP_METADATA_KEY};

/// An EVS snapshot as the console shows it. EVS's status words are the console's own.
pub fn snapshot(wire: wire::Snapshot) -> console::Snapshot {
    let progress = wire.progress_percent();
    console::Snapshot {
        auto_backup: wire.metadata.contains_key(AUTO_BACKUP_METADATA_KEY),
        provider_status: wire.status.as_str().to_owned(),
        status: wire.status,
        id: wire.id,
        name: wire.name,
        description: wire.description,
        size_gib: wire.size,
        volume_id: wire.volume_id,
        created_at: wire.created_at,
        updated_at: wire.updated_at,
        progress,
        metadata: wire.metadata,
        expires_at: None,
        extra: Some(ProviderExtra::Evs(EvsExtra {
            project_id: wire.project_id,
        })),
    }
}

/// An EVS volume as the console shows it.
pub fn volume(wire: wire::Volume) -> console_volume::Volume {
    console_volume::Volume {
        attached: wire.is_attached(),
        attachments: wire
            .attachments
            .into_iter()
            .map(|attachment| console_volume::Attachment {
                server_id: attachment.server_id,
                device: attachment.device,
            })
            .collect(),
        id: wire.id,
        name: wire.name,
        status: wire.status,
        size_gib: wire.size,
        zone: wire.availability_zone,
        volume_type: wire.volume_type,
        bootable: wire.bootable.as_deref().map(|text| text == "true"),
        created_at: wire.created_at,
        rollback_progress: None,
    }
}

pub fn new_snapshot(new: &console::NewSnapshot) -> wire::CreateSnapshotRequest {
    wire::CreateSnapshotRequest {
        snapshot: wire::NewSnapshot {
            volume_id: new.volume_id.clone(),
            force: new.force,
            metadata: new.metadata.clone(),
            name: new.name.clone(),
            description: new.description.clone(),
        },
    }
}

/// The console's rollback as EVS's body; EVS rolls back to the snapshot's own volume only.
pub fn rollback(request: &RollbackRequest) -> wire::RollbackEnvelope {
    wire::RollbackEnvelope {
        rollback: wire::Rollback {
            volume_id: request.volume_id.clone(),
            name: None,
        },
    }
}

pub fn snapshot_changes(changes: &console::SnapshotChanges) -> wire::UpdateSnapshotRequest {
    wire::UpdateSnapshotRequest {
        snapshot: wire::SnapshotChanges {
            name: changes.name.clone(),
            description: changes.description.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::SnapshotStatus;

    fn wire_sample() -> wire::Snapshot {
        let mut value = wire::tests::sample();
        value["status"] = "creating".into();
        value["os-extended-snapshot-attributes:progress"] = "37%".into();
        value["metadata"] = serde_json::json!({"__system__enableActive": "true"});
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn snapshots_keep_every_field() {
        let snapshot = snapshot(wire_sample());
        assert_eq!(snapshot.status, SnapshotStatus::Creating);
        assert_eq!(snapshot.provider_status, "creating");
        assert_eq!(snapshot.progress, Some(37));
        assert_eq!(snapshot.size_gib, 5);
        assert!(snapshot.auto_backup);
        assert_eq!(snapshot.distinct_provider_status(), None);
        assert_eq!(
            snapshot.extra,
            Some(ProviderExtra::Evs(EvsExtra {
                project_id: Some("d6c277ba8820452e83df36f33c9fa561".into())
            }))
        );
        let json = serde_json::to_string(&snapshot).unwrap();
        assert!(!json.contains("os-extended"), "{json}");
    }

    #[test]
    fn volumes_say_whether_they_are_attached() {
        let wire: wire::Volume = serde_json::from_value(serde_json::json!({
            "id": "v-1", "name": "data", "status": "in-use", "size": 40,
            "attachments": [{"server_id": "s-1", "device": "/dev/vdb"}],
            "availability_zone": "cn-north-4a", "bootable": "false"
        }))
        .unwrap();
        let volume = volume(wire);
        assert!(volume.attached);
        assert_eq!(volume.size_gib, 40);
        assert_eq!(volume.zone.as_deref(), Some("cn-north-4a"));
        assert_eq!(volume.bootable, Some(false));
        assert_eq!(volume.attachments[0].server_id, "s-1");
    }
}
