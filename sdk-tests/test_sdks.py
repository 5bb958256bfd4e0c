"""The vendors' official Python SDKs, unchanged, against `snapdeck emulator`.

Huawei's `huaweicloudsdkevs` and Tencent's `tencentcloud-sdk-python-cbs` are the reference for
what the emulators must accept and answer: each test makes one call the console relies on, the
way an SDK user would, and checks what the SDK parsed out of the reply.

scripts/sdk-tests starts the emulators and sets:
  EVS_ENDPOINT, EVS_AK, EVS_SK, EVS_PROJECT_ID   (an EVS emulator started with --empty)
  CBS_ENDPOINT, CBS_SECRET_ID, CBS_SECRET_KEY     (a CBS emulator with the demo data)
  SETTLE_SECS                                     (both emulators' --settle-secs)

Run: python sdk-tests/test_sdks.py  (prints "N passed, M failed" last).
"""

import json
import os
import sys
import time
import unittest
import uuid

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkevs.v2 import (
    CreateSnapshotOption,
    CreateSnapshotRequest,
    CreateSnapshotRequestBody,
    DeleteSnapshotRequest,
    EvsClient,
    ListSnapshotsRequest,
    ListVolumesRequest,
    RollbackSnapshotOption,
    RollbackSnapshotRequest,
    RollbackSnapshotRequestBody,
    ShowSnapshotRequest,
    UpdateSnapshotOption,
    UpdateSnapshotRequest,
    UpdateSnapshotRequestBody,
)
from tencentcloud.cbs.v20170312 import cbs_client as cbs_api
from tencentcloud.cbs.v20170312 import models
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

SETTLE = float(os.environ.get("SETTLE_SECS", "1"))


def wait_until(read, done, what, timeout=None):
    """Polls read() until done(value); fails with `what` after the timeout."""
    deadline = time.monotonic() + (timeout or SETTLE * 4 + 10)
    while True:
        value = read()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last value: {value}")
        time.sleep(0.2)


# ---------------------------------------------------------------------------------------------
# Huawei Cloud EVS


def evs_client():
    config = HttpConfig.get_default_config()
    # The emulator speaks plain http on loopback: no certificate to verify.
    config.ignore_ssl_verification = True
    config.timeout = (5, 30)
    credentials = BasicCredentials(
        os.environ["EVS_AK"], os.environ["EVS_SK"], os.environ["EVS_PROJECT_ID"]
    )
    return (
        EvsClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([os.environ["EVS_ENDPOINT"]])
        .build()
    )


