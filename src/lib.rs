//! Customer portal: staff manage customer organizations under /admin; customer
//! contacts sign in under /portal to manage their own. One crate, built twice:
//! `ssr` for the server and `hydrate` for the browser.

// Leptos views are deeply nested types; the contacts panel exceeds the default.
#![recursion_limit = "256"]

mod stored;

pub mod access;
pub mod app;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod components;
pub mod contacts;
pub mod email;
pub mod error;
pub mod organizations;
pub mod paging;
pub mod paths;
pub mod sales;
pub mod staff;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The areas' pages are loaded on demand (see `app`), so hydration waits
    // for the current page's chunk before it claims the server's HTML.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a page has a body");
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Lets browser tests (and anyone curious) know the page is interactive.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
