//! The frame around every signed-in page: header with who is signed in and
//! "Sign out", the area's navigation, and the main column.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::access::Permission;
use crate::auth::ui::sign_out_button::SignOutButton;
use crate::auth::{CurrentUser, Role};
use crate::components::dropdown::Dropdown;
use crate::components::flash::{provide_flash, FlashMessage};

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
                .any(|section| crate::paths::within(path, section))
    }
}

/// One entry of the main navigation: a page, or a menu of pages.
#[derive(Clone)]
enum NavEntry {
    Page(NavItem),
    Menu {
        label: &'static str,
        items: Vec<NavItem>,
    },
}

/// What the navigation offers: for a contact, only what their access level
/// allows; for staff, Staff Users only to Administrators (resolved from the
/// database on this page load).
fn nav_entries(user: &CurrentUser) -> Vec<NavEntry> {
    match user.role {
        Role::Staff => {
            let mut settings = Vec::new();
            if user.is_administrator() {
                settings.push(NavItem {
                    href: "/admin/settings/staff-users",
                    label: "Staff Users",
                    sections: &[],
                });
            }
            settings.extend([
                NavItem {
                    href: "/admin/settings/client-users",
                    label: "Client Users",
                    sections: &[],
                },
                NavItem {
                    href: "/admin/settings/email-templates",
                    label: "Email Templates",
                    sections: &["/admin/settings/email-templates"],
                },
            ]);
            vec![
                NavEntry::Page(NavItem {
                    href: "/admin",
                    label: "Customers",
                    sections: &["/admin/customers"],
                }),
                NavEntry::Menu {
                    label: "Sales",
                    items: vec![NavItem {
                        href: "/admin/sales/estimates",
                        label: "Estimates",
                        sections: &["/admin/sales/estimates"],
                    }],
                },
                NavEntry::Menu {
                    label: "Settings",
                    items: settings,
                },
            ]
        }
        Role::Contact => {
            let mut entries = vec![NavEntry::Menu {
                label: "Account",
                items: vec![
                    NavItem {
                        href: "/portal",
                        label: "My Profile",
                        sections: &[],
                    },
                    NavItem {
                        href: "/portal/contacts",
                        label: "Contacts",
                        sections: &["/portal/contacts"],
                    },
                ],
            }];
            if user.permissions.allows(Permission::AccessOrders) {
                entries.push(NavEntry::Page(NavItem {
                    href: "/portal/estimates",
                    label: "Estimates",
                    sections: &["/portal/estimates"],
                }));
            }
            if user.permissions.allows(Permission::AccessBilling) {
                entries.push(NavEntry::Page(NavItem {
                    href: "/portal/billing",
                    label: "Billing",
                    sections: &["/portal/billing"],
                }));
            }
            entries
        }
    }
}

/// A drop-down of pages in the main navigation (the portal's Account menu).
#[component]
fn NavMenu(label: &'static str, items: Vec<NavItem>) -> impl IntoView {
    let location = use_location();
    let current_within = {
        let items = items.clone();
        move || {
            location
                .pathname
                .with(|path| items.iter().any(|item| item.is_current(path)))
        }
    };
    let button_class = Signal::derive(move || {
        if current_within() {
            "navmenu__button navmenu__button--current".to_string()
        } else {
            "navmenu__button".to_string()
        }
    });
    view! {
        <Dropdown label class="navmenu" button_class>
            <ul class="navmenu__list">
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
        </Dropdown>
    }
}

#[component]
pub fn AppShell(user: CurrentUser, children: Children) -> impl IntoView {
    // Staff see which side they are on; contacts only ever see their portal.
    let area = (user.role == Role::Staff).then_some("Staff");
    let entries = nav_entries(&user);
    provide_flash();
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
                    {(user.role == Role::Staff).then(|| view! {
                        <a class="button button--quiet" href="/admin/account"
                            aria-current=move || location.pathname.with(|p| p == "/admin/account").then_some("page")>
                            "My Account"
                        </a>
                    })}
                    <SignOutButton />
                </div>
            </div>
            <nav class="areanav" aria-label="Main">
                <ul class="areanav__list">
                    {entries
                        .into_iter()
                        .map(|entry| match entry {
                            NavEntry::Page(item) => {
                                let current = move || {
                                    location.pathname.with(|path| item.is_current(path)).then_some("page")
                                };
                                view! {
                                    <li><a href=item.href aria-current=current>{item.label}</a></li>
                                }
                                    .into_any()
                            }
                            NavEntry::Menu { label, items } => {
                                view! { <li><NavMenu label items /></li> }.into_any()
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <main id="main" class="page" tabindex="-1">
            <FlashMessage />
            {children()}
        </main>
    }
}
