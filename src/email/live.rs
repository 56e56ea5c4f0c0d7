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

use super::history::{changes_after, CHANGES_PER_QUERY};
use super::{EmailStatus, EmailStatusChange};
use crate::auth::caller::Caller;
use crate::error::AppResult;
use crate::server::AppState;

/// How often the feed looks when nothing local woke it.
const POLL: std::time::Duration = std::time::Duration::from_secs(2);
/// Every look goes back this far before the newest change already sent. On
/// connect that replays the moment between loading the list and opening the
/// feed; after that it catches a change stamped earlier than one already sent
/// because its transaction committed later (a slow send, a worker's settle, an
/// app server whose clock runs a little behind). What was sent is not repeated.
const LOOK_BACK_SECONDS: i64 = 30;
/// Pages of `CHANGES_PER_QUERY` read in one look, at most.
const MAX_PAGES: usize = 10;

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    pub organization_id: i32,
    pub contact_id: Option<i32>,
}

struct Feed {
    state: AppState,
    query: FeedQuery,
    changes: broadcast::Receiver<()>,
    /// The newest `updated_at` sent (at first, when the feed opened).
    cursor: DateTime<Utc>,
    /// What was sent for each email still inside the look-back window.
    sent: HashMap<i32, (EmailStatus, DateTime<Utc>)>,
    /// Where the next look goes on when the last one stopped at `MAX_PAGES`.
    resume: Option<(DateTime<Utc>, i32)>,
    first: bool,
}

impl Feed {
    /// The changes inside the look-back window that were not sent yet. A look
    /// that stops at `MAX_PAGES` leaves the rest to the next one.
    async fn look(&mut self) -> AppResult<Vec<EmailStatusChange>> {
        let since = self.cursor - Duration::seconds(LOOK_BACK_SECONDS);
        let mut fresh = Vec::new();
        let mut after = self.resume.take();
        for _ in 0..MAX_PAGES {
            let page = changes_after(
                &self.state.db,
                self.query.organization_id,
                self.query.contact_id,
                since,
                after,
            )
            .await?;
            let full = page.len() as u64 == CHANGES_PER_QUERY;
            after = page.last().map(|c| (c.updated_at, c.id));
            fresh.extend(
                page.into_iter()
                    .filter(|c| self.sent.get(&c.id) != Some(&(c.status, c.updated_at))),
            );
            if !full {
                return Ok(fresh);
            }
        }
        self.resume = after;
        Ok(fresh)
    }

    async fn next_batch(&mut self) -> Vec<EmailStatusChange> {
        loop {
            if !self.first {
                tokio::select! {
                    _ = self.changes.recv() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
            self.first = false;
            let Ok(fresh) = self.look().await else {
                continue;
            };
            if let Some(latest) = fresh.iter().map(|c| c.updated_at).max() {
                self.cursor = self.cursor.max(latest);
                for change in &fresh {
                    self.sent
                        .insert(change.id, (change.status, change.updated_at));
                }
                let window_start = self.cursor - Duration::seconds(LOOK_BACK_SECONDS);
                self.sent.retain(|_, (_, at)| *at >= window_start);
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
        cursor: Utc::now(),
        sent: HashMap::new(),
        resume: None,
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
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
