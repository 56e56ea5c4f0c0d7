//! A bound on the pages and server function calls the server works on at
//! once. Each render holds its reactive tree, its resources and its output
//! until it has streamed out; under 256 connections the server otherwise
//! starts all of them together, and memory grows with the queue instead of
//! with the work the cores can do. Past the bound a request waits for a turn,
//! costing only its head.
//!
//! A turn lasts until the answer's body has finished streaming, not just
//! until its head is ready. Event streams (the live Email History) never take
//! one: they stay open for as long as the page does.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Turns per core: enough to keep the cores busy while some renders wait on
/// the database.
const TURNS_PER_CORE: usize = 4;

/// The turns one server hands out.
#[derive(Clone, Debug)]
pub struct InFlight(Arc<Semaphore>);

impl Default for InFlight {
    fn default() -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        Self::with_turns(cores * TURNS_PER_CORE)
    }
}

impl InFlight {
    pub fn with_turns(turns: usize) -> Self {
        Self(Arc::new(Semaphore::new(turns.max(1))))
    }

    /// Turns free right now.
    pub fn available(&self) -> usize {
        self.0.available_permits()
    }
}

/// Middleware: waits for a turn, and gives it back when the answer has gone out.
pub async fn limit(State(turns): State<InFlight>, request: Request, next: Next) -> Response {
    if request.uri().path() == crate::email::live::FEED_PATH {
        return next.run(request).await;
    }
    let Ok(turn) = turns.0.clone().acquire_owned().await else {
        // The semaphore is never closed; serve rather than fail if it were.
        return next.run(request).await;
    };
    let (parts, body) = next.run(request).await.into_parts();
    let stream = futures::StreamExt::map(body.into_data_stream(), move |chunk| {
        let _holding = &turn;
        chunk
    });
    Response::from_parts(parts, Body::from_stream(stream))
}
