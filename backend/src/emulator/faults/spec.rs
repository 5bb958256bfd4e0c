//! `--fault SPEC`: `KIND[=ARG][:RATE][@OPERATION]`, e.g. `status=503:0.2@list`,
//! `reset-after@create`, `latency=1500`.

use std::fmt;
use std::time::Duration;

/// What the emulator does to a request it picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Waits this long, then answers normally.
    Latency(Duration),
    /// Never answers.
    Hang,
    /// Drops the connection before doing anything.
    Reset,
    /// Does the work (a create creates), then drops the connection before replying.
    ResetAfter,
    /// This 5xx status with the vendor's JSON error body.
    Status(u16),
    /// This status with an HTML page (a proxy's or load balancer's).
    Html(u16),
    /// 429 with `Retry-After` and the vendor's rate-limit error.
    TooManyRequests,
    /// Does the work, then sends part of the reply and drops the connection.
    Truncate,
    /// Does the work, then sends the reply cut short as a whole body (not JSON).
    Malformed,
    /// Does the work, and labels the reply `text/html`.
    ContentType,
    /// Answers 200 with a body far larger than any real reply (9 MiB, no length given).
    Oversize,
    /// Answers 302 to another host.
    Redirect,
}

/// The console's name of an operation, as the emulators route them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultOperation {
    List,
    Show,
    Create,
    Update,
    Delete,
    Rollback,
    Volumes,
}

impl FaultOperation {
    pub const ALL: [FaultOperation; 7] = [
        FaultOperation::List,
        FaultOperation::Show,
        FaultOperation::Create,
        FaultOperation::Update,
        FaultOperation::Delete,
        FaultOperation::Rollback,
        FaultOperation::Volumes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FaultOperation::List => "list",
            FaultOperation::Show => "show",
            FaultOperation::Create => "create",
            FaultOperation::Update => "update",
            FaultOperation::Delete => "delete",
            FaultOperation::Rollback => "rollback",
            FaultOperation::Volumes => "volumes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.as_str() == text)
    }
}

/// One `--fault`: what, how often (0–1), and on which operation (`None`: all).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultSpec {
    pub kind: FaultKind,
    pub rate: f64,
    pub operation: Option<FaultOperation>,
    /// At most this many times (tests: "fail twice, then answer"); `None`: no limit.
    pub times: Option<u32>,
}

impl FaultSpec {
    /// Always, on every operation.
    pub fn always(kind: FaultKind) -> Self {
        Self {
            kind,
            rate: 1.0,
            operation: None,
            times: None,
        }
    }

    /// At most `times` times.
    pub fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }

    /// Only on `operation`.
    pub fn on(mut self, operation: FaultOperation) -> Self {
        self.operation = Some(operation);
        self
    }

    pub fn rate(mut self, rate: f64) -> Self {
        self.rate = rate;
        self
    }

    pub fn parse(text: &str) -> Result<Self, FaultSpecError> {
        let error = |reason: &str| FaultSpecError {
            spec: shared::validate::excerpt(text, 64),
            reason: reason.to_owned(),
        };
        let (rest, operation) = match text.split_once('@') {
            Some((rest, op)) => (
                rest,
                Some(FaultOperation::parse(op).ok_or_else(|| {
                    error(
                        "OPERATION is one of list, show, create, update, delete, rollback, volumes",
                    )
                })?),
            ),
            None => (text, None),
        };
        let (rest, rate) = match rest.split_once(':') {
            Some((rest, rate)) => {
                let rate: f64 = rate
                    .parse()
                    .map_err(|_| error("RATE is a number from 0 to 1"))?;
                if !(0.0..=1.0).contains(&rate) {
                    return Err(error("RATE is a number from 0 to 1"));
                }
                (rest, rate)
            }
            None => (rest, 1.0),
        };
        let (name, arg) = match rest.split_once('=') {
            Some((name, arg)) => (name, Some(arg)),
            None => (rest, None),
        };
        let code = |range: std::ops::RangeInclusive<u16>| -> Result<u16, FaultSpecError> {
            arg.and_then(|arg| arg.parse::<u16>().ok())
                .filter(|code| range.contains(code))
                .ok_or_else(|| error("give an HTTP status, e.g. status=503 or html=502"))
        };
        let no_arg = |kind| match arg {
            None => Ok(kind),
            Some(_) => Err(error("this kind takes no =ARG")),
        };
        let kind = match name {
            "latency" => FaultKind::Latency(Duration::from_millis(
                arg.and_then(|arg| arg.parse::<u64>().ok())
                    .filter(|ms| *ms <= 600_000)
                    .ok_or_else(|| error("give latency=MS, a number of milliseconds"))?,
            )),
            "hang" => no_arg(FaultKind::Hang)?,
            "reset" => no_arg(FaultKind::Reset)?,
            "reset-after" => no_arg(FaultKind::ResetAfter)?,
            "status" => FaultKind::Status(code(500..=599)?),
            "html" => FaultKind::Html(code(400..=599)?),
            "429" => no_arg(FaultKind::TooManyRequests)?,
            "truncate" => no_arg(FaultKind::Truncate)?,
            "malformed" => no_arg(FaultKind::Malformed)?,
            "content-type" => no_arg(FaultKind::ContentType)?,
            "oversize" => no_arg(FaultKind::Oversize)?,
            "redirect" => no_arg(FaultKind::Redirect)?,
            _ => return Err(error(
                "KIND is latency=MS, hang, reset, reset-after, status=CODE, html=CODE, 429, truncate, malformed, content-type, oversize or redirect",
            )),
        };
        Ok(Self {
            kind,
            rate,
            operation,
            times: None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FaultSpecError {
    pub spec: String,
    pub reason: String,
}

impl fmt::Display for FaultSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--fault {:?}: {}", self.spec, self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_kind_arg_rate_and_operation() {
        let spec = FaultSpec::parse("status=503:0.2@list").unwrap();
        assert_eq!(spec.kind, FaultKind::Status(503));
        assert!((spec.rate - 0.2).abs() < f64::EPSILON);
        assert_eq!(spec.operation, Some(FaultOperation::List));
        assert_eq!(
            FaultSpec::parse("reset-after@create").unwrap(),
            FaultSpec::always(FaultKind::ResetAfter).on(FaultOperation::Create)
        );
        assert_eq!(
            FaultSpec::parse("latency=1500").unwrap().kind,
            FaultKind::Latency(Duration::from_millis(1500))
        );
        for (text, kind) in [
            ("hang", FaultKind::Hang),
            ("reset", FaultKind::Reset),
            ("html=502", FaultKind::Html(502)),
            ("429", FaultKind::TooManyRequests),
            ("truncate", FaultKind::Truncate),
            ("malformed", FaultKind::Malformed),
            ("content-type", FaultKind::ContentType),
            ("oversize", FaultKind::Oversize),
            ("redirect", FaultKind::Redirect),
        ] {
            assert_eq!(FaultSpec::parse(text).unwrap().kind, kind, "{text}");
        }
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        for text in [
            "",
            "explode",
            "status",
            "status=200",
            "status=abc",
            "latency",
            "reset=1",
            "reset:1.5",
            "reset:x",
            "reset@nothing",
        ] {
            let error = FaultSpec::parse(text).unwrap_err();
            assert!(error.to_string().starts_with("--fault"), "{text}: {error}");
        }
    }
}
