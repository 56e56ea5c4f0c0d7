//! The authorization matrix: tests/authorization.toml lists every server
//! function against every kind of caller with the status each must get. This
//! drives every row through the real router, and fails when a registered
//! server function is missing from the table (or the table names one that no
//! longer exists), so no endpoint can be added without saying who may call it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::Utc;
use portal::access::service::{options, permissions_of};
use portal::access::{Permission, PermissionSet};
use portal::audit::service::Actor;
use portal::auth::caller::StaffCaller;
use portal::auth::StaffRole;
use portal::db::entities::{
    access_level, access_level_permission, contact, sales_document, staff_user,
};
use portal::staff::StaffInviteInput;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;

use crate::support::client::Response;
use crate::support::fixtures::{
    contact_by_email, insert_contact, level_id, organization_by_name, LESLIE,
};
use crate::support::{Client, TestApp, ANN, GANDALF, SAMWISE, STAFF};

const MATRIX_FILE: &str = "tests/authorization.toml";
const MATRIX: &str = include_str!("../authorization.toml");

const MIDDLE_EARTH: &str = "Middle Earth Tech Solutions";
/// The password of the contacts this test adds (hashed once per run: Argon2 is slow).
const PASSWORD: &str = "matrix-caller-2026";
/// How many fresh apps are set up and driven at once.
const WORKERS: usize = 4;

/// The ids and versions a row's arguments may name as "{placeholder}".
const PLACEHOLDERS: [&str; 15] = [
    "middle_earth_id",
    "middle_earth_version",
    "middle_earth_notes_version",
    "gandalf_id",
    "gandalf_version",
    "samwise_id",
    "basic_level_id",
    "administrator_level_id",
    "gandalf_email_id",
    "invitee_id",
    "ann_id",
    "invited_staff_id",
    "deactivated_staff_id",
    "middle_earth_estimate_id",
    "middle_earth_sent_estimate_id",
];

// --- the table --------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Matrix {
    endpoint: Vec<Endpoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Endpoint {
    path: String,
    #[serde(default = "post")]
    method: String,
    encoding: Encoding,
    mutates: bool,
    allowed: String,
    #[serde(default)]
    args: toml::Table,
    expect: BTreeMap<String, u16>,
}

