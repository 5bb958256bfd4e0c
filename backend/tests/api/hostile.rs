//! Hostile input wherever it enters: thousands of generated cases through every parser the
//! hardening added or leans on — fault specs, `Host` values, the CSP's reading of `index.html`,
//! `dist/` paths, the configuration file, the list query, EVS's and CBS's reply readers. Each
//! must answer with a value or a typed error, never a panic.

use std::path::Path;

use proptest::prelude::*;
use shared::api::ListQuery;
use snapdeck::cloud::cbs::reply::{read_v2, read_v3};
use snapdeck::cloud::cbs::wire::DescribeSnapshotsResponse;
use snapdeck::cloud::evs::wire::EvsError;
use snapdeck::config::{from_toml, HostPolicy, ServerSettings};
use snapdeck::emulator::faults::FaultSpec;
use snapdeck::middleware::dist::escapes;
use snapdeck::middleware::security::content_security_policy;

/// Text near what each parser expects, and anything at all.
fn hostile(near: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![near, any::<String>(), "[\\x00-\\x7f]{0,40}"]
}

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(2_000)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fault_specs_parse_or_say_why(text in hostile("[a-z=0-9:.@-]{0,24}")) {
        match FaultSpec::parse(&text) {
            Ok(spec) => prop_assert!((0.0..=1.0).contains(&spec.rate)),
            Err(error) => prop_assert!(error.to_string().starts_with("--fault")),
        }
    }

    #[test]
    fn host_values_never_panic_and_evil_names_are_refused(text in hostile("[a-z0-9.:\\[\\]-]{0,30}")) {
        let policy = HostPolicy::new(Some("127.0.0.1:8080".parse().unwrap()), &ServerSettings::default(), false);
        let allowed = policy.allows(&text);
        let name = text.to_ascii_lowercase();
        if allowed {
            prop_assert!(
                name.starts_with("localhost") || name.starts_with("127.0.0.1") || name.starts_with("[::1]") || name == "::1",
                "{text:?} was allowed"
            );
        }
    }

    #[test]
    fn the_csp_is_one_header_value_whatever_the_page(html in hostile("(<script( src=x)?>[a-z ;'<>/]{0,20}(</script>)?){0,3}")) {
        let policy = content_security_policy(&html);
        prop_assert!(policy.contains("frame-ancestors 'none'"));
        prop_assert!(!policy.contains("unsafe-inline"));
        prop_assert!(policy.bytes().all(|b| (0x20..0x7f).contains(&b)));
    }

    #[test]
    fn dist_paths_never_escape(path in hostile("(/(\\.\\.|%2e%2e|[a-z]{1,3}|%2f|\\.)){0,5}")) {
        let root = Path::new("/nonexistent-snapdeck-dist");
        // Nothing exists under root, so only `..` and undecodable paths count as escaping.
        let escaped = escapes(root, &path);
        if !path.contains("..") && !path.contains("%2e") && !path.contains("%2E") && !path.contains('%') {
            prop_assert!(!escaped, "{path:?}");
        }
    }

    #[test]
    fn config_files_parse_or_name_a_setting(text in hostile("(\\[server\\]\n|\\[\\[accounts\\]\\]\n|name = \"a\"\n|request_timeout_secs = [0-9]{1,4}\n|endpoint = \"[a-z:/.]{0,20}\"\n){0,6}")) {
        let lookup = |_: &str| None;
        if let Err(error) = from_toml(&text, &lookup) {
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn list_queries_parse_or_name_the_field(text in hostile("((limit|marker|name|status|volume_id|offset)=[a-z0-9%]{0,6}&?){0,4}")) {
        if let Err(problems) = ListQuery::from_query_string(&text) {
            prop_assert!(!problems.is_empty());
        }
    }

    #[test]
    fn evs_error_bodies_parse_or_not(body in proptest::collection::vec(any::<u8>(), 0..200), json in hostile("\\{\"(error_code|badRequest|itemNotFound)\": ?(\"[A-Z.0-9]{0,9}\"|\\{\"code\": ?\"x\"\\})\\}")) {
        let _ = EvsError::parse(&body);
        let _ = EvsError::parse(json.as_bytes());
    }

    #[test]
    fn cbs_replies_are_read_or_typed(status in 0u16..600, json in hostile("\\{\"Response\": ?\\{(\"Error\": ?\\{\"Code\": ?\"[A-Za-z.]{0,12}\"\\}|\"RequestId\": ?\"r\"|\"TotalCount\": ?[0-9]{1,3}),?\\}\\}")) {
        let _ = read_v3::<DescribeSnapshotsResponse>(status, json.as_bytes());
        let _ = read_v2(status, json.as_bytes());
    }
}
