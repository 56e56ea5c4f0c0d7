//! Where messages go: an SMTP server through lettre, or a folder of .eml files
//! (the default, so the portal runs with no mail server). Failures come back
//! classified, temporary or permanent, with a sentence a person can act on.

use async_trait::async_trait;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::server::config::{MailSettings, MailTransportSettings, SmtpSettings, SmtpTls};

/// Why a delivery did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryError {
    /// Worth trying again later: the server was unreachable, busy, or answered 4xx.
    Temporary(String),
    /// Trying again will not help: the server answered 5xx.
    Permanent(String),
}

#[async_trait]
pub trait Transport: Send + Sync + 'static {
    /// Hands one message over; `Ok` says, in a sentence, who took it and their answer.
    async fn deliver(&self, message: Message) -> Result<String, DeliveryError>;
}

pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    server: String,
}

impl SmtpTransport {
    pub fn new(settings: &SmtpSettings, connections: u32) -> Result<Self, String> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .timeout(Some(Duration::from_secs(30)))
            .pool_config(PoolConfig::new().max_size(connections.max(1)));
        match settings.tls {
            SmtpTls::None => {}
            SmtpTls::StartTls | SmtpTls::Tls => {
                let parameters = TlsParameters::new(settings.host.clone())
                    .map_err(|err| format!("TLS settings for {}: {err}", settings.host))?;
                builder = builder.tls(if settings.tls == SmtpTls::Tls {
                    Tls::Wrapper(parameters)
                } else {
                    Tls::Required(parameters)
                });
            }
        }
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            inner: builder.build(),
            server: format!("{}:{}", settings.host, settings.port),
        })
    }
}

#[async_trait]
impl Transport for SmtpTransport {
    async fn deliver(&self, message: Message) -> Result<String, DeliveryError> {
        match self.inner.send(message).await {
            Ok(response) => Ok(format!(
                "Accepted by the mail server at {}: {} {}",
                self.server,
                response.code(),
                response.message().collect::<Vec<_>>().join(" ")
            )
            .trim()
            .to_string()),
            Err(err) => Err(classify_smtp(&err, &self.server)),
        }
    }
}

/// The innermost cause of an error, which is where the useful words are.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

fn classify_smtp(err: &lettre::transport::smtp::Error, server: &str) -> DeliveryError {
    use std::error::Error;
    let reply = err.source().map(|s| s.to_string()).unwrap_or_default();
    if let Some(code) = err.status() {
        let reply = format!("{code} {reply}").trim().to_string();
        return if err.is_permanent() {
            DeliveryError::Permanent(format!("The mail server refused the message: {reply}"))
        } else {
            DeliveryError::Temporary(format!(
                "The mail server asked us to try again later: {reply}"
            ))
        };
    }
    let cause = err.source().map(root_cause).unwrap_or_else(|| err.to_string());
    if err.is_timeout() {
        DeliveryError::Temporary(format!("The mail server at {server} did not answer in time."))
    } else if err.is_tls() {
        DeliveryError::Temporary(format!(
            "A secure connection to the mail server at {server} failed: {cause}"
        ))
    } else {
        DeliveryError::Temporary(format!(
            "Could not reach the mail server at {server}: {cause}"
        ))
    }
}

/// Writes each message as `<uuid>.eml` into a folder.
pub struct FolderTransport {
    inner: AsyncFileTransport<Tokio1Executor>,
    folder: PathBuf,
}

impl FolderTransport {
    pub fn new(folder: PathBuf) -> Self {
        Self {
            inner: AsyncFileTransport::new(&folder),
            folder,
        }
    }
}

#[async_trait]
impl Transport for FolderTransport {
    async fn deliver(&self, message: Message) -> Result<String, DeliveryError> {
        if let Err(err) = tokio::fs::create_dir_all(&self.folder).await {
            return Err(DeliveryError::Temporary(format!(
                "Could not create the mail folder {}: {err}",
                self.folder.display()
            )));
        }
        match self.inner.send(message).await {
            Ok(id) => Ok(format!(
                "Written to the mail folder as {}",
                self.folder.join(format!("{id}.eml")).display()
            )),
            Err(err) => Err(DeliveryError::Temporary(format!(
                "Could not write to the mail folder {}: {}",
                self.folder.display(),
                root_cause(&err)
            ))),
        }
    }
}

/// The transport the settings ask for.
pub fn from_settings(settings: &MailSettings) -> Result<Arc<dyn Transport>, String> {
    Ok(match &settings.transport {
        MailTransportSettings::Smtp(smtp) => {
            Arc::new(SmtpTransport::new(smtp, settings.concurrency as u32)?)
        }
        MailTransportSettings::Folder(folder) => Arc::new(FolderTransport::new(folder.clone())),
    })
}
