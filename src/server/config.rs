//! The server's runtime settings, read at start from Leptos.toml (or the file
//! named by PORTAL_CONFIG). Every setting has a default and an environment override.

use leptos::config::LeptosOptions;
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid Leptos settings in {path}: {message}")]
    Leptos { path: String, message: String },
    #[error("invalid [portal] settings in {path}: {source}")]
    Portal {
        path: String,
        source: toml::de::Error,
    },
    #[error("environment variable {name} has an invalid value {value:?}")]
    Env { name: &'static str, value: String },
    /// A combination of settings the server will not run with.
    #[error("{0}")]
    Unsafe(String),
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub leptos: LeptosOptions,
    /// `sqlite://portal.db?mode=rwc` (default) or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// The address people reach the portal at; used in emailed links and to decide
    /// whether cookies are marked Secure.
    pub public_url: String,
    /// Load the demo organizations (and their published passwords) into an
    /// empty database on start. Off unless asked for; refused in production.
    pub demo_data: bool,
    /// A session ends after this many hours without a request.
    pub session_idle_hours: i64,
    /// A session ends this many days after sign-in, however much it is used.
    pub session_max_days: i64,
    /// How long an emailed sign-in invite link works.
    pub invite_link_days: i64,
    /// Load balancers and reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub mail: MailSettings,
    pub sales: SalesSettings,
}

/// Estimates and orders: how their numbers look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SalesSettings {
    /// Put before an estimate's number: `EST-` gives `EST-1001`.
    pub estimate_prefix: String,
}

impl Default for SalesSettings {
    fn default() -> Self {
        Self {
            estimate_prefix: "EST-".to_string(),
        }
    }
}