fn post() -> String {
    "POST".to_string()
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Encoding {
    Form,
    Json,
}

impl Endpoint {
    fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

// --- the callers ------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Anonymous,
    /// Samwise Gamgee: a Middle Earth contact whose level (Basic) holds nothing.
    ContactNone,
    /// A Middle Earth contact whose level holds exactly this permission.
    ContactWith(Permission),
    /// A Middle Earth contact holding everything, revoked after signing in.
    ContactRevoked,
    /// Leslie Knope: everything, but at Pawnee.
    ContactOtherOrg,
    /// The demo Administrator (admin@example.com).
    StaffAdministrator,
    /// Ann Perkins: a staff user with the Staff role, to whom settings are read-only.
    StaffMember,
}

impl Caller {
    /// Every kind of caller, in the table's column order.
    fn all() -> Vec<Caller> {
        let mut all = vec![Caller::Anonymous, Caller::ContactNone];
        all.extend(Permission::all().map(Caller::ContactWith));
        all.extend([
            Caller::ContactRevoked,
            Caller::ContactOtherOrg,
            Caller::StaffAdministrator,
            Caller::StaffMember,
        ]);
        all
    }

    fn column(self) -> String {
        match self {
            Caller::Anonymous => "anonymous".to_string(),
            Caller::ContactNone => "contact_none".to_string(),
            Caller::ContactWith(permission) => format!("contact_{}", permission.key()),
            Caller::ContactRevoked => "contact_revoked".to_string(),
            Caller::ContactOtherOrg => "contact_other_org".to_string(),
            Caller::StaffAdministrator => "staff_administrator".to_string(),
            Caller::StaffMember => "staff_member".to_string(),
        }
    }
}

/// A fresh app over the demo data with the given callers signed in, and the
/// values of the placeholders in it.
struct World {
    // Kept alive for as long as the clients are used: it owns the database.
    _app: TestApp,
    clients: Vec<(Caller, Client)>,
    placeholders: BTreeMap<&'static str, i64>,
}

impl World {
    async fn new(callers: &[Caller], password_hash: &str) -> World {
        let app = TestApp::new().await;
        let middle_earth = organization_by_name(&app, MIDDLE_EARTH).await.id;
        let mut clients = Vec::new();
        let mut to_revoke = Vec::new();
        for &caller in callers {
            let client = match caller {
                Caller::Anonymous => app.client(),
                Caller::ContactNone => {
                    let samwise = contact_by_email(&app, SAMWISE.0).await;
                    assert_eq!(samwise.organization_id, middle_earth);
                    let level = samwise.access_level_id.expect("Samwise has a level");
                    assert!(
                        permissions_of(&app.db.db, level).await.unwrap().is_empty(),
                        "contact_none: Samwise's level should hold no permission"
                    );
                    app.signed_in(SAMWISE.0, SAMWISE.1).await
                }
                Caller::ContactWith(permission) => {
                    let level = level_holding(
                        &app,
                        PermissionSet::new([permission]),
                        &format!("{} only", permission.label()),
                    )
                    .await;
                    let email = format!("{}@test.com", permission.key().replace('_', "-"));
                    let name = (permission.label(), "Holder");
                    add_contact(&app, middle_earth, name, &email, level, password_hash).await;
                    app.signed_in(&email, PASSWORD).await
                }
                Caller::ContactRevoked => {
                    let level =
                        level_holding(&app, PermissionSet::new(Permission::all()), "Everything")
                            .await;
                    let email = "revoked@test.com";
                    let name = ("Grima", "Wormtongue");
                    let revoked =
                        add_contact(&app, middle_earth, name, email, level, password_hash).await;
                    to_revoke.push(revoked);
                    app.signed_in(email, PASSWORD).await
                }
                Caller::ContactOtherOrg => {
                    let leslie = contact_by_email(&app, LESLIE.0).await;
                    assert_ne!(leslie.organization_id, middle_earth);
                    let level = leslie.access_level_id.expect("Leslie has a level");
                    assert_eq!(
                        permissions_of(&app.db.db, level).await.unwrap(),
                        PermissionSet::new(Permission::all()),
                        "contact_other_org: Leslie's level should hold every permission"
                    );
                    app.signed_in(LESLIE.0, LESLIE.1).await
                }
                Caller::StaffAdministrator => app.signed_in(STAFF.0, STAFF.1).await,
                Caller::StaffMember => app.signed_in(ANN.0, ANN.1).await,
            };
            assert_eq!(
                client.cookie().is_some(),
                caller != Caller::Anonymous,
                "{} has a session cookie if and only if they signed in",
                caller.column()
            );
            clients.push((caller, client));
        }
        // Revoked after signing in: the session and its cookie live on, and
        // the next request must find out from the database.
        for revoked in to_revoke {
            let mut revoked: contact::ActiveModel = revoked.into();
            revoked.access_revoked_at = Set(Some(Utc::now()));
            revoked.update(&app.db.db).await.unwrap();
        }
        let placeholders = placeholders(&app).await;
        World {
            _app: app,
            clients,
            placeholders,
        }
    }
}

/// A level holding exactly `permissions`: a built-in one where there is one,
/// else a new level named `name`.
async fn level_holding(app: &TestApp, permissions: PermissionSet, name: &str) -> i32 {
    let db = &app.db.db;
    for level in options(db).await.unwrap() {
        if permissions_of(db, level.id).await.unwrap() == permissions {
            return level.id;
        }
    }
    let now = Utc::now();
    let level = access_level::ActiveModel {
        name: Set(name.to_string()),
        description: Set(format!("{name}, for the authorization matrix.")),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for permission in permissions.iter() {
        access_level_permission::ActiveModel {
            access_level_id: Set(level.id),
            permission: Set(permission),
        }
        .insert(db)
        .await
        .unwrap();
    }
    level.id
}

/// An active contact who can sign in with `PASSWORD` and holds `level`.
async fn add_contact(
    app: &TestApp,
    organization_id: i32,
    name: (&str, &str),
    email: &str,
    level: i32,
    password_hash: &str,
) -> contact::Model {
    let now = Utc::now();
    let mut model: contact::ActiveModel = insert_contact(app, organization_id, name, email, now)
        .await
        .into();
    model.access_level_id = Set(Some(level));
    model.password_hash = Set(Some(password_hash.to_string()));
    model.invited_at = Set(Some(now));
    model.activated_at = Set(Some(now));
    model.update(&app.db.db).await.unwrap()
}

async fn placeholders(app: &TestApp) -> BTreeMap<&'static str, i64> {
    // A contact with no sign-in yet, for the rows that invite one.
    let invitee = insert_contact(
        app,
        organization_by_name(app, MIDDLE_EARTH).await.id,
        ("Pippin", "Took"),
        "pippin@test.com",
        Utc::now(),
    )
    .await;
    let middle_earth = organization_by_name(app, MIDDLE_EARTH).await;
    let gandalf = contact_by_email(app, GANDALF.0).await;
    let samwise = contact_by_email(app, SAMWISE.0).await;
    // An email in Gandalf's history, for the rows that read or resend one.
    let gandalf_email = portal::email::send::to_contact(
        &app.ctx(Actor::system()),
        gandalf.id,
        portal::email::ContactEmail::Welcome,
    )
    .await
    .expect("an email to Gandalf");
    // Ann (Staff role): the target of the rows that change a staff user's
    // role or deactivate one; never the last Administrator.
    let ann = staff_by_email(app, ANN.0).await;
    assert_eq!(ann.role, StaffRole::Staff);
    let admin = staff_by_email(app, STAFF.0).await;
    let as_admin = app.ctx(Actor::staff(&StaffCaller::of(&admin)));
    // A staff user invited but without a password yet, for resending the invite.
    let invited = portal::staff::service::invite(
        &as_admin,
        admin.id,
        &StaffInviteInput {
            name: "April Ludgate".to_string(),
            email: "april@example.com".to_string(),
            role: StaffRole::Staff,
        },
    )
    .await
    .expect("an invited staff user");
    // A deactivated staff user, for reactivating one.
    let deactivated = portal::staff::service::create_with_password(
        &as_admin,
        "Tom Haverford",
        "tom@example.com",
        StaffRole::Staff,
        "entertainment 720 forever",
    )
    .await
    .expect("a staff user to deactivate");
    portal::staff::service::deactivate(&as_admin, admin.id, deactivated.id)
        .await
        .expect("deactivate Tom");
    // The demo data's draft estimate for Middle Earth (version 1), which can be
    // edited and sent.
    let draft_estimate = sales_document::Entity::find()
        .filter(sales_document::Column::Title.eq("Backup server replacement"))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("the demo draft estimate");
    assert_eq!(draft_estimate.status, "draft");
    let sent_estimate = sales_document::Entity::find()
        .filter(sales_document::Column::Title.eq("Office network refresh"))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("the demo sent estimate");
    assert_eq!(sent_estimate.status, "sent");
    let values = [
        ("middle_earth_id", middle_earth.id),
        ("middle_earth_version", middle_earth.version),
        ("middle_earth_notes_version", middle_earth.notes_version),
        ("gandalf_id", gandalf.id),
        ("gandalf_version", gandalf.version),
        ("samwise_id", samwise.id),
        ("basic_level_id", level_id(app, "Basic").await),
        (
            "administrator_level_id",
            level_id(app, "Administrator").await,
        ),
        ("gandalf_email_id", gandalf_email.id),
        ("invitee_id", invitee.id),
        ("ann_id", ann.id),
        ("invited_staff_id", invited.id),
        ("deactivated_staff_id", deactivated.id),
        ("middle_earth_estimate_id", draft_estimate.id),
        ("middle_earth_sent_estimate_id", sent_estimate.id),
    ];
    debug_assert_eq!(values.map(|(name, _)| name), PLACEHOLDERS);
    values
        .into_iter()
        .map(|(name, value)| (name, i64::from(value)))
        .collect()
}

async fn staff_by_email(app: &TestApp, email: &str) -> staff_user::Model {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("staff user {email:?}"))
}

