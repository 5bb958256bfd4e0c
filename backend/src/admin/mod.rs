//! `snapdeck user …` and `snapdeck token …`: managing the portal's users and tokens from the
//! command line, so the first admin can be added before the first start. Each command opens
//! (creating and migrating) the database the configuration names.

use std::io::BufRead;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use shared::portal::{Grant, NewToken, Role};
use shared::AccountName;

use crate::auth::{password, tokens};
use crate::config::{self, DatabaseConfig};
use crate::db::{Db, UserSource};

#[derive(Args)]
pub struct UserArgs {
    /// The configuration file whose `[database]` holds the users.
    #[arg(long, env = "SNAPDECK_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Adds a local user; the password is read from standard input.
    Add {
        name: String,
        /// viewer, operator or admin.
        #[arg(long)]
        role: String,
        /// Limits the user to this account with this role (viewer or operator); repeatable.
        #[arg(long = "grant", value_name = "ACCOUNT=ROLE")]
        grants: Vec<String>,
        /// Read the password (one line) from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sets a user's password, read from standard input.
    Passwd {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disables a user: their sessions and tokens stop working at once.
    Disable { name: String },
    /// Lists the users, their roles and grants.
    List,
}

#[derive(Args)]
pub struct TokenArgs {
    #[arg(long, env = "SNAPDECK_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: TokenCommand,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Creates a personal API token for a user and prints it (once).
    Create {
        /// The user the token acts as.
        #[arg(long)]
        user: String,
        /// A name to recognise it by.
        #[arg(long)]
        name: String,
        /// Days until it expires.
        #[arg(long, default_value_t = 90)]
        days: u32,
        /// At most the user's role; the user's role by default.
        #[arg(long)]
        role: Option<String>,
    },
}

fn role(text: &str) -> Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("{text:?} is not a role: use viewer, operator or admin"))
}

/// `ACCOUNT=ROLE`, the role viewer or operator.
pub fn parse_grant(text: &str) -> Result<Grant, String> {
    let (account, role_text) = text
        .split_once('=')
        .ok_or_else(|| format!("--grant {text:?}: write ACCOUNT=ROLE"))?;
    let account = AccountName::parse(account.trim())
        .map_err(|_| format!("--grant {text:?}: {:?} is not an account name", account))?;
    let role = role(role_text.trim())?;
    if role == Role::Admin {
        return Err(format!(
            "--grant {text:?}: a grant is viewer or operator; admin is a user's role on every account"
        ));
    }
    Ok(Grant {
        account: account.as_str().to_owned(),
        role,
    })
}

async fn open(config_path: Option<&PathBuf>) -> Result<Db, String> {
    let database = match config_path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            config::database_from_toml(&text, &|name| std::env::var(name).ok())
                .map_err(|error| format!("{}: {error}", path.display()))?
        }
        None => DatabaseConfig::default(),
    };
    Db::open(database.url.expose())
        .await
        .map_err(|error| error.to_string())
}

fn read_password(password_stdin: bool) -> Result<String, String> {
    if !password_stdin {
        return Err("give the password on standard input with --password-stdin".to_owned());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| format!("cannot read the password: {error}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn hash(password_text: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || password::hash(&password_text))
        .await
        .map_err(|error| error.to_string())?
        .map_err(|error| error.to_string())
}

pub async fn run_user(args: UserArgs) -> Result<(), String> {
    let db = open(args.config.as_ref()).await?;
    match args.command {
        UserCommand::Add {
            name,
            role: role_text,
            grants,
            password_stdin,
        } => {
            let role = role(&role_text)?;
            let grants = grants
                .iter()
                .map(|grant| parse_grant(grant))
                .collect::<Result<Vec<_>, _>>()?;
            if role == Role::Admin && !grants.is_empty() {
                return Err("an admin acts on every account: give admins no --grant".to_owned());
            }
            check_name(&name)?;
            let hash = hash(read_password(password_stdin)?).await?;
            db.add_user(&name, role, Some(&hash), UserSource::Local, &grants)
                .await
                .map_err(|error| error.to_string())?;
            println!("user {name} added ({})", role.as_str());
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            let hash = hash(read_password(password_stdin)?).await?;
            db.set_password(&name, &hash)
                .await
                .map_err(|error| error.to_string())?;
            println!("password of {name} changed");
        }
        UserCommand::Disable { name } => {
            db.disable_user(&name)
                .await
                .map_err(|error| error.to_string())?;
            println!("user {name} disabled; their sessions have ended");
        }
        UserCommand::List => {
            for user in db.users().await.map_err(|error| error.to_string())? {
                let grants: Vec<String> = user
                    .grants
                    .iter()
                    .map(|grant| format!("{}={}", grant.account, grant.role.as_str()))
                    .collect();
                println!(
                    "{}\t{}\t{}\t{}",
                    user.name,
                    user.role.as_str(),
                    if user.disabled { "disabled" } else { "active" },
                    if grants.is_empty() {
                        "all accounts".to_owned()
                    } else {
                        grants.join(",")
                    }
                );
            }
        }
    }
    Ok(())
}

/// A user name: 1 to 64 characters, none of them a control character or a space.
fn check_name(name: &str) -> Result<(), String> {
    let ok = (1..=64).contains(&name.chars().count())
        && !name.chars().any(|c| c.is_control() || c.is_whitespace());
    if ok {
        Ok(())
    } else {
        Err("a user name has 1 to 64 characters and no spaces".to_owned())
    }
}

pub async fn run_token(args: TokenArgs) -> Result<(), String> {
    let db = open(args.config.as_ref()).await?;
    match args.command {
        TokenCommand::Create {
            user,
            name,
            days,
            role: role_text,
        } => {
            let row = db
                .user(&user)
                .await
                .map_err(|error| error.to_string())?
                .filter(|row| !row.disabled)
                .ok_or_else(|| format!("there is no active user {user:?}"))?;
            let new = NewToken {
                name,
                expires_in_days: days,
                role: role_text.as_deref().map(role).transpose()?,
            };
            let created = tokens::create(&db, &row.name, row.role, &new)
                .await
                .map_err(|error| error.to_string())?;
            eprintln!(
                "token {} for {} ({}), expires {}; shown once:",
                created.token.id,
                row.name,
                created.token.role.as_str(),
                created.token.expires_at
            );
            println!("{}", created.secret);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_are_account_and_role() {
        assert_eq!(
            parse_grant("prod-bj4=viewer").unwrap(),
            Grant {
                account: "prod-bj4".to_owned(),
                role: Role::Viewer
            }
        );
        assert!(parse_grant("prod-bj4").is_err());
        assert!(parse_grant("prod=admin").is_err());
        assert!(parse_grant("Bad Name=viewer").is_err());
    }
}
