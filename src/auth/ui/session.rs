//! The signed-in person as a resource every page can read; it refreshes after
//! signing in or out.

use leptos::prelude::*;

use crate::auth::api::{get_current_user, Login, Logout};
use crate::auth::CurrentUser;
use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
}

pub fn provide_session() {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    // Signing in or out reloads the page, so this never needs refetching.
    let user = Resource::new(|| (), |_| get_current_user());
    // Signing in or out starts afresh with a full page load of where to go.
    Effect::new(move |_| {
        if let Some(Ok(path)) = login.value().get() {
            load_page(&path);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(path)) = logout.value().get() {
            load_page(&path);
        }
    });
    provide_context(SessionContext {
        user,
        login,
        logout,
    });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// The signed-in person as the server's area guard resolved them for this page
/// load, known synchronously (serialized into the page for hydration), so an
/// area's pages never wait on a resource before they can render. `None` on the
/// client outside hydration: areas are entered with full page loads.
pub fn request_user() -> Option<CurrentUser> {
    SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
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
