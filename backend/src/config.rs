//! Accounts, read from the environment or a TOML file in one place.
