//! Renaming a project-owned object and changing its description (compound sets, models, maps).

use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{conflict_as, object_name, ApiResult};
use crate::AppState;

/// A rename and/or a new description of a named object (absent or null: unchanged).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectChanges {
    pub name: Option<String>,
    pub description: Option<String>,
}

/// Applies `changes` to row `id` of `table` (the caller checked ownership); a name another
/// object of the project has is a 409 saying `duplicate`.
pub(crate) async fn apply(
    state: &AppState,
    table: &'static str,
    id: i64,
    changes: &ObjectChanges,
    duplicate: &'static str,
) -> ApiResult<()> {
    let name = changes.name.as_deref().map(object_name).transpose()?;
    genui_storage::rename_row(&state.db, table, id, name, changes.description.as_deref())
        .await
        .map_err(conflict_as(duplicate))
}
