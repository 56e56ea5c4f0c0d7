//! A one-time confirmation ("Saved Samwise Gamgee.") shown on the page an action
//! returns to, until the person moves on to another page.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
pub struct Flash(RwSignal<Option<(String, String)>>);

impl Flash {
    /// Shows `message` on the page at `path` (the current page, or the one
    /// about to be opened).
    pub fn show(&self, path: &str, message: impl Into<String>) {
        let path = path.split('?').next().unwrap_or(path).to_string();
        self.0.set(Some((path, message.into())));
    }
}

/// Makes the flash available to the pages of an area (called by its frame).
pub fn provide_flash() {
    provide_context(Flash(RwSignal::new(None)));
}

pub fn use_flash() -> Flash {
    expect_context::<Flash>()
}

/// The flash, where the current page shows it.
#[component]
pub fn FlashMessage() -> impl IntoView {
    let flash = use_flash();
    let location = use_location();
    // Leaving the page the message was for clears it.
    Effect::new(move |_| {
        let path = location.pathname.get();
        if flash
            .0
            .with_untracked(|f| f.as_ref().is_some_and(|(p, _)| *p != path))
        {
            flash.0.set(None);
        }
    });
    move || {
        let path = location.pathname.get();
        flash
            .0
            .get()
            .filter(|(p, _)| *p == path)
            .map(|(_, message)| {
                view! { <p class="alert alert--success flash" role="status">{message}</p> }
            })
    }
}
