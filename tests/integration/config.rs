//! Leptos.toml is read for both Leptos's own settings and the portal's.

use portal::server::config::Settings;

#[test]
fn the_shipped_leptos_toml_gives_sensible_defaults() {
    let settings = Settings::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml"))
        .expect("Leptos.toml parses");
    assert_eq!(&*settings.leptos.output_name, "portal");
    if std::env::var("DATABASE_URL").is_err() {
        assert_eq!(settings.database_url, "sqlite://portal.db?mode=rwc");
    }
    assert!(settings.demo_data || std::env::var("PORTAL_DEMO_DATA").is_ok());
    assert!(settings.session_idle_hours > 0);
    if std::env::var("PORTAL_PUBLIC_URL").is_err() {
        assert!(!settings.secure_cookies());
    }
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let err = Settings::from_file("/nonexistent/Leptos.toml").unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/Leptos.toml"),
        "{err}"
    );
}
