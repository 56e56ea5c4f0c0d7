//! Rules for a person's fields (contacts, and staff users' names and emails),
//! shared so the browser can show the same message the server would give
//! before anything is sent.

use super::ContactEdit;
use crate::error::AppError;

pub const MAX_NAME: usize = 100;
/// The longest address SMTP can carry (RFC 5321 path limit).
pub const MAX_EMAIL: usize = 254;
/// Room for "+44 (0) 20 7946 0958 ext. 12345" and then some.
pub const MAX_PHONE: usize = 30;

/// The one way an email address is compared and stored: trimmed, lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks and tidies a contact's fields; the first problem is reported at its field.
pub fn contact(edit: &ContactEdit) -> Result<ContactEdit, AppError> {
    let tidy = ContactEdit {
        title: edit.title.trim().to_string(),
        first_name: edit.first_name.trim().to_string(),
        last_name: edit.last_name.trim().to_string(),
        email: normalize_email(&edit.email),
        phone: edit.phone.trim().to_string(),
        status: edit.status,
        access: edit.access,
    };
    if tidy.title.chars().count() > 20 {
        return Err(AppError::field(
            "title",
            "A title is at most 20 characters.",
        ));
    }
    for (field, value, what) in [
        ("first_name", &tidy.first_name, "first name"),
        ("last_name", &tidy.last_name, "last name"),
    ] {
        if value.is_empty() {
            return Err(AppError::field(
                field,
                format!("Enter the contact's {what}."),
            ));
        }
        if value.chars().count() > MAX_NAME {
            return Err(AppError::field(
                field,
                format!("A {what} is at most {MAX_NAME} characters."),
            ));
        }
    }
    email(&tidy.email)?;
    phone(&tidy.phone)?;
    Ok(tidy)
}

pub fn email(email: &str) -> Result<(), AppError> {
    if email.is_empty() {
        return Err(AppError::field("email", "Enter an email address."));
    }
    // Addresses must have a domain with a dot: "name@localhost" would never be delivered.
    let valid = email_address::EmailAddress::parse_with_options(
        email,
        email_address::Options::default().without_display_text(),
    )
    .map(|parsed| parsed.domain().contains('.'))
    .unwrap_or(false);
    if email.chars().count() > MAX_EMAIL {
        return Err(AppError::field(
            "email",
            format!("An email address is at most {MAX_EMAIL} characters."),
        ));
    }
    if valid {
        Ok(())
    } else {
        Err(AppError::field(
            "email",
            "Enter a valid email address, like name@example.com.",
        ))
    }
}

/// Optional; when given: digits with the usual separators, 7 to 15 digits,
/// an optional leading + and an optional extension ("x123" or "ext. 123").
pub fn phone(phone: &str) -> Result<(), AppError> {
    if phone.is_empty() {
        return Ok(());
    }
    if phone.chars().count() > MAX_PHONE {
        return Err(AppError::field(
            "phone",
            format!("A phone number is at most {MAX_PHONE} characters."),
        ));
    }
    let lower = phone.to_lowercase();
    let (number, extension) = match lower.find(['x', 'e']) {
        Some(at) => (&lower[..at], Some(&lower[at..])),
        None => (lower.as_str(), None),
    };
    let number_ok = number
        .trim()
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -().".contains(c) || (c == '+' && i == 0));
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let extension_ok = extension.is_none_or(|ext| {
        let digits: String = ext
            .trim_start_matches("ext.")
            .trim_start_matches("ext")
            .trim_start_matches('x')
            .trim()
            .to_string();
        !digits.is_empty() && digits.len() <= 6 && digits.chars().all(|c| c.is_ascii_digit())
    });
    if number_ok && (7..=15).contains(&digits) && extension_ok {
        Ok(())
    } else {
        Err(AppError::field(
            "phone",
            "Enter a phone number with 7 to 15 digits, like (317) 555-0142.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(email("lotrtest@test.com").is_ok());
        assert!(email("first.last+tag@sub.example.co.uk").is_ok());
        for bad in [
            "",
            "plain",
            "a@b",
            "@example.com",
            "a b@example.com",
            "Name <a@example.com>",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn phones() {
        for good in [
            "",
            "555-0100",
            "(317) 555-0142",
            "+44 20 7946 0958",
            "317.555.0142 x12",
            "555 0100 ext. 7",
        ] {
            assert!(phone(good).is_ok(), "{good:?} should be accepted");
        }
        for bad in [
            "12",
            "call me",
            "555-0100-555-0100-555",
            "+1 (317) abc",
            "555-0100 x",
        ] {
            assert!(phone(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn names_are_required_and_input_is_tidied() {
        let edit = ContactEdit {
            first_name: " Frodo ".into(),
            last_name: "Baggins".into(),
            email: " Frodo@Shire.ME ".into(),
            ..Default::default()
        };
        let tidy = contact(&edit).unwrap();
        assert_eq!(tidy.first_name, "Frodo");
        assert_eq!(tidy.email, "frodo@shire.me");
        let missing = ContactEdit {
            first_name: "".into(),
            ..edit
        };
        assert_eq!(
            contact(&missing)
                .unwrap_err()
                .message_for("first_name")
                .as_deref(),
            Some("Enter the contact's first name.")
        );
    }
}
