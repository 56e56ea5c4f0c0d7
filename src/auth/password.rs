//! Password hashing: Argon2id with the `argon2` crate's default
//! (OWASP-recommended) parameters. Each computation takes tens of
//! milliseconds of one core and 19 MiB of memory, so at most one runs per core
//! at a time, off the async threads; the rest wait their turn. A flood of
//! sign-ins then queues instead of exhausting the server.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};

/// Longest password accepted at sign-in, in bytes, checked before hashing:
/// Argon2 takes any length, and a megabyte-long "password" is an attack.
pub const MAX_BYTES: usize = 1024;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(max_concurrent()))
}

/// How many Argon2 computations may run at once: one per core.
pub fn max_concurrent() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most Argon2 computations that ever ran at once in this process.
pub fn peak_concurrent() -> usize {
    PEAK.load(Ordering::SeqCst)
}

/// Runs one Argon2 computation on a blocking thread once a permit is free.
async fn limited<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let _permit = permits().acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(running, Ordering::SeqCst);
        let result = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        result
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "password hashing task failed");
        AppError::Internal
    })
}

fn hash_now(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|err| {
            tracing::error!(error = %err, "password hashing failed");
            AppError::Internal
        })
}

fn verify_now(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(err) => {
            tracing::error!(error = %err, "stored password hash is malformed");
            false
        }
    }
}

/// Hashes a new password.
pub async fn hash(password: &str) -> AppResult<String> {
    let password = password.to_string();
    limited(move || hash_now(&password)).await?
}

/// Hashes without waiting for a permit, for first-start data and commands
/// that run before the server serves anyone.
pub fn hash_blocking(password: &str) -> AppResult<String> {
    hash_now(password)
}

/// Whether `password` matches `stored`. With no stored hash it spends the same
/// time on a dummy, so an unknown email cannot be told apart from a wrong
/// password by how long the answer takes. A malformed stored hash never matches.
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let password = password.to_string();
    limited(move || match stored {
        Some(stored) => verify_now(&password, &stored),
        None => {
            static DUMMY: OnceLock<String> = OnceLock::new();
            let dummy = DUMMY.get_or_init(|| hash_now("not a real password").unwrap_or_default());
            let _ = verify_now(&password, dummy);
            false
        }
    })
    .await
    .unwrap_or(false)
}
