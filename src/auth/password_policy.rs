//! What makes a password acceptable: 8 to 128 characters, no composition
//! rules, and not one of the most common passwords (NIST SP 800-63B).
//!
//! `common_passwords.txt` is the list of 19,640 common passwords that Django
//! ships (django/contrib/auth/common-passwords.txt.gz, BSD-3-Clause), itself
//! drawn from Royce Williams' list of breached passwords. One per line, lower-case.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::error::{AppError, AppResult};

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

fn common() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect()
    })
}

/// How many passwords the common list holds.
pub fn common_count() -> usize {
    common().len()
}

/// Checks a new password; the error belongs next to the field `field`.
pub fn check(password: &str, field: &str) -> AppResult<()> {
    let chars = password.chars().count();
    if chars == 0 {
        return Err(AppError::field(field, "Choose a password."));
    }
    if chars < MIN_CHARS {
        return Err(AppError::field(
            field,
            format!("Use at least {MIN_CHARS} characters; this one has {chars}."),
        ));
    }
    if chars > MAX_CHARS {
        return Err(AppError::field(
            field,
            format!("Use at most {MAX_CHARS} characters; this one has {chars}."),
        ));
    }
    if password.trim().is_empty() {
        return Err(AppError::field(field, "A password can't be only spaces."));
    }
    if common().contains(password.to_lowercase().as_str()) {
        return Err(AppError::field(
            field,
            "This is one of the most common passwords, so it is among the first an attacker tries. Choose another.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_at_least_ten_thousand_passwords() {
        assert!(common_count() >= 10_000, "{}", common_count());
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        assert!(check("short", "password").is_err());
        assert!(check("ééééééé", "password").is_err());
        assert!(check("éééééééé", "password").is_ok());
        assert!(check(&"x7".repeat(64), "password").is_ok());
        assert!(check(&format!("{}z", "x7".repeat(64)), "password").is_err());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for password in [
            "password",
            "Password1",
            "QWERTYUIOP",
            "iloveyou",
            "12345678",
        ] {
            let err = check(password, "password").unwrap_err();
            assert!(
                err.message_for("password")
                    .is_some_and(|m| m.contains("most common")),
                "{password}: {err:?}"
            );
        }
        assert!(check("staple battery orbit", "password").is_ok());
    }

    #[test]
    fn no_composition_rules() {
        assert!(check("lowercase only words", "password").is_ok());
        assert!(check("                 x", "password").is_ok());
        assert!(check("        ", "password").is_err());
    }
}
