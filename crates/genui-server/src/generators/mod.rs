//! `/api/generators/…`: the generator pipeline — networks (the shipped default, pretrained,
//! fine-tuned, imported), environments of scorers, agents optimized against them, samples into
//! generated compound sets, evaluations of compound sets — plus the stateless pieces the UI uses
//! while building an objective (the properties, modifier curves).

mod environments;
mod networks;
mod objective;
mod samples;

use axum::routing::{get, post};
use axum::Router;
use utoipa::OpenApi;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/generators/properties", get(objective::properties))
        .route(
            "/api/generators/modifiers/preview",
            post(objective::preview),
        )
        .route(
            "/api/generators/networks",
            get(networks::list_networks).post(networks::create_network),
        )
        .route(
            "/api/generators/networks/import",
            post(networks::import_network),
        )
        .route(
            "/api/generators/networks/{id}",
            get(networks::network_detail)
                .patch(networks::update_network)
                .delete(networks::remove_network),
        )
        .route(
            "/api/generators/networks/{id}/config",
            get(networks::download_config),
        )
        .route(
            "/api/generators/networks/{id}/weights",
            get(networks::download_weights),
        )
        .route(
            "/api/generators/networks/{id}/quick-sample",
            post(samples::quick_sample),
        )
        .route(
            "/api/generators/agents",
            get(networks::list_agents).post(networks::create_agent),
        )
        .route(
            "/api/generators/environments",
            get(environments::list).post(environments::create_environment),
        )
        .route(
            "/api/generators/environments/{id}",
            get(environments::detail)
                .patch(environments::update)
                .delete(environments::remove),
        )
        .route(
            "/api/generators/environments/{id}/evaluations",
            post(environments::evaluate),
        )
        .route("/api/generators/samples", post(samples::create_sample))
}

#[derive(OpenApi)]
#[openapi(
    paths(objective::properties, objective::preview, networks::list_networks, networks::create_network, networks::import_network, networks::network_detail,
        networks::update_network, networks::remove_network, networks::download_config, networks::download_weights, samples::quick_sample,
        networks::list_agents, networks::create_agent, environments::list, environments::create_environment, environments::detail,
        environments::update, environments::remove, environments::evaluate, samples::create_sample),
    components(schemas(objective::PropertyView, objective::PreviewRequest, objective::PreviewResponse, networks::NetworkView, networks::NewNetwork,
        networks::NewAgent, environments::EnvironmentView, environments::NewEnvironment, samples::NewSample, samples::QuickSampleRequest, samples::QuickSample,
        samples::SampledMolecule, environments::EvaluateRequest)),
    tags((name = "generators", description = "Molecular generators: networks, environments, agents, samples"))
)]
pub struct GeneratorsDoc;
