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
    // The demo accounts have published passwords: only when asked for.
    assert!(!settings.demo_data || std::env::var("PORTAL_DEMO_DATA").is_ok());
    assert!(settings.session_idle_hours > 0);
    assert!(settings.session_max_days > 0);
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

#[test]
fn mail_goes_to_a_folder_unless_an_smtp_host_is_set() {
    use portal::server::config::{MailTransportSettings, SmtpTls};
    let shipped = Settings::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml"))
        .expect("Leptos.toml parses");
    if std::env::var("PORTAL_SMTP_HOST").is_err() && std::env::var("PORTAL_MAIL_DIR").is_err() {
        assert_eq!(
            shipped.mail.transport,
            MailTransportSettings::Folder("mail".into())
        );
    }
    assert!(shipped.mail.max_attempts > 1 && shipped.mail.retry_seconds > 0);

    let file = std::env::temp_dir().join(format!("portal-smtp-config-{}.toml", std::process::id()));
    std::fs::write(
        &file,
        "[package.metadata.leptos]\noutput-name = \"portal\"\n\n[portal]\nsmtp-host = \"mail.example.com\"\nsmtp-tls = \"tls\"\nsmtp-username = \"portal\"\n",
    )
    .unwrap();
    let settings = Settings::from_file(file.to_str().unwrap()).expect("parses");
    std::fs::remove_file(&file).ok();
    if std::env::var("PORTAL_SMTP_HOST").is_err() {
        match settings.mail.transport {
            MailTransportSettings::Smtp(smtp) => {
                assert_eq!(smtp.host, "mail.example.com");
                assert_eq!(smtp.tls, SmtpTls::Tls);
                assert_eq!(smtp.port, 465, "TLS from the start defaults to port 465");
                assert_eq!(smtp.username.as_deref(), Some("portal"));
            }
            other => panic!("expected SMTP, got {other:?}"),
        }
    }
}
