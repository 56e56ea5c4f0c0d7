//! First-start data: built-in levels always, demo data into an empty database once.

use portal::access::Permission;
use portal::auth::StaffRole;
use portal::db::entities::{access_level, contact, organization, staff_user};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::support::TestDb;

#[tokio::test]
async fn demo_data_matches_the_help_pages() {
    let test = TestDb::new().await;
    let db = &test.db;
    let pawnee = organization::Entity::find()
        .filter(organization::Column::Name.eq("Pawnee Parks Dept."))
        .one(db)
        .await
        .unwrap()
        .expect("Pawnee Parks Dept.");
    assert_eq!(
        (
            pawnee.address_line1.as_str(),
            pawnee.city.as_str(),
            pawnee.region.as_str(),
            pawnee.postal_code.as_str()
        ),
        ("1 Main St", "Pawnee", "IN", "47555")
    );
    assert_eq!(
        pawnee.notes,
        "until October, our new contact will be Bob from accounting."
    );

    let leslie = contact::Entity::find()
        .filter(contact::Column::Email.eq("lknope@pawnee-indiana.gov"))
        .one(db)
        .await
        .unwrap()
        .expect("Leslie Knope");
    assert!(leslie.is_default_notification);
    assert_eq!(leslie.organization_id, pawnee.id);

    let demo = organization::Entity::find()
        .filter(organization::Column::Name.eq("Demo Company"))
        .one(db)
        .await
        .unwrap()
        .expect("Demo Company");
    assert_eq!(
        (
            demo.city.as_str(),
            demo.region.as_str(),
            demo.postal_code.as_str()
        ),
        ("TestCity", "ND", "58103")
    );

    let middle_earth = organization::Entity::find()
        .filter(organization::Column::Name.eq("Middle Earth Tech Solutions"))
        .one(db)
        .await
        .unwrap()
        .expect("Middle Earth Tech Solutions");
    assert_eq!(middle_earth.region, "Arnor");

    let samwise = contact::Entity::find()
        .filter(contact::Column::Email.eq("samwise@test.com"))
        .one(db)
        .await
        .unwrap()
        .expect("Samwise");
    let basic = portal::access::service::permissions_of(db, samwise.access_level_id.unwrap())
        .await
        .unwrap();
    assert!(basic.is_empty());

    let gandalf = contact::Entity::find()
        .filter(contact::Column::Email.eq("lotrtest@test.com"))
        .one(db)
        .await
        .unwrap()
        .expect("Gandalf");
    let full = portal::access::service::permissions_of(db, gandalf.access_level_id.unwrap())
        .await
        .unwrap();
    for permission in Permission::all() {
        assert!(full.allows(permission));
    }
    let staff: Vec<(String, String, StaffRole)> = staff_user::Entity::find()
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.email, s.name, s.role))
        .collect();
    assert_eq!(
        staff,
        vec![
            (
                "admin@example.com".to_string(),
                "Portal Administrator".to_string(),
                StaffRole::Administrator
            ),
            (
                "ann@example.com".to_string(),
                "Ann Perkins".to_string(),
                StaffRole::Staff
            ),
        ]
    );
}

#[tokio::test]
async fn seeding_again_changes_nothing() {
    let test = TestDb::new().await;
    portal::db::seed::run(&test.db, true, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        organization::Entity::find().count(&test.db).await.unwrap(),
        3
    );
    assert_eq!(
        access_level::Entity::find().count(&test.db).await.unwrap(),
        6
    );
    assert_eq!(staff_user::Entity::find().count(&test.db).await.unwrap(), 2);
}

#[tokio::test]
async fn without_demo_data_only_the_built_in_levels_exist() {
    let test = TestDb::with_demo(false).await;
    assert_eq!(
        organization::Entity::find().count(&test.db).await.unwrap(),
        0
    );
    assert_eq!(staff_user::Entity::find().count(&test.db).await.unwrap(), 0);
    let names: Vec<String> = access_level::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    for name in [
        "Administrator",
        "Billing",
        "Reports",
        "Work Orders",
        "Contact Manager",
        "Basic",
    ] {
        assert!(names.iter().any(|n| n == name), "missing {name}");
    }
}
