//! Starts the portal server: settings from Leptos.toml, database, router.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    portal::server::init_tracing();
    match portal::server::serve().await {
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
