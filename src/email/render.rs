//! Renders templates in a sandbox: no file or network access, no functions
//! beyond minijinja's built-in filters, a fuel limit against runaway loops, and
//! strict undefined values so a misspelt placeholder is an error, not a blank.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::{RenderedEmail, TemplateInput};

/// Enough for any real email; a template that loops past it is stopped.
const FUEL: u64 = 200_000;
/// Longer bodies are almost certainly a mistake (or an attack on the mail server).
const MAX_SOURCE_CHARS: usize = 100_000;
/// The most one part may come to once filled in. Rendering stops there, so a
/// loop that writes a great deal cannot fill the server's memory first.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// Collects rendered output and refuses to grow past `MAX_OUTPUT_BYTES`.
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other("output cap reached"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A template mistake, tied to the field it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// `subject`, `html_body` or `text_body`.
    pub field: &'static str,
    pub message: String,
}

fn environment<'source>() -> Environment<'source> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    // Only the HTML body is escaped; the subject and text body are plain text.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    // minijinja's HTML escaping also turns `/` into `&#x2f;`, which leaves every
    // link in an email as `href="https:&#x2f;&#x2f;…"`: valid HTML, but mail
    // clients, link checkers and staff reading View get a mangled address.
    // Strings are escaped here without touching `/`; the rest as minijinja does.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(text) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
            std::fmt::Write::write_str(out, &html_escape(text)).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    env
}

fn describe(err: &minijinja::Error, source: &str) -> String {
    let snippet = err
        .range()
        .and_then(|range| source.get(range))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && s.len() <= 80);
    if let (minijinja::ErrorKind::UndefinedError, Some(snippet)) = (err.kind(), snippet) {
        let where_ = err
            .line()
            .map(|l| format!("Line {l}: "))
            .unwrap_or_default();
        return format!(
            "{where_}\"{snippet}\" is not a placeholder this email knows. Check the spelling against the list of placeholders."
        );
    }
    let mut message = err.kind().to_string();
    if let Some(detail) = err.detail() {
        message = format!("{message}: {detail}");
    }
    let mut chars = message.chars();
    let message = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => message,
    };
    match err.line() {
        Some(line) => format!("Line {line}: {message}."),
        None => format!("{message}."),
    }
}

fn render_one<'source>(
    env: &Environment<'source>,
    field: &'static str,
    name: &str,
    source: &'source str,
    context: &impl Serialize,
) -> Result<String, TemplateError> {
    if source.chars().count() > MAX_SOURCE_CHARS {
        return Err(TemplateError {
            field,
            message: format!("Keep this under {MAX_SOURCE_CHARS} characters."),
        });
    }
    let template = env
        .template_from_named_str(name, source)
        .map_err(|err| TemplateError {
            field,
            message: describe(&err, source),
        })?;
    let mut out = Capped(Vec::new());
    match template.render_captured_to(context, &mut out) {
        Ok(_) => String::from_utf8(out.0).map_err(|_| TemplateError {
            field,
            message: "The filled-in text is not valid text.".to_string(),
        }),
        Err(err) if err.kind() == minijinja::ErrorKind::WriteFailure => Err(TemplateError {
            field,
            message: format!(
                "Filled in, this comes to more than {} MB, which no email should be. Check the loops.",
                MAX_OUTPUT_BYTES / (1024 * 1024)
            ),
        }),
        Err(err) => Err(TemplateError {
            field,
            message: describe(&err, source),
        }),
    }
}

