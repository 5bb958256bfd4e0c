//! `snapdeck`: the console server (`serve`, the default) and the cloud emulators (`emulator`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use snapdeck::auth::exposure::{self, Exposure};
use snapdeck::auth::Portal;
use snapdeck::config::{self, Settings};
use snapdeck::db::Db;
use snapdeck::demo::{self, DemoOptions};
use snapdeck::emulator::cbs::{self, CbsEmulator, CbsEmulatorConfig};
use snapdeck::emulator::evs::{self, EvsEmulator, EvsEmulatorConfig};
use snapdeck::emulator::faults::{self, FaultPlan, FaultSpec, Flavour};
use snapdeck::server::{self, ServeOptions, Shutdown};
use snapdeck::{admin, app, embedded, logging, AppState, Frontend};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "snapdeck",
    version,
    about = "A web console for cloud volume snapshots"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the console (the default). With no account configured, runs the built-in demo.
    Serve(ServeArgs),
    /// Run a cloud API emulator on its own.
    Emulator(EmulatorArgs),
    /// The portal's users: add, passwd, disable, list.
    User(admin::UserArgs),
    /// Personal API tokens: create.
    Token(admin::TokenArgs),
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SNAPDECK_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Serve the console from this folder (trunk's dist/) instead of the copy built into the
    /// binary. Without it: the built-in console, else ./dist when present, else the API only.
    #[arg(long, env = "SNAPDECK_DIST")]
    dist: Option<PathBuf>,
    /// A TOML file listing accounts (see README.md). Without it, one EVS account is read from
    /// the environment, and without that the demo runs.
    #[arg(long, env = "SNAPDECK_CONFIG")]
    config: Option<PathBuf>,
    /// Demo mode: seconds a new snapshot stays `creating`.
    #[arg(long, default_value_t = 8)]
    demo_settle_secs: u64,
    /// Serve real cloud accounts on a non-loopback address without sign-in (only behind a
    /// proxy that authenticates users itself).
    #[arg(long)]
    insecure_no_auth: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum EmulatedProvider {
    Evs,
    Cbs,
}

#[derive(clap::Args)]
struct EmulatorArgs {
    /// Which cloud API to emulate.
    #[arg(long, value_enum, default_value = "evs")]
    provider: EmulatedProvider,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:18080")]
    listen: SocketAddr,
    /// The access key (Tencent: SecretId) requests must be signed with. Prefer the
    /// environment or --ak-file: a command line is visible to every user in `ps`.
    #[arg(long, env = "SNAPDECK_EMULATOR_AK", hide_env_values = true)]
    ak: Option<String>,
    /// A file holding the access key (one line).
    #[arg(long, conflicts_with = "ak")]
    ak_file: Option<PathBuf>,
    /// The secret key (Tencent: SecretKey).
    #[arg(long, env = "SNAPDECK_EMULATOR_SK", hide_env_values = true)]
    sk: Option<String>,
    /// A file holding the secret key (one line).
    #[arg(long, conflicts_with = "sk")]
    sk_file: Option<PathBuf>,
    /// EVS: the project id in every path.
    #[arg(long, default_value = "0123456789abcdef0123456789abcdef")]
    project_id: String,
    /// Start with no snapshots instead of the demo data set.
    #[arg(long)]
    empty: bool,
    /// EVS: also hold this many generated snapshots (`load-0` … names, over the demo's
    /// disks), for load tests and benchmarks of a large account.
    #[arg(long, default_value_t = 0)]
    load_snapshots: usize,
    /// Seconds a new snapshot stays `creating` (and a deletion or rollback runs).
    #[arg(long, default_value_t = 8)]
    settle_secs: u64,
    /// CBS: the region served (`X-TC-Region`, 2.0's `Region`).
    #[arg(long, default_value = "ap-guangzhou")]
    region: String,
    /// Inject a fault (repeatable): KIND[=ARG][:RATE][@OPERATION], e.g. `status=503:0.2@list`,
    /// `reset-after@create`. See README.md for the kinds.
    #[arg(long = "fault", value_name = "SPEC", value_parser = FaultSpec::parse)]
    faults: Vec<FaultSpec>,
    /// Seed of the random choice of faulty requests, for a run that repeats.
    #[arg(long, default_value_t = 0)]
    fault_seed: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    logging::init(
        EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| EnvFilter::new(logging::DEFAULT_FILTER)),
        std::io::stdout,
        logging::stdout_wants_colour(),
    );
    let cli = Cli::parse();
    let result = match cli
        .command
        .unwrap_or(Command::Serve(ServeArgs::parse_default()))
    {
        Command::Serve(args) => serve(args).await,
        Command::Emulator(args) => emulator(args).await,
        Command::User(args) => admin::run_user(args).await,
        Command::Token(args) => admin::run_token(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("snapdeck: {message}");
            ExitCode::FAILURE
        }
    }
}

