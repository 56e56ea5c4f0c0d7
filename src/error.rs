//! One error type for the whole app: server functions return it, the browser
//! shows its plain sentence, and the real cause of an `Internal` goes to the log.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You don't have access to this.")]
    Forbidden,
    #[error("We couldn't find that. It may have been removed.")]
    NotFound,
    /// Bad input. `field` names the form field the message belongs next to;
    /// `None` means the message is about the form as a whole.
    #[error("{message}")]
    Validation {
        field: Option<String>,
        message: String,
    },
    /// Someone else changed the record first, or the action clashes with its state.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts in a short time; the message says how long to wait.
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The request never reached a server function, or its answer could not be read.
    #[error("The portal could not be reached. Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    pub fn form(message: impl Into<String>) -> Self {
        Self::Validation {
            field: None,
            message: message.into(),
        }
    }

    /// A save refused because someone else saved `what` ("this contact") after it was read.
    pub fn stale(what: &str) -> Self {
        Self::Conflict(format!(
            "Someone else saved {what} while you were editing. Nothing was overwritten; reload to see their changes."
        ))
    }

    /// The message for one form field, if this error is about it.
    pub fn message_for(&self, name: &str) -> Option<String> {
        match self {
            Self::Validation {
                field: Some(f),
                message,
            } if f == name => Some(message.clone()),
            _ => None,
        }
    }

    /// The message to show at the top of a form: everything that is not tied to a field.
    pub fn form_message(&self) -> Option<String> {
        match self {
            Self::Validation { field: Some(_), .. } => None,
            other => Some(other.to_string()),
        }
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Validation { .. } => 422,
            Self::Conflict(_) => 409,
            Self::TooManyAttempts(_) => 429,
            Self::Internal => 500,
            Self::Transport(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        Self::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        tracing::error!(error = %err, "session error");
        Self::Internal
    }
}

pub type AppResult<T> = Result<T, AppError>;
