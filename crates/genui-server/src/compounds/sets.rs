//! `/api/compound-sets…`: create (CSV, SDF, ChEMBL), preview, list, detail,
//! update, delete, re-import and export.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use genui_compounds::export::{self, Format};
use genui_compounds::import::{ImportArgs, IMPORT_KIND};
use genui_compounds::report::ImportReport;
use genui_compounds::sources::{
    self, ChemblFileOptions, ChemblQuery, CsvMapping, SdfMapping, Source, SourceError,
};
use genui_compounds::store::{self, CompoundSet};
use genui_storage::{Db, Page, PageRequest};
use genui_tasks::{SubmitError, TaskRequest};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::upload::{self, StoredUpload, Upload};
use crate::auth::CurrentUser;
use crate::error::{
    conflict_as, is_multipart, object_name, ApiError, ApiJson, ApiMultipart, ApiPath, ApiQuery,
    ApiResult, ErrorBody, ErrorCode,
};
use crate::openapi::ImportReportSchema;
use crate::resource::{owned_resource_endpoints, remove_file, stop_task, OwnedResource};
use crate::tasks::submit_error;
use crate::AppState;

/// A compound set.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CompoundSetView {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    /// `csv`, `sdf`, `chembl` or `chembl_file`.
    pub source_kind: String,
    /// The source options the set was imported with (the stored `Source`).
    #[schema(value_type = Source)]
    pub source: Value,
    /// `importing` (first import running), `ready`, `updating` (re-import
    /// running; the old molecules stay usable) or `failed` (see the task).
    pub status: String,
    /// The latest import task.
    pub task_id: Option<i64>,
    pub molecule_count: i64,
    /// The latest successful import's report (`rejections` in the detail view only).
    #[schema(value_type = Option<ImportReportSchema>)]
    pub report: Option<ImportReport>,
    pub imported_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn status(set: &CompoundSet) -> &'static str {
    let running = matches!(set.task_status.as_deref(), Some("pending" | "started"));
    match (set.imported_at.is_some(), running) {
        (true, true) => "updating",
        (true, false) => "ready",
        (false, true) => "importing",
        (false, false) => "failed",
    }
}

impl CompoundSetView {
    pub(crate) fn new(set: CompoundSet, with_rejections: bool) -> Self {
        let status = status(&set).to_owned();
        let report = set.report.map(|r| ImportReport {
            rejections: r.0.rejections.filter(|_| with_rejections),
            ..r.0
        });
        Self {
            status,
            id: set.id,
            project_id: set.project_id,
            name: set.name,
            description: set.description,
            source_kind: set.source_kind,
            source: set.source.0,
            task_id: set.task_id,
            molecule_count: set.molecule_count,
            report,
            imported_at: set.imported_at,
            created_at: set.created_at,
            updated_at: set.updated_at,
        }
    }
}

/// Form of the file-based create endpoints (`multipart/form-data`): the file, the new set's
/// identity, and the mapping of the file's format as further fields (lists comma-separated,
/// `separator=tab` for tabs).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the form; the handlers read the parts themselves
pub struct SetUploadForm<M: ToSchema> {
    /// The file (may be gzip-compressed).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    project_id: i64,
    name: String,
    description: Option<String>,
    #[serde(flatten)]
    mapping: M,
}

/// Form of a re-import (`multipart/form-data`), all optional: a new file and the mapping of its
/// format replace the set's; without them the stored source is read again.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the form; the handler reads the parts itself
pub struct ReimportForm {
    /// The new file (may be gzip-compressed).
    #[schema(value_type = Option<String>, format = Binary)]
    file: Option<Vec<u8>>,
    #[serde(flatten)]
    mapping: Option<SourceMapping>,
}

/// The mapping fields of one of the file formats.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // documents the form
pub enum SourceMapping {
    Csv(CsvMapping),
    Sdf(SdfMapping),
    ChemblFile(ChemblFileOptions),
}

/// Form of the preview endpoint (`multipart/form-data`).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the form; the handler reads the parts itself
pub struct PreviewForm {
    /// A CSV or SD file (may be gzip-compressed).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// A CSV's field separator (one character, `tab` for tabs); detected when absent.
    separator: Option<String>,
}