impl ServeArgs {
    /// `snapdeck` with no subcommand: the serve defaults (and their environment variables).
    fn parse_default() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["snapdeck"]).serve
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    snapdeck::metrics::install();
    let settings = load_settings(&args).await?;
    let frontend = choose_frontend(args.dist.as_deref());
    settings
        .check_deadlines()
        .map_err(|error| error.to_string())?;
    match exposure::check(args.listen, &settings, args.insecure_no_auth) {
        Exposure::Ok => {}
        Exposure::Warn(message) => tracing::warn!("{message}"),
        Exposure::Refuse(message) => return Err(message),
    }
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let mut state = AppState::with_frontend(&settings, frontend, Some(bound))
        .map_err(|error| error.to_string())?;
    if let Some(auth) = &settings.auth {
        let db = Db::open(settings.database.url.expose())
            .await
            .map_err(|error| error.to_string())?;
        let portal = std::sync::Arc::new(Portal::new(db, auth.clone()));
        Portal::spawn_pruning(std::sync::Arc::clone(&portal));
        tracing::info!(public_url = %auth.public_url, "team portal: sign-in required");
        state = state.with_portal(portal);
    }
    let url = format!("http://{bound}");
    for account in &settings.accounts {
        tracing::info!(
            account = %account.name,
            provider = account.provider.provider().as_str(),
            region = %account.region,
            demo = account.demo,
            "account ready"
        );
    }
    tracing::info!(%url, "Snapdeck console listening");
    println!("Snapdeck console: {url}");
    let options = ServeOptions::from(&settings.server);
    match server::serve(listener, app(state), options, shutdown_signal()).await {
        Shutdown::Clean => Ok(()),
        Shutdown::Forced { open } => {
            tracing::warn!(open, "stopped with connections still open");
            Ok(())
        }
    }
}

/// Where the console's files come from: `--dist DIR` when given; else the copy built into the
/// binary; else `./dist` (a development build); else none, and the API alone is served.
fn choose_frontend(dist: Option<&Path>) -> Frontend {
    let has_index = |dir: &Path| dir.join("index.html").is_file();
    match dist {
        Some(dir) if has_index(dir) => {
            tracing::info!(dist = %dir.display(), "serving the console from a folder");
            Frontend::Dir(dir.to_path_buf())
        }
        Some(dir) => {
            tracing::warn!(dist = %dir.display(), "no built console there; serving the API only");
            Frontend::None
        }
        None if embedded::is_embedded() => {
            tracing::info!(
                files = embedded::file_count(),
                "serving the console built into this binary"
            );
            Frontend::Embedded
        }
        None if has_index(Path::new("dist")) => {
            tracing::info!("the console is not embedded in this binary; serving it from ./dist");
            Frontend::Dir(PathBuf::from("dist"))
        }
        None => {
            tracing::warn!(
                "the console is not embedded in this binary (build it with scripts/build-release) and there is no ./dist; serving the API only"
            );
            Frontend::None
        }
    }
}

/// A key from its flag or variable, or from a file named by its `-file` flag.
fn emulator_key(
    value: Option<String>,
    file: Option<PathBuf>,
    flag: &str,
) -> Result<String, String> {
    let key = match (value, file) {
        (Some(value), _) => value,
        (None, Some(path)) => std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {flag}-file {}: {error}", path.display()))?,
        (None, None) => {
            return Err(format!(
                "give {flag} (or its environment variable, or {flag}-file)"
            ))
        }
    };
    let key = key.trim().to_owned();
    if key.is_empty() || key.chars().any(char::is_control) {
        return Err(format!(
            "the {flag} key is empty or holds control characters"
        ));
    }
    Ok(key)
}

async fn load_settings(args: &ServeArgs) -> Result<Settings, String> {
    let env = |name: &str| std::env::var(name).ok();
    if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let mut settings = config::from_toml(&text, &env).map_err(|error| match error {
            config::ConfigError::File { reason, .. } => {
                format!("{} is not a valid configuration: {reason}", path.display())
            }
            other => format!("{}: {other}", path.display()),
        })?;
        if settings.accounts.is_empty() {
            // A portal with no account configured: the demo, behind sign-in.
            tracing::info!("no cloud account configured: the built-in demo, behind sign-in");
            settings.accounts = start_demo(args).await?;
        }
        return Ok(settings);
    }
    if let Some(account) = config::from_env(&env).map_err(|error| error.to_string())? {
        return Ok(Settings {
            accounts: vec![account],
            ..Settings::default()
        });
    }
    tracing::info!("no cloud account configured: starting the built-in demo");
    Ok(Settings {
        accounts: start_demo(args).await?,
        ..Settings::default()
    })
}

async fn start_demo(args: &ServeArgs) -> Result<Vec<config::AccountConfig>, String> {
    demo::start(DemoOptions {
        settle: Duration::from_secs(args.demo_settle_secs),
        demo_data: true,
    })
    .await
    .map_err(|error| format!("cannot start the demo emulators: {error}"))
}

async fn emulator(args: EmulatorArgs) -> Result<(), String> {
    let access_key = emulator_key(args.ak, args.ak_file, "--ak")?;
    let secret_key = emulator_key(args.sk, args.sk_file, "--sk")?;
    for fault in &args.faults {
        tracing::warn!(?fault, "the emulator injects this fault");
    }
    let plan = FaultPlan::new(args.faults, args.fault_seed);
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
    let bound = listener.local_addr().map_err(|error| error.to_string())?;
    match args.provider {
        EmulatedProvider::Evs => {
            if !shared::validate::is_safe_id(&args.project_id) {
                return Err("--project-id may only hold letters, digits, '-' and '_'".to_owned());
            }
            let emulator = EvsEmulator::with_load(
                EvsEmulatorConfig {
                    access_key,
                    secret_key,
                    project_id: args.project_id,
                    demo_data: !args.empty,
                    settle: Duration::from_secs(args.settle_secs),
                },
                args.load_snapshots,
            );
            println!("EVS emulator: http://{bound}");
            faults::serve(listener, evs::router(emulator), Flavour::Evs, plan).await;
            Ok(())
        }
        EmulatedProvider::Cbs => {
            let emulator = CbsEmulator::new(CbsEmulatorConfig {
                secret_id: access_key,
                secret_key,
                demo_data: !args.empty,
                region: args.region,
                settle: Duration::from_secs(args.settle_secs),
            });
            println!("CBS emulator: http://{bound} (API 3.0 at /, API 2.0 at /v2/index.php)");
            faults::serve(listener, cbs::router(emulator), Flavour::Cbs, plan).await;
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
