//! A mailbox for tests: the outbox's worker delivers into it, as it would to
//! a mail server, so tests read emails (and the secrets of their links) the
//! way a recipient does. The outbox itself never holds a link's secret.

use std::sync::Mutex;

use async_trait::async_trait;
use portal::auth::TokenPurpose;
use portal::email::transport::{DeliveryError, Transport};

use super::mime;
use super::TestApp;

/// One delivered email, decoded.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Delivered {
    /// The token of the link for `purpose` in this email, if it has one.
    pub fn link_token(&self, public_url: &str, purpose: TokenPurpose) -> Option<String> {
        let prefix = format!("{public_url}{}?token=", purpose.path());
        let start = self.text.find(&prefix)? + prefix.len();
        Some(
            self.text[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect(),
        )
    }
}

/// Keeps every message handed to it.
#[derive(Default)]
pub struct Mailbox {
    pub messages: Mutex<Vec<Delivered>>,
}

#[async_trait]
impl Transport for Mailbox {
    async fn deliver(&self, message: lettre::Message) -> Result<String, DeliveryError> {
        let raw = String::from_utf8_lossy(&message.formatted()).into_owned();
        let parsed = mime::parse(&raw);
        self.messages.lock().unwrap().push(Delivered {
            to: parsed.header("To").unwrap_or_default().to_string(),
            subject: parsed.header("Subject").unwrap_or_default().to_string(),
            text: parsed.text.clone().unwrap_or_default(),
            html: parsed.html.clone().unwrap_or_default(),
        });
        Ok("Accepted by the test mailbox.".to_string())
    }
}

pub async fn deliver_all(app: &TestApp) -> Vec<Delivered> {
    let mailbox = Mailbox::default();
    loop {
        let handled = portal::email::worker::run_once(
            &app.db.db,
            &mailbox,
            &app.settings.mail,
            "test mailbox worker",
            app.clock.now(),
        )
        .await
        .expect("deliver the outbox");
        if handled == 0 {
            break;
        }
    }
    mailbox.messages.into_inner().unwrap()
}

/// The token of the newest delivered email to `to` that carries a link for
/// `purpose` (delivering what is due first).
pub async fn latest_token(app: &TestApp, to: &str, purpose: TokenPurpose) -> String {
    let delivered = app.deliver_mail().await;
    delivered
        .iter()
        .rev()
        .filter(|mail| mail.to.contains(to))
        .find_map(|mail| mail.link_token(&app.settings.public_url, purpose))
        .unwrap_or_else(|| panic!("no {purpose:?} link was delivered to {to}: {delivered:#?}"))
}
