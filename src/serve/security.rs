//! What keeps `s55 serve` safe as a local server that writes files. It listens on 127.0.0.1 only,
//! and on top of that:
//!
//! - A request whose `Host` is not this server's own loopback address and port is refused, so a web
//!   page elsewhere cannot reach it by pointing a name of its own at 127.0.0.1 (DNS rebinding).
//! - A request that changes a file must carry the token this server made when it started (a random
//!   number, put in every form it serves), and must not come from another site (`Origin`,
//!   `Sec-Fetch-Site`), so a page elsewhere cannot post a form to it.
//! - Only the office's own response files can be asked for, by their place under the office folder:
//!   `..`, absolute paths and symbolic links that lead outside the folder are refused.
//! - Every page is sent with a content security policy that allows nothing from elsewhere and no
//!   inline scripts or styles.

use std::path::{Component, Path, PathBuf};

/// A random token, made once per start of the server, that every form carries back. Without the
/// operating system's random numbers the server could not be made safe, so it does not start.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether a request's `Host` header names this server: `127.0.0.1:PORT` or `localhost:PORT`.
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

/// Why a request that would change a file is refused, if it is.
pub fn refuse_change(
    origin: Option<&str>,
    fetch_site: Option<&str>,
    token_sent: Option<&str>,
    token: &str,
    port: u16,
) -> Option<&'static str> {
    if let Some(origin) = origin {
        let origin = origin.trim().to_ascii_lowercase();
        if origin != format!("http://127.0.0.1:{port}")
            && origin != format!("http://localhost:{port}")
        {
            return Some("it came from another web site");
        }
    }
    if let Some(site) = fetch_site {
        if !matches!(site.trim(), "same-origin" | "none") {
            return Some("it came from another web site");
        }
    }
    match token_sent {
        Some(sent) if same(sent.as_bytes(), token.as_bytes()) => None,
        _ => Some("it did not come from a page this server made since it started"),
    }
}

/// Compares two tokens in a time that does not depend on where they first differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The file a request names by its place under the office folder (`responses/a.yaml`), if it is
/// one of `allowed` (the office's response files, as canonical paths). Anything else, a `..`, an
/// absolute path, a link that leads outside the folder, a file that is not a response, is `None`.
pub fn resolve(root: &Path, relative: &str, allowed: &[PathBuf]) -> Option<PathBuf> {
    if relative.is_empty() || relative.contains('\\') || relative.contains('\0') {
        return None;
    }
    let rel = Path::new(relative);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let canonical = root.join(rel).canonicalize().ok()?;
    if !canonical.starts_with(root) {
        return None;
    }
    allowed.iter().find(|a| **a == canonical).cloned()
}

/// The place of a file under the office folder, written with `/`, as links name it.
pub fn relative(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The headers every answer carries: nothing may load from elsewhere, no inline script or style
/// runs, no other site may frame the page, nothing is cached.
pub const HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_servers_own_host_is_accepted() {
        assert!(host_allowed(Some("127.0.0.1:8055"), 8055));
        assert!(host_allowed(Some("LocalHost:8055"), 8055));
        assert!(!host_allowed(Some("evil.example:8055"), 8055));
        assert!(!host_allowed(Some("127.0.0.1:8056"), 8055));
        assert!(!host_allowed(Some("127.0.0.1"), 8055));
        assert!(!host_allowed(None, 8055));
    }

    #[test]
    fn a_change_needs_the_token_and_no_other_site() {
        let t = "abc123";
        assert_eq!(refuse_change(None, None, Some(t), t, 1), None);
        assert_eq!(
            refuse_change(
                Some("http://127.0.0.1:1"),
                Some("same-origin"),
                Some(t),
                t,
                1
            ),
            None
        );
        assert!(refuse_change(None, None, None, t, 1).is_some());
        assert!(refuse_change(None, None, Some("abc124"), t, 1).is_some());
        assert!(refuse_change(Some("http://evil.example"), None, Some(t), t, 1).is_some());
        assert!(refuse_change(None, Some("cross-site"), Some(t), t, 1).is_some());
        assert!(refuse_change(None, Some("same-site"), Some(t), t, 1).is_some());
    }

    #[test]
    fn tokens_differ_each_start() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }

    #[test]
    fn only_listed_files_under_the_folder_resolve() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("responses")).unwrap();
        std::fs::write(root.join("responses/a.yaml"), "s55: 1\n").unwrap();
        std::fs::write(root.join("secret.yaml"), "s55: 1\n").unwrap();
        let allowed = vec![root.join("responses/a.yaml")];
        assert_eq!(
            resolve(&root, "responses/a.yaml", &allowed),
            Some(root.join("responses/a.yaml"))
        );
        assert_eq!(resolve(&root, "secret.yaml", &allowed), None);
        assert_eq!(
            resolve(&root, "responses/../responses/a.yaml", &allowed),
            None
        );
        assert_eq!(resolve(&root, "/etc/passwd", &allowed), None);
        assert_eq!(resolve(&root, "responses\\a.yaml", &allowed), None);
    }
}
