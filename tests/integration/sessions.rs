//! The database session store: hashed ids, expiry, ending all of a person's sessions.

use portal::auth::session_store::{end_sessions_of, DbSessionStore};
use portal::auth::Role;
use portal::db::entities::session;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::collections::HashMap;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

use crate::support::TestDb;

fn record(expires_in: time::Duration, principal: Option<(&str, i32)>) -> Record {
    let mut data = HashMap::new();
    if let Some((role, id)) = principal {
        data.insert(
            "principal".to_string(),
            serde_json::json!({ "role": role, "id": id }),
        );
    }
    Record {
        id: Id::default(),
        data,
        expiry_date: time::OffsetDateTime::now_utc() + expires_in,
    }
}

#[tokio::test]
async fn the_table_never_holds_the_cookie_value() {
    let test = TestDb::new().await;
    let store = DbSessionStore::new(test.db.clone());
    let mut rec = record(time::Duration::hours(1), None);
    store.create(&mut rec).await.unwrap();
    let row = session::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(row.id, rec.id.to_string());
    assert_eq!(row.id.len(), 64);
    assert_eq!(store.load(&rec.id).await.unwrap().unwrap().id, rec.id);
}

#[tokio::test]
async fn expired_sessions_are_not_loaded_and_are_cleaned_up() {
    let test = TestDb::new().await;
    let store = DbSessionStore::new(test.db.clone());
    let mut old = record(time::Duration::seconds(-5), None);
    let mut live = record(time::Duration::hours(1), None);
    store.create(&mut old).await.unwrap();
    store.create(&mut live).await.unwrap();
    assert!(store.load(&old.id).await.unwrap().is_none());
    store.delete_expired().await.unwrap();
    assert_eq!(session::Entity::find().count(&test.db).await.unwrap(), 1);
    assert!(store.load(&live.id).await.unwrap().is_some());
}

#[tokio::test]
async fn ending_a_persons_sessions_leaves_everyone_elses() {
    let test = TestDb::new().await;
    let store = DbSessionStore::new(test.db.clone());
    for principal in [("Contact", 1), ("Contact", 1), ("Contact", 2), ("Staff", 1)] {
        let mut rec = record(time::Duration::hours(1), Some(principal));
        store.create(&mut rec).await.unwrap();
    }
    assert_eq!(
        end_sessions_of(&test.db, Role::Contact, 1).await.unwrap(),
        2
    );
    assert_eq!(session::Entity::find().count(&test.db).await.unwrap(), 2);
}
