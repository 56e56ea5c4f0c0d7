//! The frame around every signed-in page: header with who is signed in and
//! "Sign out", the area's navigation, and the main column.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::ui::sign_out_button::SignOutButton;
use crate::auth::{CurrentUser, Role};

#[derive(Clone, Copy)]
struct NavItem {
    href: &'static str,
    label: &'static str,
    /// The item is current on its own page and on every page under these.
    sections: &'static [&'static str],
}

impl NavItem {
    fn is_current(&self, path: &str) -> bool {
        path == self.href
            || self
                .sections
                .iter()
                .any(|section| path == *section || path.starts_with(&format!("{section}/")))
    }
}

fn nav_items(user: &CurrentUser) -> Vec<NavItem> {
    match user.role {
        Role::Staff => vec![
            NavItem {
                href: "/admin",
                label: "Customers",
                sections: &["/admin/customers"],
            },
            NavItem {
                href: "/admin/settings/client-users",
                label: "Settings",
                sections: &["/admin/settings"],
            },
        ],
        Role::Contact => vec![NavItem {
            href: "/portal",
            label: "My Profile",
            sections: &[],
        }],
    }
}

#[component]
pub fn AppShell(user: CurrentUser, children: Children) -> impl IntoView {
    // Staff see which side they are on; contacts only ever see their portal.
    let area = (user.role == Role::Staff).then_some("Staff");
    let items = nav_items(&user);
    let location = use_location();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <div class="topbar__inner">
                <a class="brand" href=user.role.home()>
                    "Customer Portal"
                    {area.map(|area| view! { <span class="brand__area">{area}</span> })}
                </a>
                <div class="topbar__user">
                    <span class="topbar__who">
                        <span class="topbar__name">{user.name.clone()}</span>
                        {user.organization_name.clone().map(|org| view! { <span class="topbar__org">{org}</span> })}
                    </span>
                    <SignOutButton />
                </div>
            </div>
            <nav class="areanav" aria-label="Main">
                <ul class="areanav__list">
                    {items
                        .into_iter()
                        .map(|item| {
                            let current = move || {
                                location.pathname.with(|path| item.is_current(path)).then_some("page")
                            };
                            view! {
                                <li><a href=item.href aria-current=current>{item.label}</a></li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <main id="main" class="page" tabindex="-1">
            {children()}
        </main>
    }
}
