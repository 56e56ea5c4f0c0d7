//! `GET /api/email/live`: a Server-Sent Events feed of status changes for an
//! open Email History. It reads the database, not memory, so changes made by
//! any app server's worker arrive; a local change only makes it look sooner.
//! A feed outlives the request that opened it, so it checks its session and
//! its person again every `RECHECK` and ends when either is gone; one person
//! may hold `FEEDS_PER_PERSON` feeds open on a server at once.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;
use tower_sessions::Session;

use super::history::{changes_after, CHANGES_PER_QUERY};
use super::{EmailStatus, EmailStatusChange};
use crate::auth::caller::{lookup, Caller, RequestCaller, SessionPrincipal};
use crate::auth::session_store::still_alive;
use crate::error::AppResult;
use crate::server::AppState;

/// How often an open feed checks that its session and person still may see it.
const RECHECK: std::time::Duration = std::time::Duration::from_secs(30);
/// Open feeds one person may hold on one server.
pub const FEEDS_PER_PERSON: usize = 4;

/// How many feeds each person has open on this server.
#[derive(Clone, Default)]
pub struct FeedLimits {
    open: Arc<Mutex<HashMap<SessionPrincipal, usize>>>,
}

/// One open feed, counted until it is dropped.
struct FeedSlot {
    limits: FeedLimits,
    principal: SessionPrincipal,
}

impl FeedLimits {
    fn take(&self, principal: SessionPrincipal) -> Option<FeedSlot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(principal).or_default();
        if *count >= FEEDS_PER_PERSON {
            return None;
        }
        *count += 1;
        Some(FeedSlot {
            limits: self.clone(),
            principal,
        })
    }

    /// How many feeds `principal` has open here.
    pub fn open_for(&self, principal: SessionPrincipal) -> usize {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.get(&principal).copied().unwrap_or(0)
    }
}

impl Drop for FeedSlot {
    fn drop(&mut self) {
        let mut open = self.limits.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.principal) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.principal);
            }
        }
    }
}

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
    /// Whose feed it is and which session opened it, checked every `RECHECK`.
    principal: SessionPrincipal,
    session_key: String,
    checked_at: tokio::time::Instant,
    _slot: FeedSlot,
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

    /// Whether the feed may go on: its session is alive and its person is
    /// still staff who may sign in.
    async fn still_allowed(&self) -> bool {
        let now = self.state.clock.now();
        let lifetimes = crate::auth::sessions::lifetimes(&self.state.settings);
        match still_alive(&self.state.db, &self.session_key, now, lifetimes).await {
            Ok(Some(principal)) if principal == self.principal => {
                matches!(
                    lookup(&self.state.db, principal).await,
                    Ok(Some(Caller::Staff(_)))
                )
            }
            _ => false,
        }
    }

    /// The next changes to send; `None` when the feed must end.
    async fn next_batch(&mut self) -> Option<Vec<EmailStatusChange>> {
        loop {
            if self.checked_at.elapsed() >= RECHECK {
                if !self.still_allowed().await {
                    return None;
                }
                self.checked_at = tokio::time::Instant::now();
            }
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
                return Some(fresh);
            }
        }
    }
}

/// Where the live Email History feed is served.
pub const FEED_PATH: &str = "/api/email/live";

pub async fn status_feed(
    State(state): State<AppState>,
    session: Session,
    Extension(asked): Extension<RequestCaller>,
    Query(query): Query<FeedQuery>,
) -> Response {
    let principal = match &asked.caller {
        Caller::Staff(_) => match asked.caller.principal() {
            Some(principal) => principal,
            None => return StatusCode::UNAUTHORIZED.into_response(),
        },
        Caller::Anonymous => return StatusCode::UNAUTHORIZED.into_response(),
        Caller::Contact(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let Some(session_key) = crate::auth::sessions::current_key(&session) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Some(slot) = state.feeds.take(principal) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "You have too many Email Histories open. Close one and try again.",
        )
            .into_response();
    };
    let feed = Feed {
        changes: state.email.subscribe(),
        cursor: state.clock.now(),
        state,
        query,
        principal,
        session_key,
        checked_at: tokio::time::Instant::now(),
        _slot: slot,
        sent: HashMap::new(),
        resume: None,
        first: true,
    };
    let stream = futures::stream::unfold(feed, |mut feed| async move {
        let batch = feed.next_batch().await?;
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