// --- arguments ----------------------------------------------------------------------

/// The placeholder names in `text`, in order: every `{name}` of lower-case
/// letters and underscores.
fn placeholder_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        if let Some(end) = rest.find('}') {
            let name = &rest[..end];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                names.push(name);
                rest = &rest[end + 1..];
            }
        }
    }
    names
}

/// Every placeholder a row's arguments use, to check them before any call.
fn placeholders_in(value: &toml::Value, found: &mut BTreeSet<String>) {
    match value {
        toml::Value::String(text) => {
            found.extend(placeholder_names(text).into_iter().map(str::to_string));
        }
        toml::Value::Array(items) => items.iter().for_each(|v| placeholders_in(v, found)),
        toml::Value::Table(table) => table.values().for_each(|v| placeholders_in(v, found)),
        _ => {}
    }
}

/// The arguments as JSON, placeholders filled in: a string that is nothing but
/// a placeholder becomes a number, one inside other text is replaced in place.
fn to_json(value: &toml::Value, placeholders: &BTreeMap<&'static str, i64>) -> serde_json::Value {
    use serde_json::Value;
    match value {
        toml::Value::String(text) => {
            let whole = text
                .strip_prefix('{')
                .and_then(|t| t.strip_suffix('}'))
                .and_then(|name| placeholders.get(name));
            match whole {
                Some(number) => Value::from(*number),
                None => {
                    let mut text = text.clone();
                    for (name, number) in placeholders {
                        text = text.replace(&format!("{{{name}}}"), &number.to_string());
                    }
                    Value::String(text)
                }
            }
        }
        toml::Value::Integer(n) => Value::from(*n),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => items.iter().map(|v| to_json(v, placeholders)).collect(),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v, placeholders)))
                .collect(),
        ),
    }
}

