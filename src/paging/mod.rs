//! One page of a longer list, as every paged server function returns it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: u64,
    /// Zero-based offset of the first item.
    pub offset: u64,
    pub limit: u64,
}

impl<T> Page<T> {
    pub fn has_more(&self) -> bool {
        self.offset + (self.items.len() as u64) < self.total
    }

    /// One-based page number, for page-numbered lists.
    pub fn page_number(&self) -> u64 {
        self.offset / self.limit.max(1) + 1
    }

    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(self.limit.max(1)).max(1)
    }
}

/// The offset of a one-based `page` of `per_page` items. Page 0 counts as page
/// 1, and a page far past the end stays a valid (empty) offset instead of
/// overflowing what the database accepts.
pub fn offset_of(page: u64, per_page: u64) -> u64 {
    page.max(1)
        .saturating_sub(1)
        .saturating_mul(per_page)
        .min(i64::MAX as u64)
}

/// The form of a text that searches compare: lower-cased in Rust with full
/// Unicode rules. Databases' own `lower()` differ (SQLite's only folds A–Z), so
/// searchable rows keep this form in a column of their own.
pub fn search_key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A LIKE pattern matching `text` anywhere in a `search_key` column, with LIKE's
/// wildcards escaped (use `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in search_key(text).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The fewest characters a trigram index can look up; shorter searches scan.
pub const TRIGRAM_MIN_CHARS: usize = 3;

/// An SQLite FTS5 phrase that matches `text` anywhere in a trigram-indexed
/// `search_key` column, exactly as `contains_pattern` does, or `None` when the
/// text is too short for trigrams (those searches use the pattern instead).
pub fn trigram_phrase(text: &str) -> Option<String> {
    let key = search_key(text);
    // FTS5 reads a NUL as the end of the query; such a search scans instead.
    if key.chars().count() < TRIGRAM_MIN_CHARS || key.contains('\0') {
        return None;
    }
    // Inside a phrase everything is literal except the quote, which doubles.
    Some(format!("\"{}\"", key.replace('"', "\"\"")))
}

#[cfg(test)]
mod tests {
    use super::{offset_of, trigram_phrase};

    #[test]
    fn offsets_start_at_page_one_and_never_overflow() {
        assert_eq!(offset_of(0, 25), 0);
        assert_eq!(offset_of(1, 25), 0);
        assert_eq!(offset_of(3, 25), 50);
        assert_eq!(offset_of(1 << 59, 25), i64::MAX as u64);
        assert_eq!(offset_of(u64::MAX, 25), i64::MAX as u64);
    }

    #[test]
    fn trigram_phrases_are_literal_and_need_three_characters() {
        assert_eq!(trigram_phrase("  Print "), Some("\"print\"".to_string()));
        assert_eq!(
            trigram_phrase(r#"say "hi" 100%"#),
            Some(r#""say ""hi"" 100%""#.to_string())
        );
        assert_eq!(trigram_phrase("ÉCO"), Some("\"éco\"".to_string()));
        assert_eq!(trigram_phrase("ab"), None);
        assert_eq!(trigram_phrase(" é "), None);
        assert_eq!(trigram_phrase("a\0bc"), None);
    }
}