/// The ChEMBL create request (JSON).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChemblSet {
    pub project_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ChEMBL target ids, e.g. `["CHEMBL251"]`.
    pub targets: Vec<String>,
    pub max_per_target: Option<u32>,
    /// Keep only activities measured in this target organism (e.g. `Homo sapiens`).
    #[serde(default)]
    pub organism: Option<String>,
    /// Keep only these assay types (`B`, `F`, `A`, `T`, `P`, `U`); all when empty.
    #[serde(default)]
    pub assay_types: Vec<String>,
}

const DUPLICATE: &str = "the project already has a compound set of this name";

fn invalid_source(e: SourceError) -> ApiError {
    match e {
        SourceError::Invalid(message) => ApiError::new(ErrorCode::InvalidFile, message),
        SourceError::Unavailable(message) => ApiError::internal(message),
    }
}

fn options<T: serde::de::DeserializeOwned>(upload: &Upload) -> ApiResult<T> {
    serde_json::from_value(upload.options()).map_err(|e| {
        ApiError::new(
            ErrorCode::ValidationFailed,
            format!("invalid import options: {e}"),
        )
    })
}

/// `project_id`, `name` and `description` of an upload form.
pub(crate) fn form_identity(upload: &mut Upload) -> ApiResult<(i64, String, String)> {
    let project = upload
        .take("project_id")
        .ok_or_else(|| ApiError::validation("project_id", "required"))?
        .trim()
        .parse::<i64>()
        .map_err(|_| ApiError::validation("project_id", "must be a project id"))?;
    let name = upload
        .take("name")
        .ok_or_else(|| ApiError::validation("name", "required"))?;
    let description = upload.take("description").unwrap_or_default();
    Ok((project, name, description))
}

/// Checks an uploaded file against the source options (off the async runtime).
async fn check_file(state: &AppState, source: &Source, file: &StoredUpload) -> ApiResult<()> {
    let source = source.clone();
    let path = file.path();
    let limits = state.config.import_limits;
    tokio::task::spawn_blocking(move || source.check_file(&path, &limits))
        .await
        .map_err(ApiError::internal)?
        .map_err(invalid_source)
}

/// Sets the source of set `set_id` (written in `tx`, with the set itself when it is new) and
/// commits it together with the import task that reads it. The uploaded file is kept once the
/// set refers to it, even when the queue then refuses the task.
async fn commit_with_import(
    state: &AppState,
    mut tx: genui_storage::Tx,
    (project_id, set_id, set_name): (i64, i64, &str),
    source: &Source,
    file: Option<StoredUpload>,
    file_key: Option<&str>,
) -> ApiResult<()> {
    store::set_source(&mut tx, set_id, source, file_key).await?;
    let submitted = state
        .tasks
        .commit_with_task(
            tx,
            "compound_sets",
            TaskRequest {
                project_id,
                kind: IMPORT_KIND.into(),
                title: format!("Import {set_name}"),
                object_type: Some("compound_set".into()),
                object_id: Some(set_id),
                args: serde_json::to_value(ImportArgs {
                    compound_set_id: set_id,
                })
                .expect("arguments serialize"),
            },
        )
        .await;
    let committed = matches!(submitted, Ok(_) | Err(SubmitError::Queue(_)));
    if let (true, Some(file)) = (committed, file) {
        file.keep();
    }
    submitted.map(drop).map_err(submit_error)
}

/// Creates a set and queues its import: 202 with the set (status `importing`).
async fn start_import(
    state: &AppState,
    current: &CurrentUser,
    (project, name, description): (i64, String, String),
    source: Source,
    file: Option<StoredUpload>,
) -> ApiResult<(StatusCode, Json<CompoundSetView>)> {
    let project = current.project(state, project).await?;
    let name = object_name(&name)?;
    if let Some(file) = &file {
        check_file(state, &source, file).await?;
    }
    let file_key = file.as_ref().map(|f| f.key.as_str().to_owned());
    let mut tx = state.db.begin().await?;
    let set = store::create_set(
        &mut tx,
        project.id,
        name,
        &description,
        &source,
        file_key.as_deref(),
    )
    .await
    .map_err(conflict_as(DUPLICATE))?;
    commit_with_import(
        state,
        tx,
        (project.id, set, name),
        &source,
        file,
        file_key.as_deref(),
    )
    .await?;
    let set = current.compound_set(state, set).await?;
    Ok((StatusCode::ACCEPTED, Json(CompoundSetView::new(set, true))))
}

