//! The portal's Contacts pages (Account › Contacts): a contact manages their
//! own organization's contacts as far as their access level allows.

pub mod contact_form;
pub mod contact_pages;
pub mod contact_table;
pub mod contact_view_page;
pub mod contacts_page;

/// Where "back" leads after saving: a local Contacts page the person came
/// from, never anywhere else.
pub fn return_path(from: Option<String>, fallback: String) -> String {
    match from {
        Some(path) if crate::paths::safe_within(&path, "/portal/contacts") => path,
        _ => fallback,
    }
}

/// The query string form of a Contacts page URL (`?from=` keeps it).
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_path_only_leads_back_into_contacts() {
        let fallback = || "/portal/contacts/7".to_string();
        assert_eq!(return_path(None, fallback()), "/portal/contacts/7");
        assert_eq!(
            return_path(Some("/portal/contacts?page=2".into()), fallback()),
            "/portal/contacts?page=2"
        );
        assert_eq!(
            return_path(
                Some("/portal/contacts/search?name=a&status=all".into()),
                fallback()
            ),
            "/portal/contacts/search?name=a&status=all"
        );
        assert_eq!(
            return_path(Some("https://evil.example".into()), fallback()),
            "/portal/contacts/7"
        );
        assert_eq!(
            return_path(Some("/portal/contacts//evil.example".into()), fallback()),
            "/portal/contacts/7"
        );
        assert_eq!(
            return_path(Some("/portal/billing".into()), fallback()),
            "/portal/contacts/7"
        );
    }
}
