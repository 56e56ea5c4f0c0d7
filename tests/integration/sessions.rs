//! The database session store: hashed ids, expiry, ending all of a person's sessions.

use portal::auth::session_store::{end_sessions_of, DbSessionStore, Lifetimes};
use portal::auth::Role;
use portal::db::entities::session;
use portal::server::clock::Clock;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::collections::HashMap;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

use crate::support::TestDb;

fn lifetimes() -> Lifetimes {
    Lifetimes {
        idle: chrono::Duration::hours(1),
        absolute: chrono::Duration::days(7),
    }
}

/// A store over `test`'s database running on `clock`, with an hour's idle timeout.
fn store(test: &TestDb, clock: &Clock) -> DbSessionStore {
    DbSessionStore::new(test.db.clone(), clock.clone(), lifetimes())
}

fn record(principal: Option<(&str, i32)>) -> Record {
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
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    }
}

#[tokio::test]
async fn the_table_never_holds_the_cookie_value() {
    let test = TestDb::new().await;
    let store = store(&test, &Clock::default());
    let mut rec = record(None);
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
    let clock = Clock::default();
    let store = store(&test, &clock);
    let mut old = record(None);
    store.create(&mut old).await.unwrap();
    // Expiry follows the server's clock: past the idle timeout, the first is gone.
    clock.advance(chrono::Duration::hours(1) + chrono::Duration::seconds(5));
    let mut live = record(None);
    store.create(&mut live).await.unwrap();
    assert!(store.load(&old.id).await.unwrap().is_none());
    store.delete_expired().await.unwrap();
    assert_eq!(session::Entity::find().count(&test.db).await.unwrap(), 1);
    assert!(store.load(&live.id).await.unwrap().is_some());
}

#[tokio::test]
async fn ending_a_persons_sessions_leaves_everyone_elses() {
    let test = TestDb::new().await;
    let store = store(&test, &Clock::default());
    for principal in [("Contact", 1), ("Contact", 1), ("Contact", 2), ("Staff", 1)] {
        let mut rec = record(Some(principal));
        store.create(&mut rec).await.unwrap();
    }
    assert_eq!(
        end_sessions_of(&test.db, Role::Contact, 1, None)
            .await
            .unwrap(),
        2
    );
    assert_eq!(session::Entity::find().count(&test.db).await.unwrap(), 2);
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_however_often_it_is_renewed() {
    let test = TestDb::new().await;
    let clock = Clock::default();
    let store = store(&test, &clock);
    let mut rec = record(Some(("Contact", 1)));
    store.create(&mut rec).await.unwrap();
    // Used and renewed every half hour for a week, always inside the idle timeout…
    let half_hour = chrono::Duration::minutes(30);
    let steps = (chrono::Duration::days(7).num_minutes() / 30) - 1;
    for _ in 0..steps {
        clock.advance(half_hour);
        assert!(store.load(&rec.id).await.unwrap().is_some());
        store.save(&rec).await.unwrap();
    }
    // …until seven days after it started.
    clock.advance(half_hour);
    assert!(store.load(&rec.id).await.unwrap().is_none());
    store.delete_expired().await.unwrap();
    assert_eq!(session::Entity::find().count(&test.db).await.unwrap(), 0);
}

#[tokio::test]
async fn saving_never_brings_back_an_ended_session() {
    let test = TestDb::new().await;
    let store = store(&test, &Clock::default());
    let mut rec = record(Some(("Contact", 1)));
    store.create(&mut rec).await.unwrap();
    // Ended on the server while a request of it was still running…
    assert_eq!(
        end_sessions_of(&test.db, Role::Contact, 1, None)
            .await
            .unwrap(),
        1
    );
    // …which then saves it at its end.
    store.save(&rec).await.unwrap();
    assert!(store.load(&rec.id).await.unwrap().is_none());
    assert_eq!(session::Entity::find().count(&test.db).await.unwrap(), 0);

    let mut gone = record(None);
    store.create(&mut gone).await.unwrap();
    store.delete(&gone.id).await.unwrap();
    store.save(&gone).await.unwrap();
    assert!(store.load(&gone.id).await.unwrap().is_none());
}

#[tokio::test]
async fn ending_a_persons_other_sessions_keeps_the_one_asking() {
    let test = TestDb::new().await;
    let store = store(&test, &Clock::default());
    let mut ids = Vec::new();
    for _ in 0..3 {
        let mut rec = record(Some(("Staff", 1)));
        store.create(&mut rec).await.unwrap();
        ids.push(rec.id);
    }
    let keep = portal::auth::session_store::key(&ids[1]);
    assert_eq!(
        end_sessions_of(&test.db, Role::Staff, 1, Some(&keep))
            .await
            .unwrap(),
        2
    );
    assert!(store.load(&ids[0]).await.unwrap().is_none());
    assert!(store.load(&ids[1]).await.unwrap().is_some());
    assert!(store.load(&ids[2]).await.unwrap().is_none());
}
