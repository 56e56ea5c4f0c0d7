//! Previous/next links for a page-numbered list; the page lives in the URL.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

/// The one-based page a list's URL asks for (`?page=`); 1 when absent or not a number.
pub fn page_param(query: &ParamsMap) -> u64 {
    query
        .get("page")
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

#[component]
pub fn Pagination(
    /// One-based current page.
    page: u64,
    page_count: u64,
    /// Total items, and what they are called ("organizations").
    total: u64,
    noun: &'static str,
    /// More than `total` match (the count stopped there): the summary says
    /// so, and `page_count` is only the pages known so far.
    #[prop(optional)]
    at_least: bool,
    /// The link for a page number.
    href: impl Fn(u64) -> String,
) -> impl IntoView {
    let previous = (page > 1).then(|| href(page - 1));
    let next = (page < page_count).then(|| href(page + 1));
    view! {
        <nav class="pagination" aria-label="Pagination">
            <p class="pagination__summary">
                {if at_least {
                    format!("Page {page} · more than {total} {noun}")
                } else {
                    format!("Page {page} of {page_count} · {total} {noun}")
                }}
            </p>
            <div class="pagination__links">
                {match previous {
                    Some(link) => view! { <a class="button" href=link rel="prev">"Previous"</a> }.into_any(),
                    None => view! { <span class="button" aria-disabled="true">"Previous"</span> }.into_any(),
                }}
                {match next {
                    Some(link) => view! { <a class="button" href=link rel="next">"Next"</a> }.into_any(),
                    None => view! { <span class="button" aria-disabled="true">"Next"</span> }.into_any(),
                }}
            </div>
        </nav>
    }
}