/// Creates a set from a multipart upload whose remaining fields `source` reads.
async fn create_from_upload(
    state: &AppState,
    current: &CurrentUser,
    multipart: Multipart,
    source: impl FnOnce(&Upload) -> ApiResult<Source>,
) -> ApiResult<(StatusCode, Json<CompoundSetView>)> {
    let mut upload = upload::read(state, multipart).await?;
    let file = upload.take_file()?;
    let identity = form_identity(&mut upload)?;
    let source = source(&upload)?;
    start_import(state, current, identity, source, Some(file)).await
}

/// Compound sets as a project-owned resource: listed, shown, renamed and deleted as the others
/// are. Their import report is shown on their own endpoints, not in lists.
pub(crate) struct CompoundSets;

impl OwnedResource for CompoundSets {
    type Row = CompoundSet;
    type View = CompoundSetView;
    const TABLE: &'static str = "compound_sets";
    const DUPLICATE: &'static str = DUPLICATE;

    async fn owned(state: &AppState, current: &CurrentUser, id: i64) -> ApiResult<CompoundSet> {
        current.compound_set(state, id).await
    }

    async fn page(
        db: &Db,
        owner: i64,
        project: Option<i64>,
        page: PageRequest,
    ) -> genui_storage::Result<Page<CompoundSet>> {
        store::list_sets_owned(db, owner, project, page).await
    }

    fn id(set: &CompoundSet) -> i64 {
        set.id
    }

    fn view(set: CompoundSet, detailed: bool) -> CompoundSetView {
        CompoundSetView::new(set, detailed)
    }

    async fn delete(state: &AppState, current: &CurrentUser, set: CompoundSet) -> ApiResult<()> {
        // A running import would fail anyway; stop it.
        stop_task(state, current, set.task_id).await?;
        store::delete_set(&state.db, set.id).await?;
        state.search.evict(set.id);
        remove_file(state, set.file_key.as_deref());
        Ok(())
    }
}

owned_resource_endpoints!(
    CompoundSets,
    CompoundSetView,
    tag = "compound sets",
    path = "/api/compound-sets",
    item = "/api/compound-sets/{id}",
    what = "compound set id",
    deleted = "deleted with its molecules, activities and file"
);

