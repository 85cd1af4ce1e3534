//! Compound sets, molecules and activity sets:
//! `/api/compound-sets…`, `/api/molecules…`, `/api/activity-sets…`.
//!
//! Every handler first resolves the object through an owner-scoped lookup
//! (a set, molecule or activity set of another user is a 404), then works by
//! its id. Imports run as tasks (`compound_set_import`); see `genui_compounds`.

mod activities;
mod molecules;
pub mod page_cache;
mod sets;
mod upload;

use axum::routing::{get, post};
use axum::Router;
use utoipa::OpenApi;

use crate::AppState;

pub use activities::{ActivitySetView, ActivityView};
pub use molecules::MoleculeView;
pub(crate) use sets::form_identity;
pub use sets::CompoundSetView;
pub(crate) use upload::read as read_upload;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/compound-sets", get(sets::list))
        .route("/api/compound-sets/csv", post(sets::create_csv))
        .route("/api/compound-sets/sdf", post(sets::create_sdf))
        .route("/api/compound-sets/chembl", post(sets::create_chembl))
        .route("/api/compound-sets/preview", post(sets::preview))
        .route(
            "/api/compound-sets/{id}",
            get(sets::detail).patch(sets::update).delete(sets::remove),
        )
        .route("/api/compound-sets/{id}/reimport", post(sets::reimport))
        .route("/api/compound-sets/{id}/export", get(sets::export))
        .route(
            "/api/compound-sets/{id}/molecules",
            get(molecules::list_in_set),
        )
        .route("/api/molecules", get(molecules::list_in_project))
        .route("/api/molecules/search", post(molecules::search))
        .route("/api/molecules/{id}", get(molecules::detail))
        .route(
            "/api/molecules/{id}/occurrences",
            get(molecules::occurrences),
        )
        .route(
            "/api/molecules/{id}/depiction.svg",
            get(molecules::depiction),
        )
        .route("/api/depiction.svg", get(molecules::smiles_depiction))
        .route("/api/activity-sets", get(activities::list))
        .route(
            "/api/activity-sets/{id}",
            get(activities::detail).delete(activities::remove),
        )
        .route(
            "/api/activity-sets/{id}/activities",
            get(activities::activities).post(activities::activities_of_molecules),
        )
        .route("/api/activity-sets/{id}/summary", get(activities::summary))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        sets::list, sets::create_csv, sets::create_sdf, sets::create_chembl, sets::preview,
        sets::detail, sets::update, sets::remove, sets::reimport, sets::export,
        molecules::list_in_set, molecules::list_in_project, molecules::search,
        molecules::detail, molecules::occurrences, molecules::depiction, molecules::smiles_depiction,
        activities::list, activities::detail, activities::remove, activities::activities,
        activities::activities_of_molecules, activities::summary,
    ),
    tags((name = "compound sets", description = "Importing, browsing, searching and exporting molecules with their activities"))
)]
pub struct CompoundsDoc;
