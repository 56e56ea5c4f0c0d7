//! `GET /api/email/live`: a Server-Sent Events feed of status changes for an
//! open Email History. It reads the database, not memory, so changes made by
//! any app server's worker arrive; a local change only makes it look sooner.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use std::convert::Infallible;
use tokio::sync::broadcast;
use tower_sessions::Session;

use super::history::changes_since;
use super::{EmailStatus, EmailStatusChange};
use crate::auth::caller::Caller;
use crate::server::AppState;

/// How often the feed looks when nothing local woke it.
const POLL: std::time::Duration = std::time::Duration::from_secs(2);
/// Changes this recent are replayed on connect, covering the moment between
/// loading the list and opening the feed.
const REPLAY_SECONDS: i64 = 30;

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    pub organization_id: i32,
    pub contact_id: Option<i32>,
}

struct Feed {
    state: AppState,
    query: FeedQuery,
    changes: broadcast::Receiver<()>,
    cursor: DateTime<Utc>,
    sent: HashMap<i32, (EmailStatus, DateTime<Utc>)>,
    first: bool,
}

impl Feed {
    async fn next_batch(&mut self) -> Vec<EmailStatusChange> {
        loop {
            if !self.first {
                tokio::select! {
                    _ = self.changes.recv() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
            self.first = false;
            let found = match changes_since(
                &self.state.db,
                self.query.organization_id,
                self.query.contact_id,
                self.cursor,
            )
            .await
            {
                Ok(found) => found,
                Err(_) => continue,
            };
            let fresh: Vec<_> = found
                .into_iter()
                .filter(|c| self.sent.get(&c.id) != Some(&(c.status, c.updated_at)))
                .collect();
            if let Some(latest) = fresh.iter().map(|c| c.updated_at).max() {
                self.cursor = latest;
                self.sent.retain(|_, (_, at)| *at >= latest);
                for change in &fresh {
                    self.sent.insert(change.id, (change.status, change.updated_at));
                }
                return fresh;
            }
        }
    }
}

pub async fn status_feed(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<FeedQuery>,
) -> Response {
    match Caller::from_session(&state.db, &session).await {
        Ok(Caller::Staff(_)) => {}
        Ok(Caller::Anonymous) => return StatusCode::UNAUTHORIZED.into_response(),
        Ok(Caller::Contact(_)) => return StatusCode::FORBIDDEN.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let feed = Feed {
        changes: state.email.subscribe(),
        state,
        query,
        cursor: Utc::now() - Duration::seconds(REPLAY_SECONDS),
        sent: HashMap::new(),
        first: true,
    };
    let stream = futures::stream::unfold(feed, |mut feed| async move {
        let batch = feed.next_batch().await;
        let event = Event::default()
            .event("status")
            .json_data(&batch)
            .unwrap_or_else(|_| Event::default().comment("unserializable"));
        Some((Ok::<_, Infallible>(event), feed))
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}
