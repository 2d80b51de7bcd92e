//! Secrets on the command line come from environment variables named by `--*-env` options, so they
//! never appear in the process list or the shell history.

use crate::error::{CliError, Result};
use whatwatt::Secret;

/// The secret held by the environment variable `var`, if one was named.
pub fn from_env(var: &Option<String>) -> Result<Option<Secret>> {
    match var {
        None => Ok(None),
        Some(v) => std::env::var(v)
            .map(|p| Some(Secret::new(p)))
            .map_err(|_| CliError::Usage(format!("environment variable {v} is not set"))),
    }
}
