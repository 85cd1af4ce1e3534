//! `?page=&page_size=` pagination answering `{count, next, previous, results}`.

use std::future::Future;

use axum::http::Uri;
use axum::Json;
use genui_storage::{Page, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::AppState;

pub const DEFAULT_PAGE_SIZE: u64 = 50;
pub const MAX_PAGE_SIZE: u64 = 1000;

/// One page of a listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paginated<T> {
    /// Number of matching objects over all pages.
    pub count: i64,
    /// Link to the next page, if any.
    pub next: Option<String>,
    /// Link to the previous page, if any.
    pub previous: Option<String>,
    pub results: Vec<T>,
}

/// The query of a list of project-owned objects (compound sets, models, maps).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectListParams {
    /// Only objects of this project (404 if it is not yours).
    pub project_id: Option<i64>,
    /// 1-based page number.
    pub page: Option<u64>,
    /// Objects per page (1–1000, default 50).
    pub page_size: Option<u64>,
}

/// A validated page request (1-based page).
#[derive(Debug, Clone, Copy)]
pub struct Pager {
    page: u64,
    size: u64,
}

impl Pager {
    /// Validates `page` (≥ 1) and `page_size` (1..=1000, default 50).
    pub fn new(page: Option<u64>, page_size: Option<u64>) -> ApiResult<Self> {
        let page = page.unwrap_or(1);
        let size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page == 0 {
            return Err(ApiError::new(ErrorCode::InvalidQuery, "page starts at 1"));
        }
        if size == 0 || size > MAX_PAGE_SIZE {
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                format!("page_size must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        Ok(Self { page, size })
    }

    pub fn request(&self) -> PageRequest {
        let limit = i64::try_from(self.size).unwrap_or(i64::MAX);
        let offset = i64::try_from((self.page - 1).saturating_mul(self.size)).unwrap_or(i64::MAX);
        PageRequest { limit, offset }
    }

    /// Builds the response, with links relative to the request's path.
    pub fn respond<T, U>(&self, uri: &Uri, page: Page<T>, map: impl FnMut(T) -> U) -> Paginated<U> {
        let pages = u64::try_from(page.count).unwrap_or(0).div_ceil(self.size);
        let link = |n: u64| {
            let mut pairs: Vec<(String, String)> = uri
                .query()
                .map(|q| {
                    q.split('&')
                        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
                        .filter(|(k, _)| *k != "page" && !k.is_empty())
                        .map(|(k, v)| (k.to_owned(), v.to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            pairs.push(("page".into(), n.to_string()));
            let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{}?{}", uri.path(), query.join("&"))
        };
        Paginated {
            count: page.count,
            next: (self.page < pages).then(|| link(self.page + 1)),
            previous: (self.page > 1).then(|| link(self.page - 1)),
            results: page.items.into_iter().map(map).collect(),
        }
    }
}

/// The list of a kind of project-owned object: checks the page and the project filter (404 for
/// a project that is not the user's), then answers the page that `fetch(owner, project, page)`
/// reads, each row shown through `view`.
pub async fn list_owned<T, V, Fut>(
    state: &AppState,
    current: &CurrentUser,
    uri: &Uri,
    params: ProjectListParams,
    fetch: impl FnOnce(i64, Option<i64>, PageRequest) -> Fut,
    view: impl FnMut(T) -> V,
) -> ApiResult<Json<Paginated<V>>>
where
    Fut: Future<Output = genui_storage::Result<Page<T>>>,
{
    let pager = Pager::new(params.page, params.page_size)?;
    if let Some(project) = params.project_id {
        current.project(state, project).await?;
    }
    let page = fetch(current.user.id, params.project_id, pager.request()).await?;
    Ok(Json(pager.respond(uri, page, view)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_filters_and_replace_the_page() {
        let pager = Pager::new(Some(2), Some(10)).expect("valid");
        let uri: Uri = "/api/tasks?project_id=3&page=2&page_size=10"
            .parse()
            .expect("uri");
        let out = pager.respond(
            &uri,
            Page {
                count: 35,
                items: vec![1, 2],
            },
            |x| x,
        );
        assert_eq!(
            out.next.as_deref(),
            Some("/api/tasks?project_id=3&page_size=10&page=3")
        );
        assert_eq!(
            out.previous.as_deref(),
            Some("/api/tasks?project_id=3&page_size=10&page=1")
        );
        assert_eq!(pager.request().offset, 10);
    }

    #[test]
    fn the_last_page_has_no_next_link_and_bad_sizes_are_rejected() {
        let pager = Pager::new(Some(4), Some(10)).expect("valid");
        let out = pager.respond(
            &"/x".parse().expect("uri"),
            Page {
                count: 35,
                items: vec![0],
            },
            |x| x,
        );
        assert!(out.next.is_none());
        assert!(Pager::new(Some(0), None).is_err());
        assert!(Pager::new(None, Some(0)).is_err());
        assert!(Pager::new(None, Some(MAX_PAGE_SIZE + 1)).is_err());
    }
}
