//! The frame around every signed-in page: header with who is signed in and
//! "Sign out", the area's navigation, and the main column.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::ui::sign_out_button::SignOutButton;
use crate::auth::{CurrentUser, Role};

struct NavItem {
    href: &'static str,
    label: &'static str,
}

fn nav_items(user: &CurrentUser) -> Vec<NavItem> {
    match user.role {
        Role::Staff => vec![
            NavItem {
                href: "/admin",
                label: "Customers",
            },
            NavItem {
                href: "/admin/settings/client-users",
                label: "Settings",
            },
        ],
        Role::Contact => vec![NavItem {
            href: "/portal",
            label: "My Profile",
        }],
    }
}

#[component]
pub fn AppShell(user: CurrentUser, children: Children) -> impl IntoView {
    // Staff see which side they are on; contacts only ever see their portal.
    let area = (user.role == Role::Staff).then_some("Staff");
    let items = nav_items(&user);
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
                        .map(|item| view! {
                            <li><A href=item.href exact=true>{item.label}</A></li>
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
