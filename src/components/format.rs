//! Display formats shared by server and browser (both render UTC, so hydration matches).

use chrono::{DateTime, Utc};

pub fn date_time(at: &DateTime<Utc>) -> String {
    at.format("%b %-d, %Y %-I:%M %p UTC").to_string()
}

pub fn date_time_or(at: Option<&DateTime<Utc>>, none: &str) -> String {
    at.map(date_time).unwrap_or_else(|| none.to_string())
}