#[utoipa::path(post, path = "/api/compound-sets/csv", tag = "compound sets",
    request_body(content_type = "multipart/form-data", content = SetUploadForm<CsvMapping>,
        description = "the CSV file plus `project_id`, `name`, `description` and the column mapping"),
    responses((status = 202, body = CompoundSetView, description = "created; the import task runs"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiMultipart(multipart): ApiMultipart,
) -> ApiResult<(StatusCode, Json<CompoundSetView>)> {
    create_from_upload(&state, &current, multipart, |u| {
        Ok(Source::Csv(options(u)?))
    })
    .await
}

#[utoipa::path(post, path = "/api/compound-sets/sdf", tag = "compound sets",
    request_body(content_type = "multipart/form-data", content = SetUploadForm<SdfMapping>,
        description = "the SD file plus `project_id`, `name`, `description` and the tag mapping"),
    responses((status = 202, body = CompoundSetView, description = "created; the import task runs"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_sdf(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiMultipart(multipart): ApiMultipart,
) -> ApiResult<(StatusCode, Json<CompoundSetView>)> {
    create_from_upload(&state, &current, multipart, |u| {
        Ok(Source::Sdf(options(u)?))
    })
    .await
}

#[utoipa::path(post, path = "/api/compound-sets/chembl", tag = "compound sets",
    request_body(content = NewChemblSet,
        description = "JSON with ChEMBL target ids to fetch from the ChEMBL web API (`GENUI_CHEMBL_URL`), \
            or `multipart/form-data` with a ChEMBL activity export as `file` (like the CSV endpoint)"),
    responses((status = 202, body = CompoundSetView, description = "created; the import task runs"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_chembl(
    State(state): State<AppState>,
    current: CurrentUser,
    request: Request,
) -> ApiResult<(StatusCode, Json<CompoundSetView>)> {
    if is_multipart(&request) {
        let ApiMultipart(multipart) = ApiMultipart::from_request(request, &state).await?;
        return create_from_upload(&state, &current, multipart, |u| {
            let options = options::<ChemblFileOptions>(u)?;
            options
                .filter()
                .validate()
                .map_err(|e| ApiError::validation(e.field, e.message))?;
            Ok(Source::ChemblFile(options))
        })
        .await;
    }
    let ApiJson(body) = ApiJson::<NewChemblSet>::from_request(request, &state).await?;
    let query = ChemblQuery {
        targets: body.targets,
        max_per_target: body.max_per_target,
        organism: body.organism,
        assay_types: body.assay_types,
    };
    query
        .validate()
        .map_err(|e| ApiError::validation(e.field, e.message))?;
    let identity = (body.project_id, body.name, body.description);
    start_import(&state, &current, identity, Source::Chembl(query), None).await
}

/// What a file looks like, so that a form can offer the column or tag mapping.
#[derive(Debug, Serialize, ToSchema)]
pub struct Preview {
    /// `csv` or `sdf`.
    pub format: String,
    /// The detected (or given) separator of a CSV file.
    pub separator: Option<String>,
    /// Column names of a CSV file, or the SD tags seen in the first records.
    pub header: Vec<String>,
    /// The first rows (CSV) or the first records' tag values in `header` order (SDF).
    pub rows: Vec<Vec<String>>,
    /// SDF: each record's structure as SMILES, to draw beside its tags (null where the mol
    /// block does not parse). A CSV's structures are in the column mapped to SMILES.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structures: Option<Vec<Option<String>>>,
}

const PREVIEW_ROWS: usize = 10;

fn preview_file(path: &std::path::Path, separator: Option<u8>) -> Result<Preview, SourceError> {
    let sample = sources::head(path, 1 << 20)?;
    sources::check_not_binary(&sample[..sample.len().min(sources::TEXT_SAMPLE as usize)])?;
    let text = String::from_utf8_lossy(&sample);
    let is_sdf = text
        .lines()
        .any(|l| l.trim_end() == "M  END" || l.starts_with("$$$$"));
    if is_sdf {
        let mut header: Vec<String> = Vec::new();
        let mut records: Vec<HashMap<String, String>> = Vec::new();
        let mut structures = Vec::new();
        for raw in genui_chem::sdf::SdfReader::new(std::io::Cursor::new(&sample)).take(PREVIEW_ROWS)
        {
            let raw = raw?;
            let parsed = raw.clone().parse().ok();
            structures.push(parsed.and_then(|r| r.molecule.to_smiles().ok()));
            let mut values = HashMap::new();
            values.insert("(title)".to_owned(), raw.title.clone());
            for (k, v) in raw.properties {
                if !header.contains(&k) {
                    header.push(k.clone());
                }
                values.insert(k, v);
            }
            records.push(values);
        }
        header.insert(0, "(title)".into());
        let rows = records
            .iter()
            .map(|r| {
                header
                    .iter()
                    .map(|h| r.get(h).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
        return Ok(Preview {
            format: "sdf".into(),
            separator: None,
            header,
            rows,
            structures: Some(structures),
        });
    }
    let table = genui_chem::table::preview(&sample, separator, PREVIEW_ROWS)
        .map_err(|e| SourceError::Invalid(e.to_string()))?;
    Ok(Preview {
        format: "csv".into(),
        separator: Some(table.delimiter.to_string()),
        header: table.header,
        rows: table.rows,
        structures: None,
    })
}

#[utoipa::path(post, path = "/api/compound-sets/preview", tag = "compound sets",
    request_body(content_type = "multipart/form-data", content = PreviewForm),
    responses((status = 200, body = Preview), (status = 422, body = ErrorBody)))]
pub async fn preview(
    State(state): State<AppState>,
    _current: CurrentUser,
    ApiMultipart(multipart): ApiMultipart,
) -> ApiResult<Json<Preview>> {
    let mut upload = upload::read(&state, multipart).await?;
    let file = upload.take_file()?;
    let separator = match upload.options().get("separator").and_then(Value::as_str) {
        None => None,
        Some(s) if s.len() == 1 && s != "\"" => Some(s.as_bytes()[0]),
        Some(s) => {
            return Err(ApiError::validation(
                "separator",
                format!("{s:?} is not one ASCII character"),
            ))
        }
    };
    let path = file.path();
    let preview = tokio::task::spawn_blocking(move || preview_file(&path, separator))
        .await
        .map_err(ApiError::internal)?
        .map_err(invalid_source)?;
    drop(file);
    Ok(Json(preview))
}

#[utoipa::path(post, path = "/api/compound-sets/{id}/reimport", tag = "compound sets",
    params(("id" = i64, Path, description = "compound set id")),
    request_body(content_type = "multipart/form-data", content = ReimportForm,
        description = "optional: a new `file` (and new mapping fields) replacing the set's source file; \
            without a body the stored source is read again (ChEMBL is queried again)"),
    responses((status = 202, body = CompoundSetView, description = "the re-import task runs"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn reimport(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> ApiResult<(StatusCode, Json<CompoundSetView>)> {
    let set = current.compound_set(&state, id).await?;
    if matches!(set.task_status.as_deref(), Some("pending" | "started")) {
        return Err(ApiError::conflict(
            "an import of this set is already running",
        ));
    }
    let stored = set
        .source()
        .map_err(|e| ApiError::internal(format!("set {} has an unreadable source: {e}", set.id)))?;
    if matches!(stored, Source::Generated(_)) {
        return Err(ApiError::conflict(
            "a generated set is sampled, not imported: sample a new set instead",
        ));
    }
    let (source, file) = if is_multipart(&request) {
        let ApiMultipart(multipart) = ApiMultipart::from_request(request, &state).await?;
        let mut upload = upload::read(&state, multipart).await?;
        let file = upload.take_file()?;
        let mapping_given = !upload.fields.is_empty();
        let source = match (&stored, mapping_given) {
            (_, false) => stored.clone(),
            (Source::Csv(_), true) => Source::Csv(options(&upload)?),
            (Source::Sdf(_), true) => Source::Sdf(options(&upload)?),
            (Source::ChemblFile(_), true) => Source::ChemblFile(options(&upload)?),
            (Source::Chembl(_) | Source::Generated(_), true) => {
                return Err(ApiError::validation(
                    "file",
                    "a ChEMBL query set is re-imported without a body",
                ))
            }
        };
        if !source.needs_file() {
            return Err(ApiError::validation(
                "file",
                "a ChEMBL query set is re-imported without a body",
            ));
        }
        check_file(&state, &source, &file).await?;
        (source, Some(file))
    } else {
        (stored, None)
    };
    let old_key = set.file_key.clone();
    let file_key = match &file {
        Some(f) => Some(f.key.as_str().to_owned()),
        None => old_key.clone(),
    };
    let replaced = file.is_some();
    let tx = state.db.begin().await?;
    commit_with_import(
        &state,
        tx,
        (set.project_id, set.id, &set.name),
        &source,
        file,
        file_key.as_deref(),
    )
    .await?;
    if replaced {
        if let Some(old) = old_key
            .as_deref()
            .and_then(|k| genui_storage::files::FileKey::parse(k).ok())
        {
            let _ = state.files.remove(&old);
        }
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(CompoundSetView::new(
            current.compound_set(&state, id).await?,
            true,
        )),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `sdf` (default) or `csv`.
    pub format: Option<String>,
}

#[utoipa::path(get, path = "/api/compound-sets/{id}/export", tag = "compound sets",
    params(("id" = i64, Path, description = "compound set id"), ExportParams),
    responses((status = 200, description = "the set as an SD or CSV file (attachment): measured values in the activity columns (tags), each model's predictions in columns (tags) of their own (`<set>: <type>`, its interval's bounds, its applicability)"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> ApiResult<Response> {
    let format = match params.format.as_deref().unwrap_or("sdf") {
        "sdf" => Format::Sdf,
        "csv" => Format::Csv,
        other => {
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                format!("format {other:?}: use sdf or csv"),
            ))
        }
    };
    let set = current.compound_set(&state, id).await?;
    if set.imported_at.is_none() {
        return Err(ApiError::conflict("the set has not been imported yet"));
    }
    let molecules = store::all_molecules(&state.db, set.id).await?;
    let ids: Vec<i64> = molecules.iter().map(|m| m.id).collect();
    let activities = store::activities_of(&state.db, &ids).await?;
    let prediction_sets =
        store::prediction_sets(&state.db, store::PredictionsOf::CompoundSet(set.id)).await?;
    let body = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        let contents = export::Contents {
            molecules: &molecules,
            activities: &activities,
            prediction_sets: &prediction_sets,
        };
        export::write(format, contents, &mut out).map(|()| out)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let filename: String = set
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Response::builder()
        .header(header::CONTENT_TYPE, format.media_type())
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}.{}\"", format.extension()),
        )
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(Body::from(body))
        .map_err(ApiError::internal)
}
