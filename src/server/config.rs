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
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub leptos: LeptosOptions,
    /// `sqlite://portal.db?mode=rwc` (default) or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// The address people reach the portal at; used in emailed links and to decide
    /// whether cookies are marked Secure.
    pub public_url: String,
    /// Load the demo organizations into an empty database on start.
    pub demo_data: bool,
    /// A session ends after this many hours without a request.
    pub session_idle_hours: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct PortalSection {
    database_url: Option<String>,
    public_url: Option<String>,
    demo_data: Option<bool>,
    session_idle_hours: Option<i64>,
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

    fn resolve(leptos: LeptosOptions, file: PortalSection) -> Result<Self, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let database_url = env("DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| "sqlite://portal.db?mode=rwc".to_string());
        let public_url = env("PORTAL_PUBLIC_URL")
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        let demo_data = match env("PORTAL_DEMO_DATA") {
            Some(value) => parse_bool("PORTAL_DEMO_DATA", &value)?,
            None => file.demo_data.unwrap_or(true),
        };
        let session_idle_hours = match env("PORTAL_SESSION_IDLE_HOURS") {
            Some(value) => value
                .parse()
                .ok()
                .filter(|h| *h > 0)
                .ok_or(ConfigError::Env {
                    name: "PORTAL_SESSION_IDLE_HOURS",
                    value,
                })?,
            None => file.session_idle_hours.unwrap_or(12),
        };
        Ok(Self {
            leptos,
            database_url,
            public_url: public_url.trim_end_matches('/').to_string(),
            demo_data,
            session_idle_hours,
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
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
