//! A real SMTP server for a test: tests/support/smtp_server.py (aiosmtpd) on a
//! free port, writing what it accepts into a folder of its own. Recipients
//! starting with "reject" get 550, with "busy" get 451, and "slow" ones wait
//! 5 seconds for the answer to RCPT TO.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use portal::email::transport::SmtpTransport;
use portal::server::config::{MailSettings, MailTransportSettings, SmtpSettings, SmtpTls};

pub struct SmtpServer {
    pub port: u16,
    pub maildir: PathBuf,
    child: Option<Child>,
}

/// Debian's python3 has aiosmtpd; a python3 earlier on PATH may not.
fn python() -> String {
    std::env::var("SMTP_TEST_PYTHON").unwrap_or_else(|_| {
        if std::path::Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3".to_string()
        } else {
            "python3".to_string()
        }
    })
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl SmtpServer {
    pub fn start() -> Self {
        let port = free_port();
        let maildir =
            std::env::temp_dir().join(format!("portal-smtp-{}-{port}", std::process::id()));
        let mut server = Self {
            port,
            maildir,
            child: None,
        };
        server.resume();
        server
    }

    /// Settings that send to this server (plain SMTP, no retries delay worth waiting for).
    pub fn mail_settings(&self) -> MailSettings {
        MailSettings {
            transport: MailTransportSettings::Smtp(SmtpSettings {
                host: "127.0.0.1".to_string(),
                port: self.port,
                tls: SmtpTls::None,
                username: None,
                password: None,
            }),
            ..MailSettings::default()
        }
    }

    /// A transport to this server keeping up to `connections` open, as one
    /// app server's worker has. It outlives stop() and resume(), as a worker
    /// outlives its mail server going down and coming back.
    pub fn transport(&self, connections: u32) -> SmtpTransport {
        match &self.mail_settings().transport {
            MailTransportSettings::Smtp(smtp) => {
                SmtpTransport::new(smtp, connections).expect("an SMTP transport")
            }
            MailTransportSettings::Folder(_) => unreachable!("mail_settings() is SMTP"),
        }
    }

    /// Starts (again) on the same port, as a mail server coming back would.
    pub fn resume(&mut self) {
        assert!(self.child.is_none(), "the SMTP server is already running");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_server.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(self.port.to_string())
            .arg(&self.maildir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the test SMTP server (python3 with aiosmtpd)");
        let stdout = child.stdout.take().expect("server stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read from the test SMTP server");
        assert_eq!(line.trim(), "READY", "the test SMTP server did not start");
        self.child = Some(child);
    }

    /// Stops the server, as a mail server going down would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The raw messages it accepted, in order.
    pub fn received(&self) -> Vec<String> {
        let mut files: Vec<(u32, PathBuf)> = std::fs::read_dir(&self.maildir)
            .map(|dir| {
                dir.filter_map(|e| e.ok())
                    .filter_map(|e| {
                        let path = e.path();
                        let n = path.file_stem()?.to_str()?.parse().ok()?;
                        (path.extension()? == "eml").then_some((n, path))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| std::fs::read_to_string(path).unwrap_or_default())
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}
