//! The HTML shell, the root component and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::access::ui::client_users_page::ClientUsersPage;
use crate::auth::ui::forgot_password_page::ForgotPasswordPage;
use crate::auth::ui::home_redirect::HomeRedirect;
use crate::auth::ui::login_page::LoginPage;
use crate::auth::ui::my_account_page::MyAccountPage;
use crate::auth::ui::session::provide_session;
use crate::auth::ui::set_password_page::{AcceptInvitePage, ResetPasswordPage};
use crate::auth::Role;
use crate::billing::ui::invoices_page::InvoicesPage;
use crate::components::area_guard::AreaGuard;
use crate::components::status_page::NotFound;
use crate::contacts::ui::portal::contact_pages::{AddContactPage, EditContactPage};
use crate::contacts::ui::portal::contact_view_page::ContactViewPage;
use crate::contacts::ui::portal::contacts_page::{ContactsPage, SearchContactsPage};
use crate::contacts::ui::profile_page::ProfilePage;
use crate::email::ui::email_template_page::EmailTemplatePage;
use crate::email::ui::email_templates_page::EmailTemplatesPage;
use crate::organizations::ui::customers_page::CustomersPage;
use crate::organizations::ui::organization_details_page::OrganizationDetailsPage;
use crate::organizations::ui::organization_edit_page::OrganizationEditPage;
use crate::organizations::ui::organization_new_page::OrganizationNewPage;
use crate::staff::ui::staff_users_page::StaffUsersPage;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();

    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { "Customer Portal".to_string() } else { format!("{page} · Customer Portal") }
        } />
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=HomeRedirect />
                <Route path=path!("/login") view=LoginPage />
                // The pages reached while signed out render whole before they
                // are sent, so their forms work before the WebAssembly loads.
                <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/accept-invite") view=AcceptInvitePage ssr=SsrMode::Async />
                <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                <ParentRoute path=path!("/admin") view=|| view! { <AreaGuard area=Role::Staff /> }>
                    <Route path=path!("") view=CustomersPage />
                    <Route path=path!("customers/new") view=OrganizationNewPage />
                    <Route path=path!("customers/:id") view=OrganizationDetailsPage />
                    <Route path=path!("customers/:id/edit") view=OrganizationEditPage />
                    <Route path=path!("account") view=MyAccountPage />
                    <Route path=path!("settings/staff-users") view=StaffUsersPage />
                    <Route path=path!("settings/client-users") view=ClientUsersPage />
                    <Route path=path!("settings/email-templates") view=EmailTemplatesPage />
                    <Route path=path!("settings/email-templates/:key") view=EmailTemplatePage />
                </ParentRoute>
                <ParentRoute path=path!("/portal") view=|| view! { <AreaGuard area=Role::Contact /> }>
                    <Route path=path!("") view=ProfilePage />
                    <Route path=path!("contacts") view=ContactsPage ssr=SsrMode::Async />
                    // Rendered whole before it is sent, so a search works with scripts off too.
                    <Route path=path!("contacts/search") view=SearchContactsPage ssr=SsrMode::Async />
                    <Route path=path!("contacts/new") view=AddContactPage ssr=SsrMode::Async />
                    <Route path=path!("contacts/:id") view=ContactViewPage ssr=SsrMode::Async />
                    <Route path=path!("contacts/:id/edit") view=EditContactPage ssr=SsrMode::Async />
                    <Route path=path!("billing") view=InvoicesPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