/// Outgoing email: where it goes, who it is from, and how the outbox worker retries.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// The From header, e.g. `Acme IT <portal@acme.example>`.
    pub from: String,
    /// Your business's name, as templates say it (`{{ sender_name }}`).
    pub sender_name: String,
    pub transport: MailTransportSettings,
    /// Run the delivery worker in this server. Turn off on servers that should only serve pages.
    pub worker: bool,
    /// Messages delivered at once (and SMTP connections kept open).
    pub concurrency: usize,
    /// Tries before a temporary failure becomes permanent.
    pub max_attempts: i32,
    /// The first retry waits this long; each next one twice as long (at most an hour).
    pub retry_seconds: i64,
    /// A message claimed this long ago without an outcome is picked up again:
    /// the server that claimed it stopped.
    pub claim_timeout_seconds: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransportSettings {
    Smtp(SmtpSettings),
    /// Each message becomes an .eml file in this folder.
    Folder(std::path::PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP, for a relay on the same machine or a test server.
    None,
    /// Connect in plain text, then require STARTTLS (usually port 587).
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            from: "Customer Portal <portal@localhost>".to_string(),
            sender_name: "Customer Portal".to_string(),
            transport: MailTransportSettings::Folder("mail".into()),
            worker: true,
            concurrency: 8,
            max_attempts: 8,
            retry_seconds: 60,
            claim_timeout_seconds: 300,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct PortalSection {
    database_url: Option<String>,
    public_url: Option<String>,
    demo_data: Option<bool>,
    session_idle_hours: Option<i64>,
    session_max_days: Option<i64>,
    invite_link_days: Option<i64>,
    trusted_proxies: Option<Vec<String>>,
    mail_from: Option<String>,
    sender_name: Option<String>,
    mail_dir: Option<String>,
    mail_worker: Option<bool>,
    mail_concurrency: Option<i64>,
    mail_max_attempts: Option<i64>,
    mail_retry_seconds: Option<i64>,
    mail_claim_timeout_seconds: Option<i64>,
    smtp_host: Option<String>,
    smtp_port: Option<i64>,
    smtp_tls: Option<String>,
    smtp_username: Option<String>,
    smtp_password: Option<String>,
    estimate_prefix: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct FileConfig {
    #[serde(default)]
    portal: PortalSection,
}

impl Settings {
    /// Reads the file named by PORTAL_CONFIG, or Leptos.toml in the working directory.
    pub fn load() -> Result<Self, ConfigError> {
        let path = std::env::var("PORTAL_CONFIG").unwrap_or_else(|_| "Leptos.toml".to_string());
        Self::from_file(&path)
    }

    pub fn from_file(path: &str) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_string(),
            source,
        })?;
        let leptos = leptos::config::get_configuration(Some(path))
            .map_err(|err| ConfigError::Leptos {
                path: path.to_string(),
                message: err.to_string(),
            })?
            .leptos_options;
        let file: FileConfig = toml::from_str(&text).map_err(|source| ConfigError::Portal {
            path: path.to_string(),
            source,
        })?;
        Self::resolve(leptos, file.portal)
    }

    fn resolve(mut leptos: LeptosOptions, file: PortalSection) -> Result<Self, ConfigError> {
        if leptos.hash_files && !hash_file_present(&leptos) {
            // Leptos would look for hashed names the build never wrote.
            tracing::info!(
                "hash-files is on but the build wrote no {} beside the server; serving plain file names",
                leptos.hash_file
            );
            leptos.hash_files = false;
        }
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let database_url = env("DATABASE_URL")
            .or(file.database_url.clone())
            .unwrap_or_else(|| "sqlite://portal.db?mode=rwc".to_string());
        let public_url = env("PORTAL_PUBLIC_URL")
            .or(file.public_url.clone())
            .unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        let demo_data = match env("PORTAL_DEMO_DATA") {
            Some(value) => parse_bool("PORTAL_DEMO_DATA", &value)?,
            None => file.demo_data.unwrap_or(false),
        };
        let session_idle_hours =
            positive("PORTAL_SESSION_IDLE_HOURS", file.session_idle_hours, 12)?;
        let session_max_days = positive("PORTAL_SESSION_MAX_DAYS", file.session_max_days, 7)?;
        let invite_link_days = positive("PORTAL_INVITE_LINK_DAYS", file.invite_link_days, 7)?;
        let mail = Self::resolve_mail(&file)?;
        let trusted_proxies = match env("PORTAL_TRUSTED_PROXIES") {
            Some(list) => list.split(',').map(str::to_string).collect(),
            None => file.trusted_proxies.clone().unwrap_or_default(),
        }
        .iter()
        .filter(|entry| !entry.trim().is_empty())
        .map(|entry| {
            super::client_address::parse_network(entry).ok_or_else(|| ConfigError::Env {
                name: "PORTAL_TRUSTED_PROXIES (or trusted-proxies)",
                value: entry.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
        let prefix = |name: &str, from_file: &Option<String>, default: String| {
            env(name).or_else(|| from_file.clone()).unwrap_or(default)
        };
        let defaults = SalesSettings::default();
        let sales = SalesSettings {
            estimate_prefix: prefix(
                "PORTAL_ESTIMATE_PREFIX",
                &file.estimate_prefix,
                defaults.estimate_prefix,
            ),
        };
        let settings = Self {
            leptos,
            database_url,
            public_url: public_url.trim_end_matches('/').to_string(),
            demo_data,
            session_idle_hours,
            session_max_days,
            invite_link_days,
            trusted_proxies,
            mail,
            sales,
        };
        settings.check_safe()?;
        Ok(settings)
    }

    /// Whether the server runs as production (`env = "PROD"`).
    pub fn is_production(&self) -> bool {
        self.leptos.env == leptos::config::Env::PROD
    }

    /// Refuses what must never reach the internet: production over plain
    /// http, and the demo accounts (whose passwords the README prints) in
    /// production or behind an https address.
    pub fn check_safe(&self) -> Result<(), ConfigError> {
        match url::Url::parse(&self.public_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {}
            _ => {
                return Err(ConfigError::Unsafe(format!(
                    "public-url (PORTAL_PUBLIC_URL) {:?} is not an http(s) address such as https://portal.example.com.",
                    self.public_url
                )))
            }
        }
        if self.is_production() && !self.secure_cookies() {
            return Err(ConfigError::Unsafe(format!(
                "env is PROD but public-url (PORTAL_PUBLIC_URL) is {:?}: production needs an https:// public URL.",
                self.public_url
            )));
        }
        if self.demo_data && (self.is_production() || self.secure_cookies()) {
            return Err(ConfigError::Unsafe(
                "demo-data (PORTAL_DEMO_DATA) is on, but this server is public (env PROD or an https public-url): demo accounts have published passwords. Turn demo-data off and create a staff user with `portal create-staff`.".to_string(),
            ));
        }
        Ok(())
    }

    /// The public URL's origin (`https://portal.example.com`), which the
    /// `Origin` of the portal's own requests carries.
    pub fn public_origin(&self) -> String {
        url::Url::parse(&self.public_url)
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_else(|_| self.public_url.clone())
    }

    /// The session cookie's name. Over https it is `__Host-` prefixed, which
    /// browsers only accept Secure, for this host alone and the whole site.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies() {
            "__Host-portal_session"
        } else {
            "portal_session"
        }
    }

    fn resolve_mail(file: &PortalSection) -> Result<MailSettings, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let defaults = MailSettings::default();
        let text = |name: &str, from_file: &Option<String>, default: &str| {
            env(name)
                .or_else(|| from_file.clone())
                .unwrap_or_else(|| default.to_string())
        };
        let tls = match text("PORTAL_SMTP_TLS", &file.smtp_tls, "starttls")
            .to_ascii_lowercase()
            .as_str()
        {
            "none" => SmtpTls::None,
            "starttls" => SmtpTls::StartTls,
            "tls" => SmtpTls::Tls,
            other => {
                return Err(ConfigError::Env {
                    name: "PORTAL_SMTP_TLS",
                    value: other.to_string(),
                })
            }
        };
        let default_port = match tls {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        };
        let transport = match env("PORTAL_SMTP_HOST").or_else(|| file.smtp_host.clone()) {
            Some(host) => {
                let port = positive("PORTAL_SMTP_PORT", file.smtp_port, default_port)?;
                MailTransportSettings::Smtp(SmtpSettings {
                    host,
                    port: u16::try_from(port).map_err(|_| ConfigError::Env {
                        name: "PORTAL_SMTP_PORT",
                        value: port.to_string(),
                    })?,
                    tls,
                    username: env("PORTAL_SMTP_USERNAME").or_else(|| file.smtp_username.clone()),
                    password: env("PORTAL_SMTP_PASSWORD").or_else(|| file.smtp_password.clone()),
                })
            }
            None => MailTransportSettings::Folder(
                text("PORTAL_MAIL_DIR", &file.mail_dir, "mail").into(),
            ),
        };
        let worker = match env("PORTAL_MAIL_WORKER") {
            Some(value) => parse_bool("PORTAL_MAIL_WORKER", &value)?,
            None => file.mail_worker.unwrap_or(true),
        };
        Ok(MailSettings {
            from: text("PORTAL_MAIL_FROM", &file.mail_from, &defaults.from),
            sender_name: text(
                "PORTAL_SENDER_NAME",
                &file.sender_name,
                &defaults.sender_name,
            ),
            transport,
            worker,
            concurrency: positive("PORTAL_MAIL_CONCURRENCY", file.mail_concurrency, 8)? as usize,
            max_attempts: positive("PORTAL_MAIL_MAX_ATTEMPTS", file.mail_max_attempts, 8)? as i32,
            retry_seconds: positive("PORTAL_MAIL_RETRY_SECONDS", file.mail_retry_seconds, 60)?,
            claim_timeout_seconds: positive(
                "PORTAL_MAIL_CLAIM_TIMEOUT_SECONDS",
                file.mail_claim_timeout_seconds,
                300,
            )?,
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// A whole number above zero from the environment, else the file, else `default`.
fn positive(name: &'static str, from_file: Option<i64>, default: i64) -> Result<i64, ConfigError> {
    match std::env::var(name).ok().filter(|v| !v.is_empty()) {
        Some(value) => value
            .parse()
            .ok()
            .filter(|n: &i64| *n > 0 && *n <= i64::from(i32::MAX))
            .ok_or(ConfigError::Env { name, value }),
        None => Ok(from_file.filter(|n| *n > 0).unwrap_or(default)),
    }
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::Env {
            name,
            value: value.to_string(),
        }),
    }
}

/// Whether the build's list of hashed file names (cargo-leptos writes it
/// beside the server binary) is where Leptos will read it.
fn hash_file_present(leptos: &LeptosOptions) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(leptos.hash_file.as_ref())))
        .is_some_and(|path| path.is_file())
}
