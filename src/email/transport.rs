//! Where messages go: an SMTP server through lettre, or a folder of .eml files
//! (the default, so the portal runs with no mail server). Failures come back
//! classified, temporary or permanent, with a sentence a person can act on.

use async_trait::async_trait;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
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

/// Delivers over SMTP with lettre's protocol client on connections this
/// transport opens itself, so it can turn off Nagle's algorithm: lettre 0.11.23
/// writes a message's body and its closing `.` separately, and with Nagle on
/// every message waits out the server's 40 ms delayed ACK (fixed upstream in
/// lettre PR #1159, not yet released). Idle connections are kept for reuse, up
/// to `connections`, and checked with NOOP before reuse.
pub struct SmtpTransport {
    settings: SmtpSettings,
    hello: ClientId,
    idle: tokio::sync::Mutex<Vec<AsyncSmtpConnection>>,
    connections: usize,
    server: String,
}

/// How long one delivery (connect, handshake, message, reply) may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A failure before SMTP could even start: no connection, or no secure one.
struct ConnectError(String);

impl SmtpTransport {
    pub fn new(settings: &SmtpSettings, connections: u32) -> Result<Self, String> {
        if settings.tls != SmtpTls::None {
            TlsParameters::new(settings.host.clone())
                .map_err(|err| format!("TLS settings for {}: {err}", settings.host))?;
        }
        Ok(Self {
            settings: settings.clone(),
            hello: ClientId::default(),
            idle: tokio::sync::Mutex::new(Vec::new()),
            connections: connections.max(1) as usize,
            server: format!("{}:{}", settings.host, settings.port),
        })
    }

    fn tls(&self) -> Result<TlsParameters, ConnectError> {
        TlsParameters::new(self.settings.host.clone())
            .map_err(|err| ConnectError(format!("TLS settings for {}: {err}", self.settings.host)))
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SmtpFailure> {
        let address = (self.settings.host.as_str(), self.settings.port);
        let mut connection = if self.settings.tls == SmtpTls::Tls {
            // TLS from the first byte: lettre opens this one itself.
            AsyncSmtpConnection::connect_tokio1(
                address,
                Some(SMTP_TIMEOUT),
                &self.hello,
                Some(self.tls()?),
                None,
            )
            .await?
        } else {
            let stream = tokio::net::TcpStream::connect(address)
                .await
                .map_err(|err| {
                    ConnectError(format!(
                        "Could not reach the mail server at {}: {err}",
                        self.server
                    ))
                })?;
            let _ = stream.set_nodelay(true);
            let mut connection =
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello).await?;
            if self.settings.tls == SmtpTls::StartTls {
                if !connection.can_starttls() {
                    connection.abort().await;
                    return Err(ConnectError(format!(
                        "The mail server at {} does not offer STARTTLS, and the portal is set to require it (smtp-tls).",
                        self.server
                    ))
                    .into());
                }
                connection.starttls(self.tls()?, &self.hello).await?;
            }
            connection
        };
        if let (Some(user), Some(password)) = (&self.settings.username, &self.settings.password) {
            connection
                .auth(
                    &[Mechanism::Plain, Mechanism::Login],
                    &Credentials::new(user.clone(), password.clone()),
                )
                .await?;
        }
        Ok(connection)
    }

    async fn send_on(
        &self,
        connection: &mut AsyncSmtpConnection,
        message: &Message,
    ) -> Result<String, SmtpFailure> {
        let response = connection
            .send(message.envelope(), &message.formatted())
            .await?;
        Ok(format!(
            "Accepted by the mail server at {}: {} {}",
            self.server,
            response.code(),
            response.message().collect::<Vec<_>>().join(" ")
        )
        .trim()
        .to_string())
    }

    /// A pooled connection that still answers, or a new one. Nothing is sent
    /// twice: a message only ever goes down one connection.
    async fn connection(&self) -> Result<AsyncSmtpConnection, SmtpFailure> {
        loop {
            let Some(mut connection) = self.idle.lock().await.pop() else {
                return self.connect().await;
            };
            // A server may close an idle connection at any time (a restart, its
            // idle limit): NOOP first, as lettre's own pool does.
            if connection.test_connected().await {
                return Ok(connection);
            }
            connection.abort().await;
        }
    }

    async fn deliver_within_timeout(&self, message: &Message) -> Result<String, SmtpFailure> {
        let mut connection = self.connection().await?;
        let outcome = self.send_on(&mut connection, message).await;
        if connection.has_broken() {
            connection.abort().await;
        } else {
            let mut idle = self.idle.lock().await;
            if idle.len() < self.connections {
                idle.push(connection);
            }
        }
        outcome
    }
}

enum SmtpFailure {
    Connect(ConnectError),
    Smtp(lettre::transport::smtp::Error),
}

impl From<ConnectError> for SmtpFailure {
    fn from(err: ConnectError) -> Self {
        Self::Connect(err)
    }
}

impl From<lettre::transport::smtp::Error> for SmtpFailure {
    fn from(err: lettre::transport::smtp::Error) -> Self {
        Self::Smtp(err)
    }
}

#[async_trait]
impl Transport for SmtpTransport {
    async fn deliver(&self, message: Message) -> Result<String, DeliveryError> {
        match tokio::time::timeout(SMTP_TIMEOUT, self.deliver_within_timeout(&message)).await {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(SmtpFailure::Connect(ConnectError(message)))) => {
                Err(DeliveryError::Temporary(message))
            }
            Ok(Err(SmtpFailure::Smtp(err))) => Err(classify_smtp(&err, &self.server)),
            Err(_) => Err(DeliveryError::Temporary(format!(
                "The mail server at {} did not answer within {} seconds.",
                self.server,
                SMTP_TIMEOUT.as_secs()
            ))),
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
    let cause = err
        .source()
        .map(root_cause)
        .unwrap_or_else(|| err.to_string());
    if err.is_timeout() {
        DeliveryError::Temporary(format!(
            "The mail server at {server} did not answer in time."
        ))
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
