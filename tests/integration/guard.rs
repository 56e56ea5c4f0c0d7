//! Each area is guarded on the server: signed-out visitors are redirected,
//! the wrong role is refused, and server functions deny by default.

use portal::contacts::MyProfile;
use portal::organizations::OrganizationSummary;

use crate::support::{TestApp, GANDALF, SAMWISE, STAFF};

#[tokio::test]
async fn signed_out_visitors_are_sent_to_the_login_page() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let response = client.get("/admin").await;
    assert_eq!(response.status, 303);
    assert_eq!(response.location(), Some("/login?next=%2Fadmin"));
    let response = client.get("/portal/contacts?page=2").await;
    assert_eq!(response.status, 303);
    assert_eq!(
        response.location(),
        Some("/login?next=%2Fportal%2Fcontacts%3Fpage%3D2")
    );
    assert!(!response.body.contains("Middle Earth"));
}

#[tokio::test]
async fn the_login_page_renders_its_form() {
    let app = TestApp::new().await;
    let response = app.client().get("/login").await;
    assert_eq!(response.status, 200);
    assert!(response.body.contains("Sign in"));
    assert!(response.body.contains(r#"name="email""#));
    assert!(response.body.contains(r#"name="password""#));
}

#[tokio::test]
async fn staff_see_the_admin_area_and_not_the_portal() {
    let app = TestApp::new().await;
    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let response = staff.get("/admin").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.headers["cache-control"], "no-store");
    assert!(response.body.contains("Middle Earth Tech Solutions"));
    let response = staff.get("/portal").await;
    assert_eq!(response.status, 403);
    assert!(response.body.contains("Access denied"));
}

#[tokio::test]
async fn contacts_see_the_portal_and_are_refused_the_admin_area() {
    let app = TestApp::new().await;
    let mut gandalf = app.signed_in(GANDALF.0, GANDALF.1).await;
    let response = gandalf.get("/portal").await;
    assert_eq!(response.status, 200);
    assert!(response.body.contains("My Profile"));
    let response = gandalf.get("/admin").await;
    assert_eq!(response.status, 403);
    assert!(response.body.contains("Access denied"));
    assert!(!response.body.contains("Pawnee Parks Dept."));
}

#[tokio::test]
async fn the_customer_list_is_for_staff_only() {
    let app = TestApp::new().await;
    let path = "/api/organizations/list";
    let args = [("search", ""), ("sort", "name"), ("page", "1")];
    assert_eq!(app.client().call(path, &args).await.status, 401);
    let mut contact = app.signed_in(GANDALF.0, GANDALF.1).await;
    let refused = contact.call(path, &args).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.contains("Pawnee"));

    let mut staff = app.signed_in(STAFF.0, STAFF.1).await;
    let page: portal::paging::Page<OrganizationSummary> = staff.call(path, &args).await.json();
    let list = page.items;
    let names: Vec<_> = list.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Demo Company",
            "Middle Earth Tech Solutions",
            "Pawnee Parks Dept."
        ]
    );
    let middle_earth = &list[1];
    assert_eq!(middle_earth.contact_count, 2);
    assert!(
        middle_earth.last_login_at.is_some(),
        "Gandalf just signed in"
    );
    assert!(list[2].last_login_at.is_none());
}

#[tokio::test]
async fn a_contact_sees_only_their_own_profile() {
    let app = TestApp::new().await;
    let path = "/api/contacts/me";
    assert_eq!(app.client().call(path, &[]).await.status, 401);
    assert_eq!(
        app.signed_in(STAFF.0, STAFF.1)
            .await
            .call(path, &[])
            .await
            .status,
        403
    );
    let mut samwise = app.signed_in(SAMWISE.0, SAMWISE.1).await;
    let me: MyProfile = samwise.call(path, &[]).await.json();
    assert_eq!(me.email, SAMWISE.0);
    assert_eq!(me.access_level.as_deref(), Some("Basic"));
    assert!(me.permissions.is_empty());
    assert_eq!(me.organization_name, "Middle Earth Tech Solutions");
}
