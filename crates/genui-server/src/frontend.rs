//! The browser app (`web/`, built into `web/dist`), embedded in the binary and served at
//! `GENUI_FRONTEND_APP_PATH` with a fallback to `index.html` for the app's own routes.

use std::sync::Arc;

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct Assets;

/// Shown when the binary was built before the UI (`scripts/build-ui.sh`).
const NOT_BUILT: &str = "<!doctype html><title>GenUI</title><p>The GenUI web app is not part of \
this build. Run <code>scripts/build-ui.sh</code> and rebuild, or use the API at \
<a href=\"/api/docs\">/api/docs</a>.</p>";

/// Nothing loads from another origin. Styles may be inline (the component library sets them);
/// scripts may `eval` because the map's WebGL layer (regl) compiles its draw calls with
/// `new Function` — no inline script runs.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-eval'; \
img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; \
object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

/// The app mounted at a path such as `/` or `/app`.
#[derive(Clone)]
pub(crate) struct Frontend {
    /// The mount without a trailing slash (empty for `/`).
    prefix: Arc<str>,
    /// `index.html` rewritten for the mount; `None` when the UI was not built.
    index: Option<Arc<str>>,
}

impl Frontend {
    pub(crate) fn new(mount: &str) -> Self {
        let prefix = normalize(mount);
        let index = index_page(&prefix).map(Into::into);
        Self {
            prefix: prefix.into(),
            index,
        }
    }

    /// Answers a GET that no API route took: an asset, the app's page for its own routes,
    /// a redirect from `/` to the mount, or `None` when the path is not the app's.
    pub(crate) fn respond(&self, path: &str) -> Option<Response> {
        if path == "/api" || path.starts_with("/api/") {
            return None;
        }
        if path == "/" && !self.prefix.is_empty() {
            return Some(Redirect::temporary(&format!("{}/", self.prefix)).into_response());
        }
        let rest = path.strip_prefix(&*self.prefix)?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        Some(self.asset_or_index(rest.trim_start_matches('/')))
    }

    fn asset_or_index(&self, path: &str) -> Response {
        if !path.is_empty() && path != "index.html" {
            if let Some(file) = Assets::get(path) {
                // Vite names assets by content hash: they never change under one name.
                let cache = if path.starts_with("assets/") {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                };
                return (
                    [
                        (header::CONTENT_TYPE, file.metadata.mimetype().to_owned()),
                        (header::CACHE_CONTROL, cache.to_owned()),
                    ],
                    file.data,
                )
                    .into_response();
            }
            // A missing file under assets/ is a stale or wrong link, not an app route.
            if path.starts_with("assets/") {
                return StatusCode::NOT_FOUND.into_response();
            }
        }
        let Some(index) = &self.index else {
            return (StatusCode::SERVICE_UNAVAILABLE, Html(NOT_BUILT)).into_response();
        };
        let mut response = Html(index.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        response
    }
}

/// `/app/` → `/app`; `/` and `` → `` (the root).
fn normalize(mount: &str) -> String {
    let trimmed = mount.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

/// `index.html` with its `<base>` pointing at the mount, so relative asset URLs and the
/// client-side router work at any depth.
fn index_page(prefix: &str) -> Option<String> {
    let file = Assets::get("index.html")?;
    let html = String::from_utf8_lossy(&file.data);
    let base = format!("<base href=\"{prefix}/\" />");
    Some(html.replacen("<base href=\"/\" />", &base, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_are_normalized() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("/"), "");
        assert_eq!(normalize("app/"), "/app");
        assert_eq!(normalize("/genui/app/"), "/genui/app");
    }

    #[test]
    fn api_and_foreign_paths_are_not_the_apps() {
        let app = Frontend::new("/app");
        assert!(app.respond("/api/nothing").is_none());
        assert!(app.respond("/application").is_none());
        assert!(app.respond("/other").is_none());
        let root = app.respond("/").expect("the root redirects to the mount");
        assert_eq!(root.headers()[header::LOCATION], "/app/");
        assert!(app.respond("/app/projects/1").is_some());
        let missing = app.respond("/app/assets/gone.js").expect("under the mount");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}
