//! `/api/compound-sets/{id}/molecules`, `/api/molecules…`: listing with
//! sorting and filtering, search, detail and depictions.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use genui_chem::depict::{to_svg, SvgOptions};
use genui_chem::substructure::{QueryLanguage, QuerySpec};
use genui_chem::Molecule;
use genui_compounds::search::{self, Hit, SearchError, SetIndex, SimilarityLimit};
use genui_compounds::store::{self, ActivityRow, MoleculeQuery, MoleculeRow, Scope, PROPERTIES};
use genui_generators::task::FRAGMENTS_COLUMN;
use genui_storage::Page;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use super::activities::ActivityView;
use super::page_cache::PageKey;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody, ErrorCode};
use crate::pagination::{Pager, Paginated};
use crate::AppState;

/// A molecule with its identifiers, properties and activities.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MoleculeView {
    pub id: i64,
    pub compound_set_id: i64,
    pub project_id: i64,
    pub name: Option<String>,
    /// Canonical isomeric SMILES of the standardized parent.
    pub smiles: String,
    pub inchi: String,
    pub inchikey: String,
    /// Rows or records of the source file this molecule came from.
    pub source_positions: Vec<u64>,
    /// The chemistry core's descriptors, by name.
    pub properties: BTreeMap<String, f64>,
    pub activities: Vec<ActivityView>,
    /// Columns or tags kept from the source file, by name.
    #[schema(value_type = Option<HashMap<String, Value>>)]
    pub extra: Option<Value>,
    pub depiction_url: String,
    /// Tanimoto similarity to the query (similarity search).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// Atoms matched by the query (substructure search), 0-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_atoms: Option<Vec<u32>>,
}

/// The depiction of molecule `id`, with the atoms a query (`text` in `language`) matches
/// highlighted.
fn depiction_url(id: i64, highlight: Option<(&str, &str)>) -> String {
    match highlight {
        None => format!("/api/molecules/{id}/depiction.svg"),
        Some((text, language)) => format!(
            "/api/molecules/{id}/depiction.svg?highlight={}&language={language}",
            url_encode(text)
        ),
    }
}

impl MoleculeView {
    fn new(m: MoleculeRow, activities: Vec<ActivityRow>) -> Self {
        // A generated molecule is drawn with the fragments it grew from highlighted.
        let fragments = m
            .extra
            .as_ref()
            .and_then(|e| e.get(FRAGMENTS_COLUMN))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Self {
            depiction_url: depiction_url(m.id, fragments.as_deref().map(|f| (f, "smiles"))),
            id: m.id,
            compound_set_id: m.compound_set_id,
            project_id: m.project_id,
            name: m.name,
            smiles: m.smiles,
            inchi: m.inchi,
            inchikey: m.inchikey,
            source_positions: m
                .source_positions
                .split(',')
                .filter_map(|p| p.parse().ok())
                .collect(),
            properties: PROPERTIES
                .iter()
                .zip(m.properties)
                .map(|(k, v)| ((*k).to_owned(), v))
                .collect(),
            activities: activities.into_iter().map(ActivityView::from).collect(),
            extra: m.extra,
            similarity: None,
            matched_atoms: None,
        }
    }
}

