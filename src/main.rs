//! The portal's command line: `portal` (or `portal serve`) runs the server
//! with the settings from Leptos.toml; `portal create-staff` adds a staff
//! user, such as the first administrator of an empty database.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    portal::server::init_tracing();
    match portal::server::cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("portal stopped: {err}");
            eprintln!("portal: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser side starts from `hydrate()` in lib.rs.
}
