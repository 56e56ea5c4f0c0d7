//! The HTML shell, the root component and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute, SsrMode};
use strum::FromRepr;

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
use crate::sales::ui::estimate_edit_page::EstimateEditPage;
use crate::sales::ui::estimate_new_page::EstimateNewPage;
use crate::sales::ui::estimate_page::EstimatePage;
use crate::sales::ui::estimates_page::EstimatesPage;
use crate::sales::ui::portal_estimate_page::PortalEstimatePage;
use crate::sales::ui::portal_estimates_page::PortalEstimatesPage;
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
                {sends_app_scripts().then(|| view! {
                    <AutoReload options=options.clone() />
                    <HydrationScripts options />
                })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Whether the page being rendered loads the app's JavaScript and WebAssembly.
fn sends_app_scripts() -> bool {
    #[cfg(feature = "ssr")]
    {
        /// Pages whose every feature works as a plain HTML form. They are
        /// sent without the app's scripts: a phone opening the sign-in page
        /// downloads a few kilobytes and can type at once. Their forms post to
        /// the server, which answers with the next page (or this one, with
        /// what was wrong).
        const PLAIN_PAGES: [&str; 2] = ["/login", "/forgot-password"];
        use_context::<axum::http::request::Parts>()
            .is_none_or(|parts| !PLAIN_PAGES.contains(&parts.uri.path()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        true
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
                <Route path=path!("/login") view={lazy_page!(SignedOut, SignedOutPage::Login)} />
                // The pages reached while signed out render whole before they
                // are sent, so their forms work before the WebAssembly loads.
                <Route path=path!("/forgot-password") view={lazy_page!(SignedOut, SignedOutPage::ForgotPassword)} ssr=SsrMode::Async />
                <Route path=path!("/accept-invite") view={lazy_page!(SignedOut, SignedOutPage::AcceptInvite)} ssr=SsrMode::Async />
                <Route path=path!("/reset-password") view={lazy_page!(SignedOut, SignedOutPage::ResetPassword)} ssr=SsrMode::Async />
                <ParentRoute path=path!("/admin") view=|| view! { <AreaGuard area=Role::Staff /> }>
                    <Route path=path!("") view={lazy_page!(Staff, StaffPage::Customers)} />
                    <Route path=path!("customers/new") view={lazy_page!(Staff, StaffPage::NewOrganization)} />
                    <Route path=path!("customers/:id") view={lazy_page!(Staff, StaffPage::OrganizationDetails)} />
                    <Route path=path!("customers/:id/edit") view={lazy_page!(Staff, StaffPage::EditOrganization)} />
                    <Route path=path!("sales/estimates") view={lazy_page!(Sales, SalesPage::Estimates)} />
                    <Route path=path!("sales/estimates/new") view={lazy_page!(Sales, SalesPage::NewEstimate)} />
                    <Route path=path!("sales/estimates/:id") view={lazy_page!(Sales, SalesPage::Estimate)} />
                    <Route path=path!("sales/estimates/:id/edit") view={lazy_page!(Sales, SalesPage::EditEstimate)} />
                    <Route path=path!("account") view={lazy_page!(Staff, StaffPage::MyAccount)} />
                    <Route path=path!("settings/staff-users") view={lazy_page!(Staff, StaffPage::StaffUsers)} />
                    <Route path=path!("settings/client-users") view={lazy_page!(Staff, StaffPage::ClientUsers)} />
                    <Route path=path!("settings/email-templates") view={lazy_page!(Staff, StaffPage::EmailTemplates)} />
                    <Route path=path!("settings/email-templates/:key") view={lazy_page!(Staff, StaffPage::EmailTemplate)} />
                </ParentRoute>
                <ParentRoute path=path!("/portal") view=|| view! { <AreaGuard area=Role::Contact /> }>
                    <Route path=path!("") view={lazy_page!(Portal, PortalPage::Profile)} />
                    <Route path=path!("contacts") view={lazy_page!(Portal, PortalPage::Contacts)} ssr=SsrMode::Async />
                    // Rendered whole before it is sent, so a search works with scripts off too.
                    <Route path=path!("contacts/search") view={lazy_page!(Portal, PortalPage::SearchContacts)} ssr=SsrMode::Async />
                    <Route path=path!("contacts/new") view={lazy_page!(Portal, PortalPage::AddContact)} ssr=SsrMode::Async />
                    <Route path=path!("contacts/:id") view={lazy_page!(Portal, PortalPage::ContactView)} ssr=SsrMode::Async />
                    <Route path=path!("contacts/:id/edit") view={lazy_page!(Portal, PortalPage::EditContact)} ssr=SsrMode::Async />
                    <Route path=path!("billing") view={lazy_page!(Portal, PortalPage::Invoices)} />
                    <Route path=path!("estimates") view={lazy_page!(Sales, SalesPage::PortalEstimates)} />
                    <Route path=path!("estimates/:id") view={lazy_page!(Sales, SalesPage::PortalEstimate)} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

// Each area's pages are one chunk of the WebAssembly (`cargo leptos build
// --split`), fetched when a page of that area is first shown. Areas are
// entered with full page loads, so a contact's browser never fetches the
// staff UI, and the main chunk holds only what every page needs: the runtime,
// the route table, the area frame.

/// The parts of the site that are split into chunks of their own.
#[derive(Clone, Copy, FromRepr)]
#[repr(u8)]
enum Area {
    SignedOut,
    Staff,
    Sales,
    Portal,
}

/// Declares an area's pages, each with the component it shows: an enum of
/// them (its values name pages in the route table) and the `#[lazy]`
/// function that builds one, which is the area's chunk.
macro_rules! area_pages {
    ($pages:ident, $build:ident { $($page:ident => $component:ident),+ $(,)? }) => {
        #[derive(Clone, Copy, FromRepr)]
        #[repr(u8)]
        enum $pages {
            $($page),+
        }

        #[lazy]
        fn $build(page: u8) -> AnyView {
            match $pages::from_repr(page) {
                $(Some($pages::$page) => view! { <$component /> }.into_any(),)+
                None => view! { <NotFound /> }.into_any(),
            }
        }
    };
}

area_pages!(SignedOutPage, signed_out_page {
    Login => LoginPage,
    ForgotPassword => ForgotPasswordPage,
    AcceptInvite => AcceptInvitePage,
    ResetPassword => ResetPasswordPage,
});

area_pages!(StaffPage, staff_page {
    Customers => CustomersPage,
    NewOrganization => OrganizationNewPage,
    OrganizationDetails => OrganizationDetailsPage,
    EditOrganization => OrganizationEditPage,
    MyAccount => MyAccountPage,
    StaffUsers => StaffUsersPage,
    ClientUsers => ClientUsersPage,
    EmailTemplates => EmailTemplatesPage,
    EmailTemplate => EmailTemplatePage,
});

// Sales documents, for staff and for contacts alike: a chunk of their own, so
// that the contacts pages and Organization Details don't carry them.
area_pages!(SalesPage, sales_page {
    Estimates => EstimatesPage,
    NewEstimate => EstimateNewPage,
    Estimate => EstimatePage,
    EditEstimate => EstimateEditPage,
    PortalEstimates => PortalEstimatesPage,
    PortalEstimate => PortalEstimatePage,
});

area_pages!(PortalPage, portal_page {
    Profile => ProfilePage,
    Contacts => ContactsPage,
    SearchContacts => SearchContactsPage,
    AddContact => AddContactPage,
    ContactView => ContactViewPage,
    EditContact => EditContactPage,
    Invoices => InvoicesPage,
});

/// The route view of one page of an area: `lazy_page!(Staff, StaffPage::Customers)`.
macro_rules! lazy_page {
    ($area:ident, $pages:ident :: $page:ident) => {
        Lazy::<AreaPage<{ Area::$area as u8 }, { $pages::$page as u8 }>>::new()
    };
}
use lazy_page;

/// A page, named by its area and its place in that area's list; its view is
/// in the area's chunk.
struct AreaPage<const AREA: u8, const PAGE: u8>;

impl<const AREA: u8, const PAGE: u8> LazyRoute for AreaPage<AREA, PAGE> {
    fn data() -> Self {
        Self
    }

    async fn view(_: Self) -> AnyView {
        match Area::from_repr(AREA) {
            Some(Area::SignedOut) => signed_out_page(PAGE).await,
            Some(Area::Staff) => staff_page(PAGE).await,
            Some(Area::Sales) => sales_page(PAGE).await,
            Some(Area::Portal) | None => portal_page(PAGE).await,
        }
    }

    // Fetches the area's chunk before the route renders, so that hydration
    // finds the page itself rather than a placeholder waiting for it.
    async fn preload() {
        #[cfg(feature = "hydrate")]
        match Area::from_repr(AREA) {
            Some(Area::SignedOut) => __preload_signed_out_page().await,
            Some(Area::Staff) => __preload_staff_page().await,
            Some(Area::Sales) => __preload_sales_page().await,
            Some(Area::Portal) | None => __preload_portal_page().await,
        }
    }
}
