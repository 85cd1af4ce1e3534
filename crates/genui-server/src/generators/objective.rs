//! The stateless pieces the UI uses while building an objective: the properties a scorer can
//! use and modifier curves.

use axum::Json;
use genui_generator_engine::scoring::{Modifier, Property};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiResult, ErrorBody};
use crate::openapi::ModifierSchema;

/// Most inputs one preview evaluates (a curve needs a few hundred).
const MAX_PREVIEW_INPUTS: usize = 10_000;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PropertyView {
    /// The name to use in objectives (`qed`, `logp`, …).
    pub name: String,
    pub label: String,
}

#[utoipa::path(get, path = "/api/generators/properties", tag = "generators",
    responses((status = 200, body = [PropertyView])))]
pub async fn properties(_current: CurrentUser) -> Json<Vec<PropertyView>> {
    Json(
        Property::ALL
            .iter()
            .map(|p| PropertyView {
                name: p.name().to_owned(),
                label: p.label().to_owned(),
            })
            .collect(),
    )
}

/// A modifier and the raw scores to evaluate it at.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    #[schema(value_type = ModifierSchema)]
    pub modifier: Modifier,
    /// Raw scores (at most 10,000, finite).
    pub inputs: Vec<f64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PreviewResponse {
    pub inputs: Vec<f64>,
    /// The desirability of each input.
    pub results: Vec<f64>,
}

#[utoipa::path(post, path = "/api/generators/modifiers/preview", tag = "generators",
    request_body = PreviewRequest,
    responses((status = 200, body = PreviewResponse), (status = 422, body = ErrorBody)))]
pub async fn preview(
    _current: CurrentUser,
    ApiJson(request): ApiJson<PreviewRequest>,
) -> ApiResult<Json<PreviewResponse>> {
    request
        .modifier
        .validate()
        .map_err(|e| ApiError::validation("modifier", e.to_string()))?;
    if request.inputs.len() > MAX_PREVIEW_INPUTS {
        return Err(ApiError::validation(
            "inputs",
            format!("at most {MAX_PREVIEW_INPUTS} inputs per preview"),
        ));
    }
    if let Some(bad) = request.inputs.iter().find(|x| !x.is_finite()) {
        return Err(ApiError::validation(
            "inputs",
            format!("inputs must be finite numbers, got {bad}"),
        ));
    }
    let results = request
        .inputs
        .iter()
        .map(|&x| request.modifier.apply(x))
        .collect();
    Ok(Json(PreviewResponse {
        inputs: request.inputs,
        results,
    }))
}
