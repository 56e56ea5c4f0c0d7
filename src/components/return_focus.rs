//! Giving focus back to what had it before a modal opened. The opener is
//! marked in the page itself (a browser element must not be kept in reactive
//! state that also exists during server rendering); `key` tells modals apart.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

const MARK: &str = "data-return-focus";

/// Marks the element that has focus now, before a modal takes it.
pub fn remember(key: &str) {
    if let Some(active) = document().active_element() {
        let _ = active.set_attribute(MARK, key);
    }
}

/// Focuses the element `remember(key)` marked. An item of a drop-down that has
/// closed since gets its menu button instead.
pub fn restore(key: &str) {
    let Some(opener) = document()
        .query_selector(&format!("[{MARK}=\"{key}\"]"))
        .ok()
        .flatten()
    else {
        return;
    };
    let _ = opener.remove_attribute(MARK);
    let target = opener
        .closest("details:not([open])")
        .ok()
        .flatten()
        .and_then(|menu| menu.query_selector("summary").ok().flatten())
        .unwrap_or(opener);
    if let Ok(target) = target.dyn_into::<leptos::web_sys::HtmlElement>() {
        let _ = target.focus();
    }
}
