//! The single place where ownership is checked.
//!
//! Every resource belongs to a project and every project to its owner. Handlers reach
//! projects and project-owned rows **only** through these methods of [`CurrentUser`], which
//! call the owner-scoped storage functions; a resource of another user is answered exactly like
//! a missing one (404), so ids of other users cannot even be probed. Feature crates follow the
//! same rule: resolve the project (or task) with these methods first, then query by its id.

use genui_compounds::store::{self as compounds, ActivitySet, CompoundSet, MoleculeRow};
use genui_generators::store::{self as generators, EnvironmentRow, NetworkRow};
use genui_maps::store::{self as maps, Map};
use genui_qsar::store::{self as qsar, QsarModel};
use genui_storage::projects::{self, Project};
use genui_storage::tasks::{self, Task};

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

impl CurrentUser {
    /// The user's project `id`, or 404.
    pub async fn project(&self, state: &AppState, id: i64) -> ApiResult<Project> {
        projects::get_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's task `id` (a task in one of the user's projects), or 404.
    pub async fn task(&self, state: &AppState, id: i64) -> ApiResult<Task> {
        tasks::get_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's compound set `id`, or 404.
    pub async fn compound_set(&self, state: &AppState, id: i64) -> ApiResult<CompoundSet> {
        compounds::get_set_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's compound set `id` as the input of work in `project`: 404 when it is not the
    /// user's, 422 (naming `field`) when it is in another project, 409 until it is imported.
    pub async fn imported_set_of(
        &self,
        state: &AppState,
        project: i64,
        field: &str,
        id: i64,
    ) -> ApiResult<CompoundSet> {
        let set = self.compound_set(state, id).await?;
        if set.project_id != project {
            return Err(ApiError::validation(
                field,
                format!("compound set {id} belongs to another project"),
            ));
        }
        if set.imported_at.is_none() {
            return Err(ApiError::conflict(format!(
                "compound set {id} has not been imported"
            )));
        }
        Ok(set)
    }

    /// The user's molecule `id`, or 404.
    pub async fn molecule(&self, state: &AppState, id: i64) -> ApiResult<MoleculeRow> {
        compounds::get_molecule_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's activity set `id`, or 404.
    pub async fn activity_set(&self, state: &AppState, id: i64) -> ApiResult<ActivitySet> {
        compounds::get_activity_set_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's QSAR model `id`, or 404.
    pub async fn qsar_model(&self, state: &AppState, id: i64) -> ApiResult<QsarModel> {
        qsar::get_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's map `id`, or 404.
    pub async fn map(&self, state: &AppState, id: i64) -> ApiResult<Map> {
        maps::get_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's generator network (or agent) `id`, or 404.
    pub async fn generator_network(&self, state: &AppState, id: i64) -> ApiResult<NetworkRow> {
        generators::get_network_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }

    /// The user's generator environment `id`, or 404.
    pub async fn generator_environment(
        &self,
        state: &AppState,
        id: i64,
    ) -> ApiResult<EnvironmentRow> {
        generators::get_environment_owned(&state.db, self.user.id, id)
            .await?
            .ok_or_else(ApiError::not_found)
    }
}
