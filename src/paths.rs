//! Local paths: whether a path lies inside a section of the site, and whether
//! a path that came in a query string (`?next=`, `?from=`) may be followed.
//! One rule, used by the area guard, sign-in landing, navigation and "back".

/// Whether `path` is `prefix` itself or a page under it (`prefix/…` or
/// `prefix?…`). `/portaleer` is not inside `/portal`.
pub fn within(path: &str, prefix: &str) -> bool {
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'),
        None => false,
    }
}

/// Whether a path from a query string is a local path inside `prefix` that is
/// safe to redirect to: no scheme, no host (`//evil.example`), no backslashes
/// that some browsers read as slashes.
pub fn safe_within(path: &str, prefix: &str) -> bool {
    within(path, prefix) && !path.contains("//") && !path.contains('\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_means_the_section_itself_or_below_it() {
        assert!(within("/admin", "/admin"));
        assert!(within("/admin/customers/3", "/admin"));
        assert!(within("/portal/contacts?page=2", "/portal/contacts"));
        assert!(!within("/portaleer", "/portal"));
        assert!(!within("/", "/portal"));
    }

    #[test]
    fn followed_paths_stay_local() {
        assert!(safe_within("/admin/x?y=1", "/admin"));
        assert!(!safe_within("https://evil.example/admin", "/admin"));
        assert!(!safe_within("/admin//evil.example", "/admin"));
        assert!(!safe_within("/admin/\\evil.example", "/admin"));
    }
}
