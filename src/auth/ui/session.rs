//! The browser's view of the session: the signed-in person as the server
//! resolved them for this page load, and the sign-in and sign-out actions.

use leptos::prelude::*;

use crate::auth::api::Logout;
use crate::auth::CurrentUser;

#[derive(Clone)]
pub struct SessionContext {
    /// Who is signed in, as the server resolved it for this page load.
    pub user: Option<CurrentUser>,
    pub logout: ServerAction<Logout>,
}

pub fn provide_session() {
    let logout = ServerAction::<Logout>::new();
    // Signing out starts afresh with a full page load of where to go.
    Effect::new(move |_| {
        if let Some(Ok(path)) = logout.value().get() {
            load_page(&path);
        }
    });
    provide_context(SessionContext {
        user: request_user(),
        logout,
    });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// The signed-in person as the server resolved them for this request (once,
/// for the guard, the server functions and this render alike), known
/// synchronously and carried into the page for hydration, so no page waits on
/// a resource to know who is asking. `None` when nobody is signed in, and on
/// the client outside hydration: areas are entered with full page loads.
fn request_user() -> Option<CurrentUser> {
    SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<axum::http::request::Parts>()
                .and_then(|parts| {
                    parts
                        .extensions
                        .get::<crate::auth::caller::RequestCaller>()
                        .cloned()
                })
                .and_then(|asked| asked.caller.current_user())
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner()
}

/// The person signed in to the area being rendered, as its guard resolved them
/// on this page load. `None` outside `/admin` and `/portal`.
pub fn signed_in_user() -> Option<CurrentUser> {
    use_context::<CurrentUser>()
}

/// A full page load, so the server resolves the session afresh (after signing
/// in or out, or when entering another area).
pub fn load_page(path: &str) {
    if let Err(err) = window().location().set_href(path) {
        leptos::logging::error!("could not navigate to {path}: {err:?}");
    }
}