/// Renders all three parts, stopping at the first mistake.
pub fn render(
    template: &TemplateInput,
    context: &impl Serialize,
    portal_url: &str,
) -> Result<RenderedEmail, TemplateError> {
    let env = environment();
    let subject = render_one(&env, "subject", "subject.txt", &template.subject, context)?;
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    if subject.is_empty() {
        return Err(TemplateError {
            field: "subject",
            message: "The subject is empty once filled in.".to_string(),
        });
    }
    let mut html_body = render_one(&env, "html_body", "body.html", &template.html_body, context)?;
    let mut text_body = render_one(&env, "text_body", "body.txt", &template.text_body, context)?;
    if template.links_to_portal {
        let escaped = html_escape(portal_url);
        html_body.push_str(&format!(
            "\n<p style=\"margin-top:24px\"><a href=\"{escaped}\">Open the customer portal</a></p>\n"
        ));
        text_body.push_str(&format!("\n\nOpen the customer portal: {portal_url}\n"));
    }
    Ok(RenderedEmail {
        subject,
        html_body,
        text_body,
    })
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(subject: &str, html: &str, text: &str) -> TemplateInput {
        TemplateInput {
            subject: subject.into(),
            html_body: html.into(),
            text_body: text.into(),
            links_to_portal: false,
        }
    }

    #[test]
    fn fills_placeholders_and_escapes_only_html() {
        let context = json!({ "contact": { "first_name": "Tom & <Jerry>" } });
        let out = render(
            &template(
                "Hi {{ contact.first_name }}",
                "<p>{{ contact.first_name }}</p>",
                "{{ contact.first_name }}",
            ),
            &context,
            "http://portal",
        )
        .unwrap();
        assert_eq!(out.subject, "Hi Tom & <Jerry>");
        assert_eq!(out.html_body, "<p>Tom &amp; &lt;Jerry&gt;</p>");
        assert_eq!(out.text_body, "Tom & <Jerry>");
    }

    #[test]
    fn links_in_the_html_body_keep_their_slashes_and_quotes_stay_escaped() {
        let context = json!({ "url": "https://portal.example.com/reset?token=a&b", "name": "O'Brien \"Bob\"" });
        let out = render(
            &template("s", "<a href=\"{{ url }}\">{{ name }}</a>", "{{ url }}"),
            &context,
            "u",
        )
        .unwrap();
        assert_eq!(
            out.html_body,
            "<a href=\"https://portal.example.com/reset?token=a&amp;b\">O&#x27;Brien &quot;Bob&quot;</a>"
        );
        assert_eq!(out.text_body, "https://portal.example.com/reset?token=a&b");
    }

    #[test]
    fn a_misspelt_placeholder_is_reported_with_its_field_and_line() {
        let err = render(
            &template("Hi", "<p>\n{{ contcat.first_name }}</p>", "x"),
            &json!({ "contact": {} }),
            "http://portal",
        )
        .unwrap_err();
        assert_eq!(err.field, "html_body");
        assert!(err.message.starts_with("Line 2: "), "{}", err.message);
        assert!(
            err.message
                .contains("\"contcat.first_name\" is not a placeholder"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_syntax_error_and_a_runaway_loop_are_stopped() {
        let err = render(&template("{% if %}", "", ""), &json!({}), "u").unwrap_err();
        assert_eq!(err.field, "subject");
        let err = render(
            &template(
                "s",
                "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
                "",
            ),
            &json!({}),
            "u",
        )
        .unwrap_err();
        assert_eq!(err.field, "html_body");
    }

    #[test]
    fn rendering_stops_at_the_output_cap() {
        // 2,000 × 1,000 characters: little fuel, but 2 MB of output.
        let err = render(
            &template(
                "s",
                "{% for i in range(2000) %}{{ 'x' * 1000 }}{% endfor %}",
                "t",
            ),
            &json!({}),
            "u",
        )
        .unwrap_err();
        assert_eq!(err.field, "html_body");
        assert!(err.message.contains("more than 1 MB"), "{}", err.message);
        let fits = render(
            &template(
                "s",
                "{% for i in range(500) %}{{ 'x' * 1000 }}{% endfor %}",
                "t",
            ),
            &json!({}),
            "u",
        )
        .unwrap();
        assert_eq!(fits.html_body.len(), 500_000);
    }

    #[test]
    fn the_portal_link_follows_the_template_setting() {
        let mut t = template("s", "<p>b</p>", "b");
        t.links_to_portal = true;
        let out = render(&t, &json!({}), "https://portal.example.com/login").unwrap();
        assert!(out
            .html_body
            .contains("href=\"https://portal.example.com/login\""));
        assert!(out
            .text_body
            .ends_with("Open the customer portal: https://portal.example.com/login\n"));
    }
}
