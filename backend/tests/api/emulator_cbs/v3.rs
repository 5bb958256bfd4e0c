//! API 3.0: filters, paging, header checks and every signature failure, over HTTP.

use crate::support::cbs::{code_of, error, ids, list, ok, start, V3Call, DEMO_TOTAL, SECRET_ID};

#[tokio::test]
async fn lists_newest_first_twenty_by_default() {
    let emulator = start().await;
    let reply = list(&emulator, "{}").await;
    assert_eq!(reply.total_count, DEMO_TOTAL);
    assert_eq!(reply.snapshot_set.len(), 20);
    assert!(reply
        .snapshot_set
        .windows(2)
        .all(|pair| pair[0].create_time >= pair[1].create_time));
    assert!(!reply.request_id.is_empty());
    let newest = &reply.snapshot_set[0];
    assert_eq!(newest.snapshot_state, "CREATING");
    assert!(newest.percent < 100);
    // An empty body is an empty parameter set, as Tencent reads it.
    assert_eq!(list(&emulator, "").await.total_count, DEMO_TOTAL);
}

#[tokio::test]
async fn pages_by_offset_and_limit() {
    let emulator = start().await;
    let everything = list(&emulator, r#"{"Limit": 100}"#).await;
    assert_eq!(everything.snapshot_set.len() as u64, DEMO_TOTAL);
    let mut paged: Vec<String> = Vec::new();
    for offset in [0, 10, 20] {
        let page = list(
            &emulator,
            &format!(r#"{{"Offset": {offset}, "Limit": 10}}"#),
        )
        .await;
        assert_eq!(page.total_count, DEMO_TOTAL);
        paged.extend(page.snapshot_set.into_iter().map(|s| s.snapshot_id));
    }
    assert_eq!(paged, ids(&everything));
    let last = list(&emulator, r#"{"Offset": 20, "Limit": 10}"#).await;
    assert_eq!(last.snapshot_set.len(), 8);
    let beyond = list(&emulator, r#"{"Offset": 500}"#).await;
    assert_eq!(
        (beyond.total_count, beyond.snapshot_set.len()),
        (DEMO_TOTAL, 0)
    );
    let ascending = list(
        &emulator,
        r#"{"Limit": 100, "Order": "ASC", "OrderField": "CREATE_TIME"}"#,
    )
    .await;
    let mut reversed = ids(&everything);
    reversed.reverse();
    assert_eq!(ids(&ascending), reversed);
}

#[tokio::test]
async fn limit_over_100_is_refused() {
    let emulator = start().await;
    let answer = V3Call::post(r#"{"Limit": 101}"#).send(&emulator).await;
    assert_eq!(
        error(&answer).error.code,
        "InvalidParameterValue.LimitExceeded"
    );
    assert_eq!(
        list(&emulator, r#"{"Limit": 100}"#).await.total_count,
        DEMO_TOTAL
    );
    assert_eq!(
        code_of(&emulator, V3Call::post(r#"{"Limit": 0}"#)).await,
        "InvalidParameterValue"
    );
}

#[tokio::test]
async fn bad_filters_and_parameters() {
    let emulator = start().await;
    let cases = [
        (
            r#"{"Filters": [{"Name": "zone", "Values": ["x"]}]}"#,
            "InvalidFilter",
        ),
        (
            r#"{"Filters": [{"Name": "disk-usage", "Values": ["root"]}]}"#,
            "InvalidParameterValue",
        ),
        (
            r#"{"Filters": [{"Name": "snapshot-state", "Values": ["normal"]}]}"#,
            "InvalidParameterValue",
        ),
        (r#"{"Limit": "ten"}"#, "InvalidParameter"),
        (r#"{"Colour": "red"}"#, "UnknownParameter"),
        (r#"{"Order": "NEWEST"}"#, "InvalidParameterValue"),
        ("not json", "InvalidParameter"),
    ];
    for (body, code) in cases {
        assert_eq!(code_of(&emulator, V3Call::post(body)).await, code, "{body}");
    }
}

#[tokio::test]
async fn get_with_the_flattened_query() {
    let emulator = start().await;
    let query = "Filters.0.Name=disk-usage&Filters.0.Values.0=DATA_DISK&Limit=100";
    let reply = ok(&V3Call::get(query).send(&emulator).await);
    assert!(reply.total_count > 0);
    assert!(reply
        .snapshot_set
        .iter()
        .all(|s| s.disk_usage == "DATA_DISK"));
    let name = "Filters.0.Name=snapshot-name&Filters.0.Values.0=%E8%AE%A2%E5%8D%95%E5%BA%93+%E5%91%A8%E5%A4%87%E4%BB%BD";
    assert_eq!(ok(&V3Call::get(name).send(&emulator).await).total_count, 2);
    let paged = ok(&V3Call::get("Offset=20&Limit=5").send(&emulator).await);
    assert_eq!(
        (paged.total_count, paged.snapshot_set.len()),
        (DEMO_TOTAL, 5)
    );
}

#[tokio::test]
async fn signature_failures() {
    let emulator = start().await;
    let body = r#"{"Limit": 1}"#;
    let wrong_key = V3Call {
        secret_key: "notTheSecretKey".into(),
        ..V3Call::post(body)
    };
    assert_eq!(
        code_of(&emulator, wrong_key).await,
        "AuthFailure.SignatureFailure"
    );
    let tampered = V3Call {
        sent_body: Some(r#"{"Limit": 100}"#.into()),
        ..V3Call::post(body)
    };
    assert_eq!(
        code_of(&emulator, tampered).await,
        "AuthFailure.SignatureFailure"
    );
    let base = V3Call::post(body);
    let expired = V3Call {
        timestamp: base.timestamp - 301,
        ..base.clone()
    };
    assert_eq!(
        code_of(&emulator, expired).await,
        "AuthFailure.SignatureExpire"
    );
    let future = V3Call {
        timestamp: base.timestamp + 400,
        ..base.clone()
    };
    assert_eq!(
        code_of(&emulator, future).await,
        "AuthFailure.SignatureExpire"
    );
    let just_in_time = V3Call {
        timestamp: base.timestamp - 240,
        ..base.clone()
    };
    assert_eq!(
        ok(&just_in_time.send(&emulator).await).snapshot_set.len(),
        1
    );
    let unknown_id = V3Call {
        secret_id: "AKIDnobodyKnowsThisOne000000000000".into(),
        ..base.clone()
    };
    assert_eq!(
        code_of(&emulator, unknown_id).await,
        "AuthFailure.SecretIdNotFound"
    );
    let unsigned = V3Call {
        signed: false,
        ..base.clone()
    };
    assert_eq!(
        code_of(&emulator, unsigned).await,
        "AuthFailure.InvalidAuthorization"
    );
    // The right key, for contrast: the same call passes.
    assert_eq!(ok(&base.send(&emulator).await).snapshot_set.len(), 1);
    assert_eq!(base.secret_id, SECRET_ID);
}

#[tokio::test]
async fn headers_tencent_checks() {
    let emulator = start().await;
    let call = || V3Call::post("{}");
    let cases = [
        (
            V3Call {
                action: Some("DescribeInstances".into()),
                ..call()
            },
            "InvalidAction",
        ),
        (
            V3Call {
                action: None,
                ..call()
            },
            "MissingParameter",
        ),
        (
            V3Call {
                version: Some("2020-01-01".into()),
                ..call()
            },
            "NoSuchVersion",
        ),
        (
            V3Call {
                version: None,
                ..call()
            },
            "MissingParameter",
        ),
        (
            V3Call {
                region: Some("ap-shanghai".into()),
                ..call()
            },
            "UnsupportedRegion",
        ),
        (
            V3Call {
                region: None,
                ..call()
            },
            "MissingParameter",
        ),
        (
            V3Call {
                content_type: "text/plain",
                ..call()
            },
            "UnsupportedProtocol",
        ),
        (
            V3Call {
                method: "PUT",
                ..call()
            },
            "UnsupportedProtocol",
        ),
    ];
    for (call, code) in cases {
        let described = format!("{call:?}");
        assert_eq!(code_of(&emulator, call).await, code, "{described}");
    }
    // The SDK's documented content type with a charset is fine on a request.
    let charset = V3Call {
        content_type: "application/json; charset=utf-8",
        ..call()
    };
    assert_eq!(ok(&charset.send(&emulator).await).total_count, DEMO_TOTAL);
}
