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
    let user = Resource::new(
        move || (login.version().get(), logout.version().get()),
        |_| get_current_user(),
    );
    provide_context(SessionContext {
        user,
        login,
        logout,
    });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