/// JSON arguments as form fields the way server functions decode them
/// (serde_qs): `input[name]=...` for a struct field, `list[0]=...` for an item.
fn form_fields(key: &str, value: &serde_json::Value, fields: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let nested = |name: &str| {
        if key.is_empty() {
            name.to_string()
        } else {
            format!("{key}[{name}]")
        }
    };
    match value {
        Value::Object(object) => {
            for (name, value) in object {
                form_fields(&nested(name), value, fields);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                form_fields(&nested(&i.to_string()), value, fields);
            }
        }
        Value::String(text) => fields.push((key.to_string(), text.clone())),
        Value::Null => {}
        other => fields.push((key.to_string(), other.to_string())),
    }
}

async fn call(client: &mut Client, endpoint: &Endpoint, args: &serde_json::Value) -> Response {
    match endpoint.encoding {
        Encoding::Json => client.call_json(&endpoint.path, args).await,
        Encoding::Form => {
            let mut fields = Vec::new();
            form_fields("", args, &mut fields);
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            client.call(&endpoint.path, &fields).await
        }
    }
}

// --- checking the table ---------------------------------------------------------------

/// What is wrong with the table itself: rows that cannot be driven, and
/// server functions it leaves out. Returns the rows that can be driven.
fn check_table(matrix: &Matrix, problems: &mut Vec<String>) -> Vec<usize> {
    let in_order: Vec<String> = Caller::all().into_iter().map(Caller::column).collect();
    let columns: BTreeSet<String> = in_order.iter().cloned().collect();
    let registered: BTreeMap<String, String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.as_str().to_string()))
        .collect();
    let mut listed = BTreeSet::new();
    let mut drivable = Vec::new();
    for (index, endpoint) in matrix.endpoint.iter().enumerate() {
        let name = endpoint.name();
        let before = problems.len();
        if !listed.insert(endpoint.path.clone()) {
            problems.push(format!("{name} is listed more than once in {MATRIX_FILE}"));
        }
        match registered.get(&endpoint.path) {
            None => problems.push(format!(
                "{name} is listed in {MATRIX_FILE} but is not a registered server function: \
                 remove or correct its row"
            )),
            Some(method) if *method != endpoint.method => problems.push(format!(
                "{name}: the server function is registered for {method}, not {}",
                endpoint.method
            )),
            Some(_) => {}
        }
        if endpoint.method != "POST" {
            problems.push(format!(
                "{name}: this test only calls server functions with POST; teach it {}",
                endpoint.method
            ));
        }
        if endpoint.allowed.trim().is_empty() {
            problems.push(format!("{name}: say who is allowed, in `allowed`"));
        }
        for column in columns.difference(&endpoint.expect.keys().cloned().collect()) {
            problems.push(format!("{name}: no expected status for {column}"));
        }
        for (column, status) in &endpoint.expect {
            if !columns.contains(column) {
                problems.push(format!(
                    "{name}: unknown caller {column:?} (the callers are {})",
                    in_order.join(", ")
                ));
            }
            if !(100..=599).contains(status) {
                problems.push(format!("{name}: {status} for {column} is no HTTP status"));
            }
        }
        let mut used = BTreeSet::new();
        for value in endpoint.args.values() {
            placeholders_in(value, &mut used);
        }
        for unknown in used.iter().filter(|u| !PLACEHOLDERS.contains(&u.as_str())) {
            problems.push(format!(
                "{name}: unknown placeholder {{{unknown}}} (known: {})",
                PLACEHOLDERS.join(", ")
            ));
        }
        if problems.len() == before {
            drivable.push(index);
        }
    }
    for (path, method) in &registered {
        if !listed.contains(path) {
            problems.push(format!(
                "{method} {path} is a server function that {MATRIX_FILE} does not list: \
                 add a row saying which callers may call it"
            ));
        }
    }
    drivable
}

