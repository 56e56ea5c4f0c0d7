//! The command line: serve (the default), or `create-staff`. A password is
//! read from a prompt, or from standard input when that is not a terminal
//! (`echo "$PASSWORD" | portal create-staff …`), never from the arguments,
//! where other users and shell histories would see it.

use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use super::config::Settings;
use crate::auth::StaffRole;

#[derive(Parser)]
#[command(name = "portal", about = "The customer portal server", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Add a staff user who can sign in at once, e.g. the first administrator
    /// of an empty database. Asks for the password.
    CreateStaff {
        /// The email they sign in with.
        #[arg(long)]
        email: String,
        /// Their name, as the portal shows it.
        #[arg(long)]
        name: String,
        /// administrator (everything, the default) or staff (settings read-only).
        #[arg(long, default_value = "administrator")]
        role: String,
    },
}

pub async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => super::serve(settings).await,
        Command::CreateStaff { email, name, role } => {
            let role: StaffRole = role
                .parse()
                .map_err(|_| format!("--role is administrator or staff, not {role:?}"))?;
            let password = read_password()?;
            let clock = super::clock::Clock::default();
            let db = crate::db::connect(&settings.database_url).await?;
            crate::db::prepare(&db, false, clock.now()).await?;
            let ctx = super::ctx::Ctx::new(
                db,
                Arc::new(settings),
                clock.now(),
                crate::audit::service::Actor::system(),
            );
            let created =
                crate::staff::service::create_with_password(&ctx, &name, &email, role, &password)
                    .await
                    .map_err(|err| err.to_string())?;
            println!(
                "Created {} {} <{}>. They can sign in at {}/login.",
                created.role.label(),
                created.name,
                created.email,
                ctx.settings.public_url
            );
            Ok(())
        }
    }
}

/// The new password: asked twice at a terminal, else the first line of
/// standard input.
fn read_password() -> Result<String, Box<dyn std::error::Error>> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Password again: ")?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
