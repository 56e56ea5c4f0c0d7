//! Just enough MIME to read what the test SMTP server received: the headers
//! (unfolded) and the decoded plain-text and HTML parts, however lettre chose
//! to encode them (7bit, quoted-printable or base64).

/// One received message, decoded.
#[derive(Debug)]
pub struct Mail {
    headers: Vec<(String, String)>,
    /// The text/plain part, line endings as `\n`.
    pub text: Option<String>,
    /// The text/html part, line endings as `\n`.
    pub html: Option<String>,
}

impl Mail {
    /// The first header of this name (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub fn parse(raw: &str) -> Mail {
    let raw = raw.replace("\r\n", "\n");
    let (headers, body) = split(&raw);
    let mut mail = Mail {
        headers,
        text: None,
        html: None,
    };
    let mut parts = Vec::new();
    collect_parts(&mail.headers, body, &mut parts);
    for (content_type, text) in parts {
        if content_type.starts_with("text/plain") && mail.text.is_none() {
            mail.text = Some(text);
        } else if content_type.starts_with("text/html") && mail.html.is_none() {
            mail.html = Some(text);
        }
    }
    mail
}

/// Headers (unfolded) and the body after the blank line.
fn split(entity: &str) -> (Vec<(String, String)>, &str) {
    let (head, body) = entity.split_once("\n\n").unwrap_or((entity, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    (headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Every leaf part as (lower-case content type, decoded text).
fn collect_parts(headers: &[(String, String)], body: &str, parts: &mut Vec<(String, String)>) {
    let content_type = header(headers, "Content-Type");
    let lower = content_type.to_ascii_lowercase();
    if lower.starts_with("multipart/") {
        let boundary = content_type
            .split(';')
            .filter_map(|param| param.trim().split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("boundary"))
            .map(|(_, value)| value.trim().trim_matches('"').to_string())
            .expect("a multipart message names its boundary");
        let delimiter = format!("--{boundary}");
        for chunk in body.split(&delimiter).skip(1) {
            if chunk.starts_with("--") {
                break;
            }
            let chunk = chunk.strip_prefix('\n').unwrap_or(chunk);
            let (part_headers, part_body) = split(chunk);
            collect_parts(&part_headers, part_body, parts);
        }
        return;
    }
    let encoding = header(headers, "Content-Transfer-Encoding").to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64(body),
        _ => body.as_bytes().to_vec(),
    };
    let text = String::from_utf8(bytes).expect("a text part is UTF-8");
    // The line break before the next boundary belongs to the boundary.
    let text = text.replace("\r\n", "\n");
    let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
    parts.push((lower, text));
}

fn quoted_printable(body: &str) -> Vec<u8> {
    let body = body.replace("=\n", "");
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn base64(body: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in body.bytes() {
        let Some(value) = ALPHABET.iter().position(|&b| b == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_quoted_printable_and_base64() {
        assert_eq!(quoted_printable("a=3Db =\nc=C3=A9"), "a=b cé".as_bytes());
        assert_eq!(base64("aGVs\nbG8="), b"hello");
    }
}
