//! Password hashing: Argon2id with the `argon2` crate's default
//! (OWASP-recommended) parameters, stored as PHC strings. Each computation
//! takes tens of milliseconds of one core and 19 MiB of memory, so at most one
//! runs per core at a time, off the async threads; the rest wait their turn. A
//! flood of sign-ins then queues instead of exhausting the server. The 19 MiB
//! are allocated once per concurrent computation and reused (see [`MEMORY`]).

use argon2::password_hash::{
    self, rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
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

/// Argon2's working memory, kept between computations: one set of blocks per
/// computation running at once, so at most one per core (plus the rare
/// first-start hash). Allocated afresh for every sign-in, the 19 MiB stayed
/// in glibc's per-thread arenas after being freed (its mmap threshold rises to
/// the largest block freed), and a burst of sign-ins left the server holding
/// 300 MB it never gave back.
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Argon2 of `password` and `salt` with `argon`'s parameters, `len` bytes long,
/// computed in blocks from [`MEMORY`].
fn compute(
    argon: &Argon2,
    password: &[u8],
    salt: &[u8],
    len: usize,
) -> password_hash::Result<Output> {
    let wanted = argon.params().block_count();
    let reused = MEMORY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .pop()
        .filter(|blocks| blocks.len() == wanted);
    // Every block is written before it is read, so reused memory needs no clearing.
    let mut blocks = reused.unwrap_or_else(|| vec![Block::default(); wanted]);
    let output = Output::init_with(len, |out| {
        argon
            .hash_password_into_with_memory(password, salt, out, &mut blocks)
            .map_err(password_hash::Error::from)
    });
    // Only the current parameters' size is kept; an old hash's odd size is dropped.
    if wanted == Params::default().block_count() {
        MEMORY
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(blocks);
    }
    output
}

fn hash_now(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let argon = Argon2::new(Algorithm::default(), Version::default(), params.clone());
    let phc = || -> password_hash::Result<String> {
        let mut raw_salt = [0u8; 64];
        let raw_salt = salt.as_salt().decode_b64(&mut raw_salt)?;
        let len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let hash = PasswordHash {
            algorithm: Algorithm::default().ident(),
            version: Some(Version::default().into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt.as_salt()),
            hash: Some(compute(&argon, password.as_bytes(), raw_salt, len)?),
        };
        Ok(hash.to_string())
    };
    phc().map_err(|err| {
        tracing::error!(error = %err, "password hashing failed");
        AppError::Internal
    })
}

fn verify_now(password: &str, stored: &str) -> bool {
    // The stored string's own algorithm, version and parameters, so hashes
    // made with older settings still verify.
    let check = || -> password_hash::Result<bool> {
        let parsed = PasswordHash::new(stored)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(password_hash::Error::PhcStringField);
        };
        let algorithm = Algorithm::try_from(parsed.algorithm)?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let argon = Argon2::new(algorithm, version, Params::try_from(&parsed)?);
        let mut raw_salt = [0u8; 64];
        let raw_salt = salt.decode_b64(&mut raw_salt)?;
        // `Output`'s comparison takes constant time.
        Ok(compute(&argon, password.as_bytes(), raw_salt, expected.len())? == expected)
    };
    check().unwrap_or_else(|err| {
        tracing::error!(error = %err, "stored password hash is malformed");
        false
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher, PasswordVerifier};

    /// The tests here share [`MEMORY`]; they run one at a time.
    static ALONE: Mutex<()> = Mutex::new(());

    #[test]
    fn hashes_are_standard_phc_strings_either_way() {
        let _alone = ALONE.lock().unwrap_or_else(|p| p.into_inner());
        // Ours verify with the argon2 crate's own verifier…
        let ours = hash_now("correct horse battery staple").unwrap();
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery staple", &parsed)
            .is_ok());
        assert!(Argon2::default()
            .verify_password(b"wrong", &parsed)
            .is_err());
        // …and the crate's verify with ours, including other parameters.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"tr0ub4dor&3", &salt)
            .unwrap()
            .to_string();
        assert!(verify_now("tr0ub4dor&3", &theirs));
        assert!(!verify_now("tr0ub4dor&4", &theirs));
        let light = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(64, 1, 1, None).unwrap(),
        )
        .hash_password(b"old settings", &salt)
        .unwrap()
        .to_string();
        assert!(verify_now("old settings", &light));
        assert!(!verify_now("new settings", &light));
        assert!(!verify_now("anything", "not a hash"));
    }

    #[test]
    fn working_memory_is_reused_not_reallocated() {
        let _alone = ALONE.lock().unwrap_or_else(|p| p.into_inner());
        let kept = || {
            let memory = MEMORY.lock().unwrap();
            memory
                .iter()
                .map(|blocks| blocks.as_ptr() as usize)
                .collect::<Vec<_>>()
        };
        let first = hash_now("one").unwrap();
        let before = kept();
        assert_eq!(
            before.len(),
            1,
            "one computation at a time keeps one set of blocks"
        );
        assert!(verify_now("one", &first));
        let _ = hash_now("two").unwrap();
        assert_eq!(kept(), before, "the same allocation served all three");
    }
}