class Evs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = evs_client()
        volumes = cls.client.list_volumes(ListVolumesRequest()).volumes
        cls.detached = [v for v in volumes if v.status == "available"]
        cls.attached = [v for v in volumes if v.status == "in-use"]
        assert cls.detached and cls.attached, "the demo volumes have both kinds"

    def create(self, volume, name=None, force=False):
        body = CreateSnapshotRequestBody(
            snapshot=CreateSnapshotOption(
                volume_id=volume.id,
                name=name or f"sdk-{uuid.uuid4().hex[:8]}",
                description="made by the official SDK",
                force=force,
            )
        )
        return self.client.create_snapshot(CreateSnapshotRequest(body=body)).snapshot

    def show(self, snapshot_id):
        return self.client.show_snapshot(ShowSnapshotRequest(snapshot_id=snapshot_id)).snapshot

    def available(self, snapshot_id):
        return wait_until(
            lambda: self.show(snapshot_id), lambda s: s.status == "available", "available"
        )

    def assert_refused(self, call, status, code):
        with self.assertRaises(ClientRequestException) as caught:
            call()
        self.assertEqual(caught.exception.status_code, status, caught.exception)
        self.assertEqual(caught.exception.error_code, code, caught.exception)
        self.assertTrue(caught.exception.error_msg, caught.exception)
        self.assertTrue(caught.exception.request_id, caught.exception)

    def test_create_list_show_update(self):
        volume = self.detached[0]
        created = self.create(volume, name="sdk-create")
        self.assertEqual(created.status, "creating")
        self.assertEqual(created.volume_id, volume.id)
        listed = self.client.list_snapshots(ListSnapshotsRequest(volume_id=volume.id, limit=50))
        self.assertIn(created.id, [s.id for s in listed.snapshots])
        shown = self.show(created.id)
        self.assertEqual(shown.name, "sdk-create")
        self.assertEqual(shown.description, "made by the official SDK")
        body = UpdateSnapshotRequestBody(snapshot=UpdateSnapshotOption(name="sdk-renamed"))
        updated = self.client.update_snapshot(
            UpdateSnapshotRequest(snapshot_id=created.id, body=body)
        ).snapshot
        self.assertEqual(updated.name, "sdk-renamed")
        self.assertEqual(self.show(created.id).name, "sdk-renamed")

    def test_create_of_an_attached_volume_needs_force(self):
        volume = self.attached[0]
        self.assert_refused(lambda: self.create(volume), 400, "EVS.5400")
        self.assertEqual(self.create(volume, force=True).status, "creating")

    def test_delete(self):
        snapshot = self.create(self.detached[0])
        self.assert_refused(
            lambda: self.client.delete_snapshot(DeleteSnapshotRequest(snapshot_id=snapshot.id)),
            400,
            "EVS.1047",
        )
        self.available(snapshot.id)
        reply = self.client.delete_snapshot(DeleteSnapshotRequest(snapshot_id=snapshot.id))
        self.assertEqual(reply.status_code, 202)
        self.assertEqual(self.show(snapshot.id).status, "deleting")
        wait_until(
            lambda: self.client.list_snapshots(ListSnapshotsRequest(volume_id=snapshot.volume_id)),
            lambda page: snapshot.id not in [s.id for s in page.snapshots],
            "the deleted snapshot to leave the list",
        )
        self.assert_refused(lambda: self.show(snapshot.id), 404, "EVS.5404")
        self.assert_refused(
            lambda: self.client.delete_snapshot(DeleteSnapshotRequest(snapshot_id=snapshot.id)),
            404,
            "EVS.5404",
        )

    def rollback(self, snapshot_id, volume_id, name=None):
        body = RollbackSnapshotRequestBody(
            rollback=RollbackSnapshotOption(volume_id=volume_id, name=name)
        )
        return self.client.rollback_snapshot(
            RollbackSnapshotRequest(snapshot_id=snapshot_id, body=body)
        )

    def test_rollback(self):
        volume = self.detached[1 % len(self.detached)]
        snapshot = self.create(volume)
        self.assert_refused(lambda: self.rollback(snapshot.id, volume.id), 400, "EVS.1047")
        self.available(snapshot.id)
        reply = self.rollback(snapshot.id, volume.id, name="after-rollback")
        self.assertEqual(reply.status_code, 202)
        self.assertEqual(reply.rollback.volume_id, volume.id)
        self.assertEqual(self.show(snapshot.id).status, "rollbacking")
        self.assertEqual(
            [v.status for v in self.client.list_volumes(ListVolumesRequest()).volumes
             if v.id == volume.id],
            ["restoring"],
        )
        self.available(snapshot.id)

    def test_rollback_refusals(self):
        volume = self.detached[0]
        snapshot = self.available(self.create(volume).id)
        other = next(v for v in self.detached + self.attached if v.id != volume.id)
        self.assert_refused(lambda: self.rollback(snapshot.id, other.id), 400, "EVS.5400")
        self.assert_refused(lambda: self.rollback("no-such-snapshot", volume.id), 404, "EVS.5404")
        attached = self.available(self.create(self.attached[0], force=True).id)
        self.assert_refused(
            lambda: self.rollback(attached.id, self.attached[0].id), 400, "EVS.1047"
        )

    def test_wrong_secret_key_is_refused(self):
        config = HttpConfig.get_default_config()
        config.ignore_ssl_verification = True
        credentials = BasicCredentials(
            os.environ["EVS_AK"], "not-the-secret-key", os.environ["EVS_PROJECT_ID"]
        )
        client = (
            EvsClient.new_builder()
            .with_http_config(config)
            .with_credentials(credentials)
            .with_endpoints([os.environ["EVS_ENDPOINT"]])
            .build()
        )
        with self.assertRaises(ClientRequestException) as caught:
            client.list_snapshots(ListSnapshotsRequest())
        self.assertEqual(caught.exception.status_code, 401)
        self.assertEqual(caught.exception.error_code, "APIG.0301")


