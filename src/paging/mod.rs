//! One page of a longer list, as every paged server function returns it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match in all, or, when `at_least`, how many the list
    /// counted before it stopped.
    pub total: u64,
    /// Zero-based offset of the first item.
    pub offset: u64,
    pub limit: u64,
    /// More than `total` match: counting a search that matches very many
    /// stops at [`COUNT_LIMIT`] instead of reading every match.
    #[serde(default)]
    pub at_least: bool,
}

/// How far a search that would read every row to count its matches counts;
/// past it the list says "more than 1000" (and pages on while pages are full).
pub const COUNT_LIMIT: u64 = 1_000;

impl<T> Page<T> {
    pub fn has_more(&self) -> bool {
        let end = self.offset + (self.items.len() as u64);
        end < self.total || (self.at_least && self.items.len() as u64 == self.limit)
    }

    /// One-based page number, for page-numbered lists.
    pub fn page_number(&self) -> u64 {
        self.offset / self.limit.max(1) + 1
    }

    /// The pages known to exist: with an `at_least` total, the counted ones
    /// and, while this page is full, the next.
    pub fn page_count(&self) -> u64 {
        let counted = self.total.div_ceil(self.limit.max(1)).max(1);
        if self.at_least && self.has_more() {
            counted.max(self.page_number() + 1)
        } else {
            counted
        }
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

/// How many rows `query` matches, counted up to [`COUNT_LIMIT`]: the count
/// and whether more match. Reads at most one row past the limit, however
/// many match.
#[cfg(feature = "ssr")]
pub async fn count_up_to_limit<E>(
    db: &impl sea_orm::ConnectionTrait,
    query: sea_orm::Select<E>,
) -> Result<(u64, bool), sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
{
    use sea_orm::QuerySelect;
    let counted = query
        .select_only()
        .expr(sea_orm::sea_query::Expr::val(1))
        .limit(COUNT_LIMIT + 1)
        .into_tuple::<i32>()
        .all(db)
        .await?
        .len() as u64;
    Ok((counted.min(COUNT_LIMIT), counted > COUNT_LIMIT))
}

/// Where the database reads one page of an ordered list: from the start of
/// the order, or, for a page nearer the end, from the end of the reversed
/// order. Both databases walk an index from either end, so the last page of
/// 100,000 rows costs what the first does instead of stepping over 99,975.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Offset in the order the query uses (reversed when `reversed`).
    pub offset: u64,
    pub limit: u64,
    /// The query reads the order backwards; the caller reverses the rows.
    pub reversed: bool,
}

impl Window {
    /// The window for rows `offset..offset + limit` of `total`.
    pub fn of(offset: u64, limit: u64, total: u64) -> Self {
        let end = offset.saturating_add(limit);
        if offset < total && total - offset < end {
            Window {
                offset: total.saturating_sub(end),
                limit: Ord::min(limit, total - offset),
                reversed: true,
            }
        } else {
            Window {
                offset,
                limit,
                reversed: false,
            }
        }
    }

    /// The window for rows `offset..offset + limit` of a list whose count
    /// stopped at its limit (`Page::at_least`): its end is unknown, so read
    /// from the start.
    pub fn counted(offset: u64, limit: u64, total: u64, at_least: bool) -> Self {
        Self::of(offset, limit, if at_least { u64::MAX } else { total })
    }

    /// How many rows of the order the database steps over to finish the page.
    pub fn depth(&self) -> u64 {
        self.offset.saturating_add(self.limit)
    }
}

/// One key of a list's order; a list's keys end in its unique id.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct SortKey<C> {
    pub column: C,
    pub order: sea_orm::Order,
    pub nulls: Option<sea_orm::sea_query::NullOrdering>,
}

#[cfg(feature = "ssr")]
impl<C> SortKey<C> {
    pub fn asc(column: C) -> Self {
        SortKey {
            column,
            order: sea_orm::Order::Asc,
            nulls: None,
        }
    }

    pub fn desc(column: C) -> Self {
        SortKey {
            column,
            order: sea_orm::Order::Desc,
            nulls: None,
        }
    }

    /// Latest first, rows without a value last (SQLite's natural descending
    /// order; PostgreSQL's index says so explicitly).
    pub fn desc_nulls_last(column: C) -> Self {
        SortKey {
            column,
            order: sea_orm::Order::Desc,
            nulls: Some(sea_orm::sea_query::NullOrdering::Last),
        }
    }

    fn reversed(self) -> Self {
        use sea_orm::sea_query::NullOrdering;
        SortKey {
            order: match self.order {
                sea_orm::Order::Desc => sea_orm::Order::Asc,
                _ => sea_orm::Order::Desc,
            },
            nulls: self.nulls.map(|nulls| match nulls {
                NullOrdering::Last => NullOrdering::First,
                NullOrdering::First => NullOrdering::Last,
            }),
            ..self
        }
    }
}

/// The rows of `window` of `query` ordered by `keys`, in that order: read
/// forwards, or backwards from the end when the window says so.
#[cfg(feature = "ssr")]
pub async fn read_window<E>(
    db: &impl sea_orm::ConnectionTrait,
    mut query: sea_orm::Select<E>,
    keys: &[SortKey<E::Column>],
    window: Window,
) -> Result<Vec<E::Model>, sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
{
    use sea_orm::{QueryOrder, QuerySelect};
    for key in keys {
        let key = if window.reversed {
            key.clone().reversed()
        } else {
            key.clone()
        };
        query = match key.nulls {
            Some(nulls) => query.order_by_with_nulls(key.column, key.order, nulls),
            None => query.order_by(key.column, key.order),
        };
    }
    let mut rows = query
        .offset(window.offset)
        .limit(window.limit)
        .all(db)
        .await?;
    if window.reversed {
        rows.reverse();
    }
    Ok(rows)
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
    use super::{offset_of, trigram_phrase, Window};

    #[test]
    fn offsets_start_at_page_one_and_never_overflow() {
        assert_eq!(offset_of(0, 25), 0);
        assert_eq!(offset_of(1, 25), 0);
        assert_eq!(offset_of(3, 25), 50);
        assert_eq!(offset_of(1 << 59, 25), i64::MAX as u64);
        assert_eq!(offset_of(u64::MAX, 25), i64::MAX as u64);
    }

    #[test]
    fn pages_in_the_back_half_are_read_from_the_end() {
        let forward = |offset, limit| Window {
            offset,
            limit,
            reversed: false,
        };
        let backward = |offset, limit| Window {
            offset,
            limit,
            reversed: true,
        };
        // 100 rows in pages of 25: the first two forwards, the last two backwards.
        assert_eq!(Window::of(0, 25, 100), forward(0, 25));
        assert_eq!(Window::of(25, 25, 100), forward(25, 25));
        assert_eq!(Window::of(50, 25, 100), backward(25, 25));
        assert_eq!(Window::of(75, 25, 100), backward(0, 25));
        // A short last page reads only the rows it has.
        assert_eq!(Window::of(100, 25, 110), backward(0, 10));
        assert_eq!(Window::of(4_975, 25, 5_000).depth(), 25);
        // Past the end, or nothing at all: the (empty) page as asked.
        assert_eq!(Window::of(200, 25, 110), forward(200, 25));
        assert_eq!(Window::of(0, 25, 0), forward(0, 25));
        assert_eq!(Window::of(u64::MAX, 25, 10), forward(u64::MAX, 25));
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