// --- driving it -------------------------------------------------------------------------

/// One fresh app: these callers each call this endpoint once.
struct Job {
    endpoint: usize,
    callers: Vec<Caller>,
}

struct Outcome {
    endpoint: usize,
    caller: Caller,
    status: u16,
    body: String,
}

async fn run(matrix: &Matrix, job: Job, password_hash: &str) -> Vec<Outcome> {
    let endpoint = &matrix.endpoint[job.endpoint];
    let mut world = World::new(&job.callers, password_hash).await;
    let args = to_json(
        &toml::Value::Table(endpoint.args.clone()),
        &world.placeholders,
    );
    let mut outcomes = Vec::new();
    for (caller, client) in &mut world.clients {
        let response = call(client, endpoint, &args).await;
        outcomes.push(Outcome {
            endpoint: job.endpoint,
            caller: *caller,
            status: response.status.as_u16(),
            body: response.body,
        });
    }
    outcomes
}

fn excerpt(body: &str) -> String {
    const MAX: usize = 160;
    let body = body.trim();
    match body.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &body[..cut]),
        None => body.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn authorization_matrix_covers_every_server_function_and_every_caller() {
    let matrix: Matrix = toml::from_str(MATRIX)
        .unwrap_or_else(|err| panic!("{MATRIX_FILE} is not a valid matrix: {err}"));
    let mut problems = Vec::new();
    let drivable = check_table(&matrix, &mut problems);

    // A row that changes data gets a fresh app per caller, so that one
    // caller's success cannot change what the next one gets; the others share
    // one app per row, every caller signed in once.
    let mut jobs = VecDeque::new();
    for index in drivable {
        if matrix.endpoint[index].mutates {
            jobs.extend(Caller::all().into_iter().map(|caller| Job {
                endpoint: index,
                callers: vec![caller],
            }));
        } else {
            jobs.push_back(Job {
                endpoint: index,
                callers: Caller::all(),
            });
        }
    }

    let password_hash = portal::auth::password::hash(PASSWORD).await.unwrap();
    let shared = Arc::new((matrix, password_hash, Mutex::new(jobs)));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..WORKERS {
        let shared = Arc::clone(&shared);
        workers.spawn(async move {
            let (matrix, password_hash, jobs) = &*shared;
            let mut outcomes = Vec::new();
            loop {
                let job = jobs.lock().unwrap().pop_front();
                let Some(job) = job else { break };
                outcomes.extend(run(matrix, job, password_hash).await);
            }
            outcomes
        });
    }
    let mut outcomes = Vec::new();
    while let Some(done) = workers.join_next().await {
        match done {
            Ok(done) => outcomes.extend(done),
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            Err(err) => panic!("a worker stopped: {err}"),
        }
    }

    // Reported in the table's order, callers in column order.
    let callers = Caller::all();
    let position = |caller: Caller| callers.iter().position(|c| *c == caller);
    outcomes.sort_by_key(|o| (o.endpoint, position(o.caller)));
    let matrix = &shared.0;
    for outcome in &outcomes {
        let endpoint = &matrix.endpoint[outcome.endpoint];
        let column = outcome.caller.column();
        let expected = endpoint.expect[&column];
        if outcome.status != expected {
            problems.push(format!(
                "{} as {column}: expected {expected}, got {} ({})",
                endpoint.name(),
                outcome.status,
                excerpt(&outcome.body)
            ));
        }
    }

    assert!(
        problems.is_empty(),
        "{} problem(s) with the authorization matrix in {MATRIX_FILE}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