# ---------------------------------------------------------------------------------------------
# Tencent Cloud CBS (API 3.0)


def cbs_client(secret_key=None, method="POST"):
    endpoint = os.environ["CBS_ENDPOINT"]
    scheme, host = endpoint.split("://", 1)
    http = HttpProfile(endpoint=host, protocol=scheme, reqMethod=method, reqTimeout=30)
    cred = credential.Credential(
        os.environ["CBS_SECRET_ID"], secret_key or os.environ["CBS_SECRET_KEY"]
    )
    return cbs_api.CbsClient(cred, "ap-guangzhou", ClientProfile(httpProfile=http))


def request(model, **fields):
    """A request model filled as an SDK user would, from its documented field names."""
    req = model()
    req.from_json_string(json.dumps(fields))
    return req


class Cbs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = cbs_client()
        disks = cls.client.DescribeDisks(request(models.DescribeDisksRequest, Limit=100)).DiskSet
        cls.detached = [d for d in disks if not d.Attached]
        cls.attached = [d for d in disks if d.Attached]
        assert cls.detached and cls.attached, "the demo disks have both kinds"

    def assert_code(self, call, code):
        with self.assertRaises(TencentCloudSDKException) as caught:
            call()
        self.assertEqual(caught.exception.get_code(), code, caught.exception)
        self.assertTrue(caught.exception.get_message(), caught.exception)
        self.assertTrue(caught.exception.get_request_id(), caught.exception)

    def snapshot(self, snapshot_id):
        found = self.client.DescribeSnapshots(
            request(models.DescribeSnapshotsRequest, SnapshotIds=[snapshot_id])
        ).SnapshotSet
        return found[0] if found else None

    def disk(self, disk_id):
        return self.client.DescribeDisks(
            request(models.DescribeDisksRequest, DiskIds=[disk_id])
        ).DiskSet[0]

    def create(self, disk_id, **fields):
        name = fields.pop("SnapshotName", f"sdk-{uuid.uuid4().hex[:8]}")
        return self.client.CreateSnapshot(
            request(models.CreateSnapshotRequest, DiskId=disk_id, SnapshotName=name, **fields)
        ).SnapshotId

    def normal(self, snapshot_id):
        return wait_until(
            lambda: self.snapshot(snapshot_id),
            lambda s: s is not None and s.SnapshotState == "NORMAL",
            "NORMAL",
        )

    def test_describe_snapshots(self):
        reply = self.client.DescribeSnapshots(
            request(models.DescribeSnapshotsRequest, Limit=5, Offset=0)
        )
        self.assertGreaterEqual(reply.TotalCount, 5)
        self.assertEqual(len(reply.SnapshotSet), 5)
        self.assertTrue(reply.RequestId)
        self.assertTrue(all(s.SnapshotId.startswith("snap-") for s in reply.SnapshotSet))
        filtered = self.client.DescribeSnapshots(
            request(
                models.DescribeSnapshotsRequest,
                Filters=[{"Name": "snapshot-state", "Values": ["CREATING"]}],
            )
        )
        self.assertTrue(all(s.SnapshotState == "CREATING" for s in filtered.SnapshotSet))

    def test_describe_disks(self):
        reply = self.client.DescribeDisks(request(models.DescribeDisksRequest, Limit=2, Offset=1))
        self.assertEqual(len(reply.DiskSet), 2)
        self.assertGreater(reply.TotalCount, 2)
        disk = reply.DiskSet[0]
        for field in ("DiskId", "DiskName", "DiskState", "DiskUsage", "DiskSize", "Attached",
                      "InstanceId", "SnapshotAbility", "Rollbacking", "RollbackPercent"):
            self.assertIsNotNone(getattr(disk, field), field)
        filtered = self.client.DescribeDisks(
            request(
                models.DescribeDisksRequest,
                Filters=[{"Name": "disk-usage", "Values": ["DATA_DISK"]}],
            )
        )
        self.assertTrue(filtered.DiskSet)
        self.assertTrue(all(d.DiskUsage == "DATA_DISK" for d in filtered.DiskSet))
        self.assert_code(
            lambda: self.client.DescribeDisks(request(models.DescribeDisksRequest, Limit=101)),
            "InvalidParameterValue.LimitExceeded",
        )

    def test_create_and_modify(self):
        disk = self.detached[0]
        snapshot_id = self.create(disk.DiskId, SnapshotName="sdk 快照")
        self.assertTrue(snapshot_id.startswith("snap-"))
        created = self.snapshot(snapshot_id)
        self.assertEqual(created.SnapshotName, "sdk 快照")
        self.assertEqual(created.DiskId, disk.DiskId)
        self.assertIn(created.SnapshotState, ("CREATING", "NORMAL"))
        self.normal(snapshot_id)
        reply = self.client.ModifySnapshotAttribute(
            request(
                models.ModifySnapshotAttributeRequest,
                SnapshotId=snapshot_id,
                SnapshotName="sdk renamed",
                IsPermanent=False,
                Deadline="2099-01-01T00:00:00+00:00",
            )
        )
        self.assertTrue(reply.RequestId)
        modified = self.snapshot(snapshot_id)
        self.assertEqual(modified.SnapshotName, "sdk renamed")
        self.assertFalse(modified.IsPermanent)
        self.assertTrue(modified.DeadlineTime.startswith("2099-01-01"), modified.DeadlineTime)
        # CBS documents `Deadline` as a UTC time.
        self.assert_code(
            lambda: self.client.ModifySnapshotAttribute(
                request(models.ModifySnapshotAttributeRequest, SnapshotId=snapshot_id,
                        IsPermanent=False, Deadline="2099-01-01T08:00:00+08:00")
            ),
            "InvalidParameterValue",
        )
        self.client.ModifySnapshotAttribute(
            request(models.ModifySnapshotAttributeRequest, SnapshotId=snapshot_id,
                    IsPermanent=True)
        )
        self.assertTrue(self.snapshot(snapshot_id).IsPermanent)

    def test_create_refusals(self):
        self.assert_code(lambda: self.create("disk-nosuchid"), "InvalidDiskId.NotFound")
        self.assert_code(
            lambda: self.create(self.detached[0].DiskId, SnapshotName="x" * 61),
            "InvalidParameterValue.TooLong",
        )
        self.assert_code(
            lambda: self.client.ModifySnapshotAttribute(
                request(models.ModifySnapshotAttributeRequest, SnapshotId="snap-nosuchid",
                        SnapshotName="x")
            ),
            "InvalidSnapshotId.NotFound",
        )

    def test_deadline_is_honoured(self):
        soon = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + 2))
        snapshot_id = self.create(self.detached[0].DiskId, Deadline=soon)
        self.assertIsNotNone(self.snapshot(snapshot_id))
        wait_until(lambda: self.snapshot(snapshot_id), lambda s: s is None,
                   "the snapshot to go at its deadline")

    def test_delete_snapshots_is_all_or_nothing(self):
        disk = self.detached[0].DiskId
        first, second = self.normal(self.create(disk)), self.normal(self.create(disk))
        self.assert_code(
            lambda: self.client.DeleteSnapshots(
                request(models.DeleteSnapshotsRequest,
                        SnapshotIds=[first.SnapshotId, "snap-nosuchid"])
            ),
            "InvalidSnapshotId.NotFound",
        )
        self.assertIsNotNone(self.snapshot(first.SnapshotId), "nothing deleted")
        busy = self.create(disk)
        self.assert_code(
            lambda: self.client.DeleteSnapshots(
                request(models.DeleteSnapshotsRequest, SnapshotIds=[first.SnapshotId, busy])
            ),
            "ResourceUnavailable.SnapshotCreating",
        )
        self.assertIsNotNone(self.snapshot(first.SnapshotId), "nothing deleted")
        reply = self.client.DeleteSnapshots(
            request(models.DeleteSnapshotsRequest,
                    SnapshotIds=[first.SnapshotId, second.SnapshotId])
        )
        self.assertTrue(reply.RequestId)
        self.assertIsNone(self.snapshot(first.SnapshotId))
        self.assertIsNone(self.snapshot(second.SnapshotId))

    def test_apply_snapshot(self):
        disk = self.detached[-1]
        snapshot = self.normal(self.create(disk.DiskId))
        other = next(d for d in self.detached + self.attached if d.DiskId != disk.DiskId)
        self.assertRaises(
            TencentCloudSDKException,
            lambda: self.client.ApplySnapshot(
                request(models.ApplySnapshotRequest, SnapshotId=snapshot.SnapshotId,
                        DiskId=other.DiskId)
            ),
        )
        reply = self.client.ApplySnapshot(
            request(models.ApplySnapshotRequest, SnapshotId=snapshot.SnapshotId,
                    DiskId=disk.DiskId)
        )
        self.assertTrue(reply.RequestId)
        rolling = self.disk(disk.DiskId)
        self.assertTrue(rolling.Rollbacking)
        self.assertEqual(rolling.DiskState, "ROLLBACKING")
        self.assertTrue(0 <= rolling.RollbackPercent < 100, rolling.RollbackPercent)
        self.assertEqual(self.snapshot(snapshot.SnapshotId).SnapshotState, "ROLLBACKING")
        self.assert_code(
            lambda: self.client.DeleteSnapshots(
                request(models.DeleteSnapshotsRequest, SnapshotIds=[snapshot.SnapshotId])
            ),
            "ResourceBusy",
        )
        self.assert_code(lambda: self.create(disk.DiskId), "InvalidDisk.Busy")
        done = wait_until(lambda: self.disk(disk.DiskId), lambda d: not d.Rollbacking,
                          "the rollback to finish")
        self.assertNotEqual(done.DiskState, "ROLLBACKING")
        self.normal(snapshot.SnapshotId)

    def test_apply_to_an_attached_disk_needs_auto_stop(self):
        disk = self.attached[0]
        snapshot = self.normal(self.create(disk.DiskId))
        self.assert_code(
            lambda: self.client.ApplySnapshot(
                request(models.ApplySnapshotRequest, SnapshotId=snapshot.SnapshotId,
                        DiskId=disk.DiskId)
            ),
            "ResourceInUse",
        )
        reply = self.client.ApplySnapshot(
            request(models.ApplySnapshotRequest, SnapshotId=snapshot.SnapshotId,
                    DiskId=disk.DiskId, AutoStopInstance=True, AutoStartInstance=True)
        )
        self.assertTrue(reply.RequestId)

    def test_get_requests_as_the_sdk_flattens_them(self):
        client = cbs_client(method="GET")
        reply = client.DescribeSnapshots(
            request(
                models.DescribeSnapshotsRequest,
                Filters=[{"Name": "disk-id", "Values": [self.detached[0].DiskId]}],
                Limit=3,
            )
        )
        self.assertTrue(all(s.DiskId == self.detached[0].DiskId for s in reply.SnapshotSet))
        disks = client.DescribeDisks(
            request(models.DescribeDisksRequest, DiskIds=[self.attached[0].DiskId])
        )
        self.assertEqual([d.DiskId for d in disks.DiskSet], [self.attached[0].DiskId])
        snapshot_id = client.CreateSnapshot(
            request(models.CreateSnapshotRequest, DiskId=self.detached[0].DiskId,
                    SnapshotName="sdk get")
        ).SnapshotId
        client.ModifySnapshotAttribute(
            request(models.ModifySnapshotAttributeRequest, SnapshotId=snapshot_id,
                    IsPermanent=True, SnapshotName="sdk get renamed")
        )
        self.assertEqual(self.snapshot(snapshot_id).SnapshotName, "sdk get renamed")

    def test_wrong_secret_key_is_refused(self):
        client = cbs_client(secret_key="not-the-secret-key")
        self.assert_code(
            lambda: client.DescribeSnapshots(models.DescribeSnapshotsRequest()),
            "AuthFailure.SignatureFailure",
        )


def main():
    loader = unittest.defaultTestLoader
    module = sys.modules[__name__]
    names = sys.argv[1:]
    suite = loader.loadTestsFromNames(names, module) if names else loader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