/// Views of a page of molecules, with their activities.
async fn views(state: &AppState, rows: Vec<MoleculeRow>) -> ApiResult<Vec<MoleculeView>> {
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let mut activities = store::activities_of(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let list = activities.remove(&m.id).unwrap_or_default();
            MoleculeView::new(m, list)
        })
        .collect())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MoleculeListParams {
    pub page: Option<u64>,
    /// 1–1000, default 50.
    pub page_size: Option<u64>,
    /// A property name, `id`, `activity:<type>` (the mean of the molecule's values of that
    /// type) or `activity:<type>@<activity set id>` (the mean in that set, e.g. one model's
    /// predictions, typed `<type> (predicted)`); `-` in front for descending, e.g.
    /// `-activity:pIC50`, `-activity:pIC50 (predicted)@12` or `mw`.
    pub sort: Option<String>,
    /// Comma-separated conditions on properties, `id` or activity fields as in `sort` (true
    /// when any of the values holds it) with `<`, `<=`, `>`, `>=`, `=` or `!=`, e.g.
    /// `mw<500,activity:pIC50>=6`.
    pub filter: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectMoleculeParams {
    /// The project whose molecules (of all its sets) to list.
    pub project_id: i64,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    pub sort: Option<String>,
    pub filter: Option<String>,
}

async fn list(
    state: &AppState,
    scope: Scope,
    uri: &Uri,
    pager: Pager,
    sort: Option<&str>,
    filter: Option<&str>,
) -> ApiResult<Json<Paginated<MoleculeView>>> {
    let query = MoleculeQuery::parse(sort, filter)
        .map_err(|e| ApiError::new(ErrorCode::InvalidQuery, e.to_string()))?;
    let page = store::list_molecules(&state.db, scope, &query, pager.request()).await?;
    let results = views(state, page.items).await?;
    Ok(Json(pager.respond(
        uri,
        Page {
            count: page.count,
            items: results,
        },
        |v| v,
    )))
}

#[utoipa::path(get, path = "/api/compound-sets/{id}/molecules", tag = "compound sets",
    params(("id" = i64, Path, description = "compound set id"), MoleculeListParams),
    responses((status = 200, body = Paginated<MoleculeView>), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_in_set(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<MoleculeListParams>,
) -> ApiResult<Response> {
    let pager = Pager::new(params.page, params.page_size)?;
    let (sort, filter) = (params.sort.as_deref(), params.filter.as_deref());
    let whole_set = MoleculeQuery::parse(sort, filter).is_ok_and(|q| q.is_plain());
    if !whole_set {
        let set = current.compound_set(&state, id).await?;
        let page = list(&state, Scope::Set(set.id), &uri, pager, sort, filter).await?;
        return Ok(page.into_response());
    }
    // A page of the whole set is the same for everyone who may read it until the set changes.
    let contents = store::contents_version_owned(&state.db, current.user.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let key = PageKey {
        set: id,
        contents,
        query: uri.query().unwrap_or_default().to_owned(),
    };
    let body = match state.pages.get(&key) {
        Some(body) => body,
        None => {
            let Json(page) = list(&state, Scope::Set(id), &uri, pager, None, None).await?;
            let body = Bytes::from(serde_json::to_vec(&page).map_err(ApiError::internal)?);
            state.pages.insert(key, body.clone());
            body
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[utoipa::path(get, path = "/api/molecules", tag = "compound sets", params(ProjectMoleculeParams),
    responses((status = 200, body = Paginated<MoleculeView>), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_in_project(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<ProjectMoleculeParams>,
) -> ApiResult<Json<Paginated<MoleculeView>>> {
    let pager = Pager::new(params.page, params.page_size)?;
    let project = current.project(&state, params.project_id).await?;
    list(
        &state,
        Scope::Project(project.id),
        &uri,
        pager,
        params.sort.as_deref(),
        params.filter.as_deref(),
    )
    .await
}

#[utoipa::path(get, path = "/api/molecules/{id}", tag = "compound sets",
    params(("id" = i64, Path, description = "molecule id")),
    responses((status = 200, body = MoleculeView), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<MoleculeView>> {
    let molecule = current.molecule(&state, id).await?;
    let mut views = views(&state, vec![molecule]).await?;
    Ok(Json(views.remove(0)))
}

/// Where a structure occurs in its project.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MoleculeOccurrences {
    /// The same structure (InChIKey) in the project's compound sets, this molecule among them.
    pub molecules: Vec<SetOccurrence>,
    /// The maps that place any of them.
    pub maps: Vec<MapOccurrence>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SetOccurrence {
    pub molecule_id: i64,
    pub compound_set_id: i64,
    pub compound_set_name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MapOccurrence {
    pub map_id: i64,
    pub map_name: String,
    /// The molecule the map places.
    pub molecule_id: i64,
}

#[utoipa::path(get, path = "/api/molecules/{id}/occurrences", tag = "compound sets",
    params(("id" = i64, Path, description = "molecule id")),
    responses((status = 200, body = MoleculeOccurrences), (status = 404, body = ErrorBody)))]
pub async fn occurrences(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<MoleculeOccurrences>> {
    let molecule = current.molecule(&state, id).await?;
    let molecules =
        store::same_structure(&state.db, molecule.project_id, &molecule.inchikey).await?;
    let ids: Vec<i64> = molecules.iter().map(|(id, _, _)| *id).collect();
    let maps = genui_maps::store::maps_of_molecules(&state.db, &ids).await?;
    Ok(Json(MoleculeOccurrences {
        molecules: molecules
            .into_iter()
            .map(
                |(molecule_id, compound_set_id, compound_set_name)| SetOccurrence {
                    molecule_id,
                    compound_set_id,
                    compound_set_name,
                },
            )
            .collect(),
        maps: maps
            .into_iter()
            .map(|(map_id, map_name, molecule_id)| MapOccurrence {
                map_id,
                map_name,
                molecule_id,
            })
            .collect(),
    }))
}

/// A substructure query.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubstructureQuery {
    /// SMARTS or SMILES.
    pub query: String,
    /// `smarts` (default) or `smiles`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub language: Option<QueryLanguage>,
    #[serde(default)]
    pub use_chirality: bool,
}

/// A similarity query: ECFP4 Tanimoto to `smiles`, all above `threshold` or the `top_k` best.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimilarityQuery {
    pub smiles: String,
    pub threshold: Option<f64>,
    pub top_k: Option<usize>,
}

/// What to search and where: exactly one of `compound_set_id` and
/// `project_id`, and exactly one of `substructure` and `similarity`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    pub compound_set_id: Option<i64>,
    pub project_id: Option<i64>,
    pub substructure: Option<SubstructureQuery>,
    pub similarity: Option<SimilarityQuery>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// One page of search hits.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// All hits over all pages.
    pub count: usize,
    /// Molecules searched.
    pub searched: usize,
    /// Hits of this page: substructure hits in id order with their matched
    /// atoms highlighted in `depiction_url`; similarity hits most similar first.
    pub results: Vec<MoleculeView>,
}

fn search_error(e: SearchError) -> ApiError {
    match e {
        SearchError::Query(e) => ApiError::validation("query", e.to_string()),
        SearchError::Storage(e) => e.into(),
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[utoipa::path(post, path = "/api/molecules/search", tag = "compound sets", request_body = SearchRequest,
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<SearchRequest>,
) -> ApiResult<Json<SearchResults>> {
    let pager = Pager::new(request.page, request.page_size)?;
    let indexes: Vec<Arc<SetIndex>> = match (request.compound_set_id, request.project_id) {
        (Some(id), None) => {
            let set = current.compound_set(&state, id).await?;
            if set.imported_at.is_none() {
                Vec::new()
            } else {
                vec![state
                    .search
                    .index(&state.db, set.id, set.revision)
                    .await
                    .map_err(search_error)?]
            }
        }
        (None, Some(id)) => {
            let project = current.project(&state, id).await?;
            state
                .search
                .project(&state.db, project.id)
                .await
                .map_err(search_error)?
        }
        _ => {
            return Err(ApiError::validation(
                "compound_set_id",
                "give exactly one of compound_set_id and project_id",
            ))
        }
    };
    let searched = indexes.iter().map(|i| i.len()).sum();
    let (hits, spec) = match (request.substructure, request.similarity) {
        (Some(sub), None) => {
            let spec = QuerySpec {
                text: sub.query,
                language: sub.language.unwrap_or(QueryLanguage::Smarts),
                use_chirality: sub.use_chirality,
            };
            let query = spec.clone();
            let hits = tokio::task::spawn_blocking(move || search::containing(&indexes, &query))
                .await
                .map_err(ApiError::internal)?
                .map_err(|e| ApiError::validation("substructure", e.to_string()))?;
            (hits, Some(spec))
        }
        (None, Some(sim)) => {
            let limit = match (sim.threshold, sim.top_k) {
                (Some(t), None) if (0.0..=1.0).contains(&t) => SimilarityLimit::Threshold(t),
                (None, Some(k)) if (1..=10_000).contains(&k) => SimilarityLimit::TopK(k),
                (None, None) => SimilarityLimit::Threshold(0.7),
                _ => {
                    return Err(ApiError::validation(
                        "similarity",
                        "give either threshold (0 to 1) or top_k (1 to 10,000)",
                    ))
                }
            };
            let hits =
                tokio::task::spawn_blocking(move || search::similar(&indexes, &sim.smiles, limit))
                    .await
                    .map_err(ApiError::internal)?
                    .map_err(|e| ApiError::validation("similarity", e.to_string()))?;
            (hits, None)
        }
        _ => {
            return Err(ApiError::validation(
                "substructure",
                "give exactly one of substructure and similarity",
            ))
        }
    };
    let request = pager.request();
    let start = usize::try_from(request.offset)
        .unwrap_or(usize::MAX)
        .min(hits.len());
    let end = start
        .saturating_add(usize::try_from(request.limit).unwrap_or(usize::MAX))
        .min(hits.len());
    let page: &[Hit] = &hits[start..end];
    let ids: Vec<i64> = page.iter().map(|h| h.molecule_id).collect();
    let mut by_id: HashMap<i64, MoleculeRow> = store::molecules_by_id(&state.db, &ids)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let ordered: Vec<MoleculeRow> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    let mut results = views(&state, ordered).await?;
    for (view, hit) in results.iter_mut().zip(page) {
        view.similarity = hit.similarity;
        if let Some(spec) = &spec {
            view.matched_atoms = search::matched_atoms(&view.smiles, spec).ok();
            let language = match spec.language {
                QueryLanguage::Smarts => "smarts",
                QueryLanguage::Smiles => "smiles",
            };
            view.depiction_url = depiction_url(view.id, Some((&spec.text, language)));
        }
    }
    Ok(Json(SearchResults {
        count: hits.len(),
        searched,
        results,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DepictionParams {
    /// Width in pixels (50–2000, default 300).
    pub width: Option<u32>,
    /// Height in pixels (50–2000, default 200).
    pub height: Option<u32>,
    /// A substructure query whose matched atoms are highlighted.
    pub highlight: Option<String>,
    /// Language of `highlight`: `smarts` (default) or `smiles`.
    pub language: Option<String>,
}

#[utoipa::path(get, path = "/api/molecules/{id}/depiction.svg", tag = "compound sets",
    params(("id" = i64, Path, description = "molecule id"), DepictionParams),
    responses((status = 200, description = "SVG depiction (with an ETag)", content_type = "image/svg+xml"),
        (status = 304, description = "unchanged (If-None-Match)"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn depiction(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<DepictionParams>,
) -> ApiResult<Response> {
    let molecule = current.molecule(&state, id).await?;
    draw(molecule.smiles, params, &headers).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SmilesParam {
    /// The structure to draw (a SMILES, e.g. one a generator sampled).
    pub smiles: String,
}

#[utoipa::path(get, path = "/api/depiction.svg", tag = "compound sets",
    params(SmilesParam, DepictionParams),
    responses((status = 200, description = "SVG depiction (with an ETag)", content_type = "image/svg+xml"),
        (status = 304, description = "unchanged (If-None-Match)"),
        (status = 400, body = ErrorBody, description = "not a SMILES RDKit can read, or bad sizes")))]
/// A structure that is not stored (a sampled or previewed molecule), drawn like a stored one.
pub async fn smiles_depiction(
    _current: CurrentUser,
    headers: HeaderMap,
    ApiQuery(SmilesParam { smiles }): ApiQuery<SmilesParam>,
    ApiQuery(params): ApiQuery<DepictionParams>,
) -> ApiResult<Response> {
    if smiles.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "give a SMILES to draw",
        ));
    }
    draw(smiles, params, &headers).await
}

/// `smiles` as SVG, with an ETag so that a browser draws each structure once.
async fn draw(smiles: String, params: DepictionParams, headers: &HeaderMap) -> ApiResult<Response> {
    let size = |v: Option<u32>, default: u32, name: &str| match v.unwrap_or(default) {
        v @ 50..=2000 => Ok(v),
        _ => Err(ApiError::new(
            ErrorCode::InvalidQuery,
            format!("{name} must be between 50 and 2000"),
        )),
    };
    let width = size(params.width, 300, "width")?;
    let height = size(params.height, 200, "height")?;
    let language = match params.language.as_deref().unwrap_or("smarts") {
        "smarts" => QueryLanguage::Smarts,
        "smiles" => QueryLanguage::Smiles,
        other => {
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                format!("language {other:?}: use smarts or smiles"),
            ))
        }
    };
    let highlight = params.highlight.filter(|h| !h.is_empty());
    let etag = {
        let mut hash = Sha256::new();
        for part in [
            smiles.as_str(),
            &width.to_string(),
            &height.to_string(),
            highlight.as_deref().unwrap_or(""),
            params.language.as_deref().unwrap_or(""),
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        format!("\"{}\"", hex::encode(&hash.finalize()[..16]))
    };
    let cache_headers = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, cache_headers).into_response());
    }
    let svg = tokio::task::spawn_blocking(move || {
        let mol = Molecule::from_smiles(&smiles).map_err(|e| e.to_string())?;
        let highlight_atoms = match highlight {
            None => Vec::new(),
            Some(text) => QuerySpec {
                text,
                language,
                use_chirality: false,
            }
            .compile()
            .map_err(|e| format!("highlight: {e}"))?
            .matched_atoms(&mol)
            .map_err(|e| e.to_string())?,
        };
        to_svg(
            &mol,
            &SvgOptions {
                width,
                height,
                highlight_atoms,
                legend: String::new(),
            },
        )
        .map_err(|e| e.to_string())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| ApiError::new(ErrorCode::InvalidQuery, e.to_string()))?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "image/svg+xml".to_owned())],
        cache_headers,
        svg,
    )
        .into_response())
}
