// GENERATED FILE: do not edit. The types of the server's OpenAPI document (openapi.json at the
// repository root), made by openapi-typescript. Regenerate with `npm run gen:api` in web/
// after the document changes; `npm run build` fails while this file is stale.

export interface paths {
    "/api/accounts/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_accounts_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_accounts_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_accounts_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_accounts_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_accounts_register"];
        put?: never;
        post: operations["post_accounts_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_accounts_tokens"];
        put?: never;
        post: operations["post_accounts_tokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["delete_accounts_tokens_by_id"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activity-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_activity_sets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activity-sets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_activity_sets_by_id"];
        put?: never;
        post?: never;
        delete: operations["delete_activity_sets_by_id"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activity-sets/{id}/activities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_activity_sets_by_id_activities"];
        put?: never;
        post: operations["post_activity_sets_by_id_activities"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activity-sets/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_activity_sets_by_id_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_compound_sets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets/chembl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_compound_sets_chembl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets/csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_compound_sets_csv"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_compound_sets_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets/sdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_compound_sets_sdf"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_compound_sets_by_id"];
        put?: never;
        post?: never;
        delete: operations["delete_compound_sets_by_id"];
        options?: never;
        head?: never;
        patch: operations["patch_compound_sets_by_id"];
        trace?: never;
    };
    "/api/compound-sets/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_compound_sets_by_id_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets/{id}/molecules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_compound_sets_by_id_molecules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compound-sets/{id}/reimport": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_compound_sets_by_id_reimport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/depiction.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A structure that is not stored (a sampled or previewed molecule), drawn like a stored one. */
        get: operations["get_depiction.svg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_agents"];
        put?: never;
        post: operations["post_generators_agents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_environments"];
        put?: never;
        post: operations["post_generators_environments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/environments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_environments_by_id"];
        put?: never;
        post?: never;
        delete: operations["delete_generators_environments_by_id"];
        options?: never;
        head?: never;
        patch: operations["patch_generators_environments_by_id"];
        trace?: never;
    };
    "/api/generators/environments/{id}/evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_generators_environments_by_id_evaluations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/modifiers/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_generators_modifiers_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/networks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_networks"];
        put?: never;
        post: operations["post_generators_networks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/networks/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_generators_networks_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/networks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_networks_by_id"];
        put?: never;
        post?: never;
        delete: operations["delete_generators_networks_by_id"];
        options?: never;
        head?: never;
        patch: operations["patch_generators_networks_by_id"];
        trace?: never;
    };
    "/api/generators/networks/{id}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_networks_by_id_config"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/networks/{id}/quick-sample": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_generators_networks_by_id_quick_sample"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/networks/{id}/weights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_networks_by_id_weights"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/properties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_generators_properties"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generators/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_generators_samples"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers. */
        get: operations["get_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/maps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_maps"];
        put?: never;
        post: operations["post_maps"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/maps/algorithms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_maps_algorithms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/maps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_maps_by_id"];
        put?: never;
        post?: never;
        delete: operations["delete_maps_by_id"];
        options?: never;
        head?: never;
        patch: operations["patch_maps_by_id"];
        trace?: never;
    };
    "/api/maps/{id}/points": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_maps_by_id_points"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/maps/{id}/transform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_maps_by_id_transform"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/molecules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_molecules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/molecules/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_molecules_search"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/molecules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_molecules_by_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/molecules/{id}/depiction.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_molecules_by_id_depiction.svg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/molecules/{id}/occurrences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_molecules_by_id_occurrences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_projects"];
        put?: never;
        post: operations["post_projects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_projects_by_id"];
        put?: never;
        post?: never;
        delete: operations["delete_projects_by_id"];
        options?: never;
        head?: never;
        patch: operations["patch_projects_by_id"];
        trace?: never;
    };
    "/api/qsar/algorithms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_algorithms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/descriptors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_descriptors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_models"];
        put?: never;
        post: operations["post_qsar_models"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/models/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_qsar_models_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_models_by_id"];
        put?: never;
        post?: never;
        delete: operations["delete_qsar_models_by_id"];
        options?: never;
        head?: never;
        patch: operations["patch_qsar_models_by_id"];
        trace?: never;
    };
    "/api/qsar/models/{id}/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_models_by_id_card"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/models/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_models_by_id_file"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/models/{id}/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_models_by_id_performance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qsar/models/{id}/predictions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_qsar_models_by_id_predictions"];
        put?: never;
        post: operations["post_qsar_models_by_id_predictions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database and the task queue answer. */
        get: operations["get_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_tasks"];
        put?: never;
        post: operations["post_tasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_tasks_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_tasks_by_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["post_tasks_by_id_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Which values are active in classification. */
        ActiveWhen: "at_least" | "at_most";
        /** @description An activity set: the activities one import brought in. */
        ActivitySetView: {
            /** Format: int64 */
            compound_set_id: number;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            id: number;
            /**
             * Format: double
             * @description Predictions of a regression model: the confidence of their intervals (e.g. 0.9).
             */
            interval_confidence?: number | null;
            name: string;
            /** Format: int64 */
            project_id: number;
            /**
             * Format: int64
             * @description The QSAR model whose predictions these are (none for imported activities).
             */
            qsar_model_id?: number | null;
        };
        /** @description One measured value. */
        ActivityView: components["schemas"]["ChemblDetail"] & {
            /** Format: int64 */
            activity_set_id: number;
            /**
             * Format: double
             * @description Predictions: the highest Tanimoto similarity to the model's training
             *     set (applicability domain; low values mean extrapolation).
             */
            applicability?: number | null;
            /** @description ChEMBL assay and target ids. */
            assay_id?: string | null;
            /** Format: int64 */
            id: number;
            /**
             * @description Predictions of a regression model: the conformal interval `[low, high]` at the
             *     activity set's `interval_confidence` (none where the model cannot bound it).
             */
            interval?: number[] | null;
            /** Format: int64 */
            molecule_id: number;
            /** @description `=`, `<`, `>` … (ChEMBL's standard relation). */
            relation?: string | null;
            target_id?: string | null;
            type: string;
            units?: string | null;
            /** Format: double */
            value: number;
        };
        /**
         * @description How repeated values are combined.
         * @enum {string}
         */
        Aggregation: "median" | "mean";
        /** @description An algorithm as forms see it: its parameters (and, for QSAR algorithms, what it predicts). */
        AlgorithmInfo: {
            /** @description What it can predict (QSAR algorithms). */
            modes?: components["schemas"]["Mode"][] | null;
            name: string;
            parameters: components["schemas"]["ParamSpec"][];
            title: string;
        };
        /** @description The architecture of a model, as stored in its file. */
        Architecture: (components["schemas"]["ModelConfig"] & {
            /** @constant */
            kind: "rnn";
        }) | (components["schemas"]["GptConfig"] & {
            /** @constant */
            kind: "gpt";
        }) | (components["schemas"]["GptConfig"] & {
            /** @constant */
            kind: "smiles_transformer";
        }) | {
            /**
             * Format: uint
             * @description Width of each block's feed-forward layer.
             */
            d_inner: number;
            /**
             * Format: uint
             * @description Width of the residual stream.
             */
            d_model: number;
            /**
             * Format: uint
             * @description Attention heads per block (must divide `d_model`).
             */
            heads: number;
            /** @constant */
            kind: "graph_transformer";
            /**
             * Format: uint
             * @description Transformer blocks.
             */
            layers: number;
            /**
             * Format: uint
             * @description Most fragment components of an input.
             */
            max_fragments: number;
            /**
             * Format: uint
             * @description Rows of a table.
             */
            max_len: number;
            /**
             * Format: uint
             * @description Tokens of the graph vocabulary (control tokens and `*` included).
             */
            vocab_size: number;
        };
        /** @description One bar of a histogram: values in `[from, to)` (the last bar includes `to`). */
        Bin: {
            count: number;
            /** Format: double */
            from: number;
            /** Format: double */
            to: number;
        };
        /** @description Everything that defines a model build (stored with the model). */
        BuildSpec: {
            /**
             * @description Classification: which side of the threshold is active (default: values ≥ threshold,
             *     as for pKi; `at_most` for raw IC50s and the like).
             * @default at_least
             */
            active_when?: components["schemas"]["ActiveWhen"];
            /**
             * Format: int64
             * @description The activity set and the type of its activities to learn.
             */
            activity_set_id: number;
            activity_type: string;
            /**
             * @description How repeated measurements of a molecule are combined (before any split).
             * @default median
             */
            aggregation?: components["schemas"]["Aggregation"];
            /** @description An algorithm of [`algorithms`]. */
            algorithm: string;
            /**
             * @description What censored values (`<`, `>` …) are used for: left out by default.
             * @default exclude
             */
            censored?: components["schemas"]["CensoredRule"];
            /**
             * @description Descriptor groups side by side in the input (default ECFP4, 2,048 bits).
             * @default [
             *       {
             *         "chirality": false,
             *         "features": false,
             *         "kind": "morgan",
             *         "n_bits": 2048,
             *         "radius": 2
             *       }
             *     ]
             */
            descriptors?: components["schemas"]["Descriptor"][];
            mode: components["schemas"]["Mode"];
            /**
             * @description The algorithm's parameters (see [`algorithms`]); missing ones take defaults.
             * @default {}
             */
            parameters?: {
                [key: string]: unknown;
            };
            /**
             * Format: uint64
             * @default 42
             */
            seed?: number;
            /**
             * Format: double
             * @description Classification: the value that separates actives from inactives (default 6.5).
             * @default null
             */
            threshold?: number | null;
            /**
             * @default {
             *       "folds": 5,
             *       "split": "random",
             *       "test_fraction": 0.2
             *     }
             */
            validation?: components["schemas"]["ValidationSpec"];
        };
        /** @description How well probabilities match frequencies on some molecules, before and after calibration. */
        CalibrationFigures: {
            /** Format: double */
            brier: number;
            /** Format: double */
            brier_uncalibrated: number;
            /**
             * Format: double
             * @description Expected calibration error over 10 equal bins.
             */
            ece: number;
            /**
             * Format: double
             * @description The calibration error perfectly calibrated probabilities would still show on this many
             *     molecules (the mean over simulated outcomes): a smaller difference is noise.
             */
            ece_if_calibrated: number;
            /** Format: double */
            ece_uncalibrated: number;
            /** Format: uint */
            molecules: number;
            /** @description Of the calibrated probabilities. */
            reliability: components["schemas"]["ReliabilityBin"][];
        };
        /** @description How far the calibrated probabilities can be trusted. */
        CalibrationReport: {
            /** @description Each fold calibrated on the other folds alone. */
            cross_validation: components["schemas"]["CalibrationFigures"];
            /**
             * @description Calibrated on the whole cross-validation, judged on the held-out test set (none without
             *     a test set).
             */
            test?: components["schemas"]["CalibrationFigures"] | null;
        };
        /** @description The recurrent cell type. */
        Cell: "lstm" | "gru";
        /** @description What a censored measurement is used for. */
        CensoredRule: "exclude" | "as_exact" | "bounds";
        /** @description What ChEMBL says of an activity beyond its value and ids (stored with it, served with it). */
        ChemblDetail: {
            assay_description?: string | null;
            /** @description B binding, F functional, A ADMET, T toxicity, P physicochemical, U unassigned. */
            assay_type?: string | null;
            /** @description `Not Active`, `Inconclusive`, … (ChEMBL's `activity_comment`). */
            comment?: string | null;
            /** @description The ChEMBL document (publication) id. */
            document_id?: string | null;
            target_name?: string | null;
            target_organism?: string | null;
        };
        /**
         * @description Options of a ChEMBL activity export: a CSV/TSV file with ChEMBL's columns
         *     (`Molecule ChEMBL ID`, `Smiles`, `Standard Type`, … as the web site's
         *     download writes them, or the API's `molecule_chembl_id`, `canonical_smiles`, …).
         */
        ChemblFileOptions: {
            /**
             * @description Keep only these assay types (`B`, `F`, `A`, `T`, `P`, `U`; needs an `Assay Type`
             *     column; comma-separated in a form); all when empty.
             */
            assay_types?: string[];
            /**
             * @description Keep only activities measured in this target organism (`Homo sapiens`; any case;
             *     needs a `Target Organism` column).
             */
            organism?: string | null;
            /** @description Field separator; detected when not given (ChEMBL's downloads use `;`). */
            separator?: string | null;
        };
        /** @description Targets whose activities to import. */
        ChemblQuery: {
            /**
             * @description Keep only these assay types (`B` binding, `F` functional, `A` ADMET, `T` toxicity,
             *     `P` physicochemical, `U` unassigned); all when empty.
             */
            assay_types?: string[];
            /**
             * Format: int32
             * @description Stop a target once this many distinct molecules were read from it.
             */
            max_per_target?: number | null;
            /** @description Keep only activities measured in this target organism (`Homo sapiens`; any case). */
            organism?: string | null;
            /** @description ChEMBL target ids, e.g. `CHEMBL251`. */
            targets: string[];
        };
        /**
         * @description Classification metrics of active-class probabilities against 0/1 labels
         *     (counts at probability ≥ 0.5).
         */
        ClassificationMetrics: {
            /** Format: double */
            accuracy?: number | null;
            /** Format: double */
            balanced_accuracy?: number | null;
            /** @description `[[true negatives, false positives], [false negatives, true positives]]`. */
            confusion: number[][];
            /** Format: double */
            f1?: number | null;
            /** Format: double */
            mcc?: number | null;
            /** Format: double */
            pr_auc?: number | null;
            /** Format: double */
            precision?: number | null;
            /** Format: double */
            recall?: number | null;
            /** Format: double */
            roc_auc?: number | null;
        };
        /** @description A compound set. */
        CompoundSetView: {
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            imported_at?: string | null;
            /** Format: int64 */
            molecule_count: number;
            name: string;
            /** Format: int64 */
            project_id: number;
            report?: null | components["schemas"]["ImportReport"];
            /** @description The source options the set was imported with (the stored `Source`). */
            source: components["schemas"]["Source"];
            /** @description `csv`, `sdf`, `chembl` or `chembl_file`. */
            source_kind: string;
            /**
             * @description `importing` (first import running), `ready`, `updating` (re-import
             *     running; the old molecules stay usable) or `failed` (see the task).
             */
            status: string;
            /**
             * Format: int64
             * @description The latest import task.
             */
            task_id?: number | null;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description k-fold cross-validation on the training part. */
        CrossValidation: {
            folds: components["schemas"]["Fold"][];
            mean: {
                [key: string]: number | null;
            };
            /** @description Every training molecule's prediction by the fold that held it out, by molecule id. */
            observed_predicted: components["schemas"]["ObservedPredicted"][];
            /** @description Over the pooled predictions (classification only). */
            roc?: components["schemas"]["RocPoint"][] | null;
        };
        /**
         * @description Which columns hold what. Column names default to the original GenUI
         *     format (`SMILES, NAME, ACTIVITY, ACTIVITY_TYPE, ACTIVITY_UNITS`, and
         *     `ACTIVITY_RELATION`); a
         *     defaulted column that the file lacks is simply not used, a named one that
         *     it lacks is an error.
         */
        CsvMapping: {
            /** @description Column with the activity values (default `ACTIVITY`). */
            activity_column?: string | null;
            /**
             * @description Column with each row's relation of the true value to the given one: `=`, `<`, `<=`,
             *     `>`, `>=` or `~` (default `ACTIVITY_RELATION`). A value may also carry it: `<5`.
             */
            activity_relation_column?: string | null;
            /**
             * @description Activity type when there is no type column (default: the activity
             *     column's name).
             */
            activity_type?: string | null;
            /** @description Column with each row's activity type (default `ACTIVITY_TYPE`). */
            activity_type_column?: string | null;
            /** @description Activity units when there is no units column. */
            activity_units?: string | null;
            /** @description Column with each row's activity units (default `ACTIVITY_UNITS`). */
            activity_units_column?: string | null;
            /** @description The text that marks a missing activity value (default `NA`). */
            empty_value?: string | null;
            /** @description Further columns to keep with each molecule. */
            extra_columns?: string[];
            /** @description Column with the molecule names (default `NAME`). */
            name_column?: string | null;
            /** @description Field separator (one character); detected when not given. */
            separator?: string | null;
            /** @description Column with the SMILES (default `SMILES`). */
            smiles_column?: string | null;
        };
        /** @description How many measurements a build used, and how. */
        DataReport: {
            /**
             * Format: uint
             * @description Censored measurements left out: by the rule, because the bound does not decide the
             *     class, because the molecule has exact values, or because its bounds contradict.
             */
            censored_left_out: number;
            /**
             * Format: uint
             * @description Censored measurements used (as exact values, as classes or as bounds, by the rule).
             */
            censored_used: number;
            /**
             * Format: uint
             * @description Exact measurements used.
             */
            exact: number;
            /**
             * Format: uint
             * @description Measurements of the activity type.
             */
            measurements: number;
            /**
             * Format: uint
             * @description Molecules measured only by left-out values (not in the model).
             */
            molecules_left_out: number;
            rule: components["schemas"]["CensoredRule"];
        };
        /** @description A descriptor group: a fingerprint (Morgan may add `"counts": true` for occurrence counts) or the physico-chemical descriptors. */
        Descriptor: (components["schemas"]["FingerprintKind"] & {
            counts?: boolean;
        }) | {
            /** @constant */
            kind: "physchem";
        };
        /** @description A descriptor group as forms see it: its parameters by name, in form order. */
        DescriptorGroupInfo: {
            kind: string;
            /** @description The descriptors' names, in column order (`physchem`). */
            names?: string[] | null;
            parameters: {
                [key: string]: components["schemas"]["DescriptorParameter"];
            };
            title: string;
        };
        /** @description One parameter of a descriptor group: its default and range. */
        DescriptorParameter: {
            default: components["schemas"]["ParameterDefault"];
            /** Format: uint32 */
            max?: number | null;
            /** Format: uint32 */
            min?: number | null;
        };
        /** @description A reward scheme and its objectives. */
        EnvironmentSpec: {
            objectives: components["schemas"]["ObjectiveSpec"][];
            scheme: components["schemas"]["RewardScheme"];
        };
        /** @description An environment: a reward scheme and objectives. */
        EnvironmentView: {
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            id: number;
            name: string;
            /** Format: int64 */
            project_id: number;
            /**
             * @description `scheme` (`weighted_sum`, `pareto_crowding`, `pareto_similarity`) and `objectives`:
             *     `scorer` ({`kind`: `property`, `name`} or {`kind`: `qsar`, `model_id`}), `modifier`,
             *     `threshold`.
             */
            spec: components["schemas"]["EnvironmentSpec"];
            /** Format: date-time */
            updated_at: string;
        };
        /** @description One epoch of training, fine-tuning or reinforcement learning. */
        EpochMetrics: {
            /** @description Whether the network kept is this epoch's. */
            best: boolean;
            /**
             * Format: double
             * @description Reinforcement learning: share of samples that meet every objective.
             */
            desired_ratio?: number | null;
            /** Format: uint */
            epoch: number;
            /** @description Molecules sampled after the epoch (null when the epoch sampled none). */
            examples?: string[] | null;
            /**
             * Format: double
             * @description Fragment-input networks: valid molecules that contain all their fragments.
             */
            fragment_retention?: number | null;
            /**
             * Format: float
             * @description Reinforcement learning: the policy loss.
             */
            loss?: number | null;
            /**
             * @description Reinforcement learning: each scorer's mean score over the valid samples (null when
             *     there were none).
             */
            mean_scores?: {
                [key: string]: number | null;
            } | null;
            /**
             * Format: float
             * @description Training and fine-tuning: mean loss on the training part.
             */
            train_loss?: number | null;
            /** Format: double */
            unique_ratio?: number | null;
            /**
             * Format: float
             * @description Training and fine-tuning: mean loss on the validation part.
             */
            valid_loss?: number | null;
            /** Format: double */
            valid_ratio?: number | null;
        };
        /** @description The body of every error response. */
        ErrorBody: {
            error: components["schemas"]["ErrorContent"];
        };
        /**
         * @description Every machine-readable error code of the API, the one table of them (the OpenAPI
         *     document lists them as an enum, the README's API section as a table).
         * @enum {string}
         */
        ErrorCode: "bad_request" | "malformed_json" | "malformed_multipart" | "invalid_path" | "invalid_query" | "validation_failed" | "invalid_file" | "invalid_model_file" | "unsupported_media_type" | "payload_too_large" | "not_authenticated" | "invalid_credentials" | "csrf_failed" | "registration_disabled" | "read_only" | "not_found" | "method_not_allowed" | "conflict" | "rate_limited" | "unavailable" | "storage_full" | "internal_error";
        ErrorContent: {
            /** @description Stable code the UI can switch on. */
            code: components["schemas"]["ErrorCode"];
            /** @description Extra data, e.g. per-field messages for `validation_failed`; `null` when there is none. */
            details?: {
                [key: string]: unknown;
            } | null;
            message: string;
        };
        /** @description A compound set to score. */
        EvaluateRequest: {
            /** Format: int64 */
            compound_set_id: number;
        };
        /** @description Which fingerprint to compute, with its parameters. */
        FingerprintKind: {
            /** @default false */
            chirality?: boolean;
            /** @default false */
            features?: boolean;
            /** @constant */
            kind: "morgan";
            /** Format: uint32 */
            n_bits: number;
            /** Format: uint32 */
            radius: number;
        } | {
            /** @constant */
            kind: "rdkit_path";
            /** Format: uint32 */
            max_path: number;
            /** Format: uint32 */
            min_path: number;
            /** Format: uint32 */
            n_bits: number;
        } | {
            /** @constant */
            kind: "maccs";
        } | {
            /** @constant */
            kind: "atom_pairs";
            /** Format: uint32 */
            n_bits: number;
        } | {
            /** @constant */
            kind: "pattern";
            /** Format: uint32 */
            n_bits: number;
        };
        /** @description One cross-validation fold: the metrics on its held-out part. */
        Fold: (components["schemas"]["RegressionMetrics"] | components["schemas"]["ClassificationMetrics"]) & {
            /** Format: uint */
            fold: number;
            /** Format: uint */
            n_test: number;
            /** Format: uint */
            n_train: number;
            /** @description Classification only. */
            roc?: components["schemas"]["RocPoint"][] | null;
        };
        /**
         * @description Fragments a fragment-input network grows from: SMILES (with attachment points `*`, `[*]`
         *     or `[1*]` where growth may happen, or without, to grow anywhere), or the molecules of a
         *     compound set of the project.
         */
        FragmentsSpec: {
            /**
             * Format: int64
             * @default null
             */
            compound_set_id?: number | null;
            /** @default [] */
            smiles?: string[];
        };
        /** @description How a generated set was sampled (the generator workflow's own options). */
        GeneratedSource: {
            sampling: {
                [key: string]: unknown;
            };
        };
        /** @description Sizes of a transformer. */
        GptConfig: {
            /**
             * Format: uint
             * @description Width of the residual stream.
             */
            d_model: number;
            /**
             * Format: uint
             * @description Attention heads per layer (must divide `d_model`).
             */
            heads: number;
            /**
             * Format: uint
             * @description Transformer blocks.
             */
            layers: number;
            /**
             * Format: uint
             * @description Longest sequence (start token included) the position embedding covers.
             */
            max_len: number;
            /**
             * Format: uint
             * @description Tokens in the vocabulary.
             */
            vocab_size: number;
        };
        /** @description One similarity group of the intervals. */
        GroupReport: {
            /** Format: double */
            from_similarity: number;
            /** Format: uint */
            molecules: number;
        };
        /** @description What an import read and kept: the report of a compound set's latest import. */
        ImportReport: {
            /**
             * Format: uint
             * @description Activity values kept.
             */
            activities: number;
            /** Format: uint */
            duplicates_merged: number;
            /**
             * Format: uint
             * @description Molecules kept (after merging duplicates).
             */
            imported: number;
            /**
             * Format: uint
             * @description Sampled SMILES that are no valid molecule (generated sets; equal to `rejected`).
             */
            invalid?: number | null;
            /**
             * Format: uint
             * @description Records read.
             */
            read: number;
            /** Format: uint */
            rejected: number;
            /** @description The rejected records with their reasons (the first 10,000; detail view only). */
            rejections?: components["schemas"]["Rejection"][] | null;
            /**
             * Format: uint
             * @description SMILES sampled (generated sets; equal to `read`).
             */
            sampled?: number | null;
        };
        /** @description What an uploaded model file says about itself. */
        ImportedModel: {
            algorithm: string;
            /** @description Always true: tells an imported model from a built one. */
            imported: boolean;
            /** @description What the file's maker recorded (descriptors, activity type, units, threshold…). */
            metadata: unknown;
            mode: components["schemas"]["Mode"];
            /**
             * Format: uint
             * @description Inputs the estimator reads.
             */
            n_features: number;
        };
        /** @description What a network generates from. */
        Input: "molecules" | "fragments";
        /** @description How the intervals at one confidence did. */
        IntervalReport: {
            /** Format: double */
            confidence: number;
            /**
             * Format: double
             * @description Share of each fold's molecules inside the intervals the other folds' errors give;
             *     close to `confidence` when the intervals can be trusted.
             */
            cross_validation_coverage: number;
            /** @description The interval's half width per similarity group (`null`: unbounded, too few molecules). */
            half_widths: (number | null)[];
            /**
             * Format: double
             * @description Share of the test molecules inside their interval (none without a test set).
             */
            test_coverage?: number | null;
        };
        /** @description The regression intervals' groups and coverage. */
        IntervalsReport: {
            groups: components["schemas"]["GroupReport"][];
            levels: components["schemas"]["IntervalReport"][];
        };
        LoginRequest: {
            password: string;
            username: string;
        };
        /** @description What login answers (it also sets the session and CSRF cookies). */
        LoginResponse: {
            /** @description Value for the `X-CSRFToken` header of cookie-authenticated unsafe requests. */
            csrf_token: string;
            /** Format: date-time */
            expires_at?: string | null;
            /** @description Token for `Authorization: Token <key>`; valid as long as the session. */
            token: string;
            user: components["schemas"]["UserView"];
        };
        MapOccurrence: {
            /** Format: int64 */
            map_id: number;
            map_name: string;
            /**
             * Format: int64
             * @description The molecule the map places.
             */
            molecule_id: number;
        };
        /** @description A map's points as columns, one entry per point. */
        MapPoints: {
            /** @description Per activity type, the mean of the point's molecules' values. */
            activities: {
                [key: string]: (number | null)[];
            };
            compound_set_ids: number[][];
            count: number;
            molecule_ids: number[][];
            placed: boolean[];
            properties: {
                [key: string]: number[];
            };
            smiles?: string[] | null;
            x: number[];
            y: number[];
        };
        /** @description Everything that defines a map (stored with it). */
        MapSpec: {
            /** @description `tsne` or `pca`. */
            algorithm: string;
            /** @description The compound sets whose molecules make the map (each distinct molecule once). */
            compound_set_ids: number[];
            /**
             * @description Fingerprints only: Jaccard (Tanimoto) distances; with physico-chemical
             *     values: Euclidean distances on standardized inputs.
             * @default [
             *       {
             *         "chirality": false,
             *         "features": false,
             *         "kind": "morgan",
             *         "n_bits": 2048,
             *         "radius": 2
             *       }
             *     ]
             */
            descriptors?: components["schemas"]["Descriptor"][];
            /**
             * @description The algorithm's parameters (see `/api/maps/algorithms`); missing ones take defaults.
             * @default {}
             */
            parameters?: {
                [key: string]: unknown;
            };
            /**
             * Format: uint64
             * @default 42
             */
            seed?: number;
        };
        /** @description What a finished map holds. */
        MapSummary: {
            compound_sets: number[];
            /**
             * Format: uint
             * @description Molecules placed (the same structure in two sets is two molecules).
             */
            molecules: number;
            /**
             * Format: uint
             * @description Points (a point is one structure, however many sets hold it).
             */
            points: number;
        };
        /** @description A map. */
        MapView: {
            /** Format: date-time */
            built_at?: string | null;
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            id: number;
            name: string;
            /** Format: int64 */
            project_id: number;
            /** @description What the map is made of and how. */
            spec: components["schemas"]["MapSpec"];
            /** @description `building`, `ready` or `failed` (see the task). */
            status: string;
            summary?: null | components["schemas"]["MapSummary"];
            /** Format: int64 */
            task_id?: number | null;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description The metrics reported per mode. */
        MetricNames: {
            classification: string[];
            regression: string[];
        };
        /** @description The metrics of one set of predictions, by mode. */
        Metrics: components["schemas"]["RegressionMetrics"] | components["schemas"]["ClassificationMetrics"];
        /** @description What a model predicts. */
        Mode: "regression" | "classification";
        /** @description Where a model came from and how it did. */
        ModelCard: {
            active_when?: components["schemas"]["ActiveWhen"] | null;
            activity_type: string;
            algorithm: string;
            /**
             * @description The software that built it (`genui-qsar` and its version; the chemistry is Debian's
             *     RDKit of that release).
             */
            built_with: string;
            /** @description Cross-validation means per metric. */
            cross_validation: {
                [key: string]: number | null;
            };
            descriptors: components["schemas"]["Descriptor"][];
            mode: components["schemas"]["Mode"];
            /** @description The algorithm's parameters as given (the rest at their defaults of that version). */
            parameters: {
                [key: string]: unknown;
            };
            /** Format: uint64 */
            seed: number;
            test?: components["schemas"]["Metrics"] | null;
            /**
             * @description The test molecules' nearest-neighbour similarity to the training part: lowest,
             *     quartiles, highest.
             */
            test_similarity?: number[] | null;
            /** Format: double */
            threshold?: number | null;
            training_set: components["schemas"]["TrainingSet"];
            /** @description Interval coverage or probability calibration. */
            uncertainty?: components["schemas"]["UncertaintyReport"] | null;
            units?: string | null;
            validation: components["schemas"]["ValidationSpec"];
        };
        /** @description Architecture of a model: everything needed to rebuild it before loading weights. */
        ModelConfig: {
            /** @description LSTM or GRU. */
            cell: components["schemas"]["Cell"];
            /**
             * Format: uint
             * @description Size of a token embedding.
             */
            embedding_dim: number;
            /**
             * Format: uint
             * @description Size of each recurrent layer's state.
             */
            hidden_dim: number;
            /**
             * Format: uint
             * @description Stacked recurrent layers.
             */
            num_layers: number;
            /**
             * Format: uint
             * @description Tokens in the vocabulary (input and output size).
             */
            vocab_size: number;
        };
        /** @description Form of a model import (`multipart/form-data`). */
        ModelImportForm: {
            description?: string | null;
            /**
             * Format: binary
             * @description A model file downloaded from `/api/qsar/models/{id}/file`.
             */
            file: string;
            name: string;
            /** Format: int64 */
            project_id: number;
        };
        /** @description What a model is made from: a build spec, or an uploaded model file. */
        ModelSpec: components["schemas"]["BuildSpec"] | components["schemas"]["ImportedModel"];
        /** @description A QSAR model. */
        ModelView: {
            /** Format: date-time */
            built_at?: string | null;
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            id: number;
            name: string;
            /** Format: int64 */
            project_id: number;
            /** @description What the model is built from and how, or what its imported file says. */
            spec: components["schemas"]["ModelSpec"];
            /** @description `building`, `ready` or `failed` (see the task). */
            status: string;
            summary?: null | components["schemas"]["PerformanceSummary"];
            /** Format: int64 */
            task_id?: number | null;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description Turns a raw score into a desirability in `[low, high]` (normally 0..1), as DrugEx's modifiers. */
        Modifier: {
            /**
             * Format: double
             * @default 1
             */
            high?: number;
            /** @constant */
            kind: "clipped";
            /**
             * Format: double
             * @default 0
             */
            low?: number;
            /** Format: double */
            lower: number;
            /** Format: double */
            upper: number;
        } | {
            /**
             * Format: double
             * @default 1
             */
            high?: number;
            /** @constant */
            kind: "smooth_clipped";
            /**
             * Format: double
             * @default 0
             */
            low?: number;
            /** Format: double */
            lower: number;
            /** Format: double */
            upper: number;
        } | {
            /** @constant */
            kind: "smooth_hump";
            /** Format: double */
            lower: number;
            /** Format: double */
            sigma: number;
            /** Format: double */
            upper: number;
        };
        /** @description Activities of some molecules (for id lists too long for a URL). */
        MoleculeFilter: {
            /** @description Molecule ids (at most 100,000). */
            molecules: number[];
            /** Format: int64 */
            page?: number | null;
            /** Format: int64 */
            page_size?: number | null;
        };
        /** @description Where a structure occurs in its project. */
        MoleculeOccurrences: {
            /** @description The maps that place any of them. */
            maps: components["schemas"]["MapOccurrence"][];
            /** @description The same structure (InChIKey) in the project's compound sets, this molecule among them. */
            molecules: components["schemas"]["SetOccurrence"][];
        };
        /** @description A molecule with its identifiers, properties and activities. */
        MoleculeView: {
            activities: components["schemas"]["ActivityView"][];
            /** Format: int64 */
            compound_set_id: number;
            depiction_url: string;
            /** @description Columns or tags kept from the source file, by name. */
            extra?: {
                [key: string]: unknown;
            } | null;
            /** Format: int64 */
            id: number;
            inchi: string;
            inchikey: string;
            /** @description Atoms matched by the query (substructure search), 0-based. */
            matched_atoms?: number[] | null;
            name?: string | null;
            /** Format: int64 */
            project_id: number;
            /** @description The chemistry core's descriptors, by name. */
            properties: {
                [key: string]: number;
            };
            /**
             * Format: double
             * @description Tanimoto similarity to the query (similarity search).
             */
            similarity?: number | null;
            /** @description Canonical isomeric SMILES of the standardized parent. */
            smiles: string;
            /** @description Rows or records of the source file this molecule came from. */
            source_positions: number[];
        };
        /** @description Form of a network import (`multipart/form-data`). */
        NetworkImportForm: {
            /** @description The configuration (`config.json` text, as downloaded from `/networks/{id}/config`). */
            config: string;
            description?: string | null;
            /**
             * Format: binary
             * @description The weights (`weights.safetensors`, as downloaded from `/networks/{id}/weights`).
             */
            file: string;
            name: string;
            /** Format: int64 */
            project_id: number;
        };
        /** @description The kind of network to pretrain. */
        NetworkKind: ("lstm" | "gru" | "gpt") | "graph_transformer" | "smiles_transformer";
        /** @description A network of the project by id, or a shipped network by name. */
        NetworkRef: number | ("default" | "default-fragments");
        /**
         * @description The shape of a new network; unset sizes take the defaults of its kind (recurrent: DrugEx's
         *     embedding 128, hidden 512, 3 layers; transformers: width 256, 8 heads, 4 blocks, and for
         *     the graph transformer a feed-forward layer twice as wide as DrugEx's).
         */
        NetworkShape: {
            /**
             * Format: uint
             * @description Token embedding size (recurrent networks).
             * @default 128
             */
            embedding?: number;
            /**
             * Format: uint
             * @description Attention heads (transformer).
             * @default 8
             */
            heads?: number;
            /**
             * Format: uint
             * @description Recurrent state size, or the transformer's width.
             * @default null
             */
            hidden?: number | null;
            /**
             * Format: uint
             * @description Stacked recurrent layers or transformer blocks.
             * @default null
             */
            layers?: number | null;
            /** @default lstm */
            network?: components["schemas"]["NetworkKind"];
        };
        /** @description How a stored network comes about. */
        NetworkSpec: {
            compound_set_ids: number[];
            /** @constant */
            kind: "pretrained";
            /**
             * @default {
             *       "embedding": 128,
             *       "heads": 8,
             *       "hidden": null,
             *       "layers": null,
             *       "network": "lstm"
             *     }
             */
            shape?: components["schemas"]["NetworkShape"];
            /**
             * @default {
             *       "augment": 0,
             *       "batch_size": 128,
             *       "epochs": 20,
             *       "learning_rate": 0.001,
             *       "patience": 3,
             *       "seed": 0,
             *       "validation": 0.1
             *     }
             */
            training?: components["schemas"]["TrainingOptions"];
        } | {
            compound_set_ids: number[];
            /** @constant */
            kind: "finetuned";
            /**
             * @description Molecules spelling tokens the parent's vocabulary lacks are left out (the default: the
             *     result keeps the parent's vocabulary, so it can be an agent with the parent or its
             *     other descendants as prior), or the tokens are added (the network can then pair only
             *     with networks fine-tuned from it). Graph transformers have a fixed vocabulary.
             * @default leave_out
             */
            new_tokens?: components["schemas"]["NewTokens"];
            parent: components["schemas"]["NetworkRef"];
            /**
             * @default {
             *       "augment": 0,
             *       "batch_size": 128,
             *       "epochs": 20,
             *       "learning_rate": 0.001,
             *       "patience": 3,
             *       "seed": 0,
             *       "validation": 0.1
             *     }
             */
            training?: components["schemas"]["TrainingOptions"];
        } | {
            /** @constant */
            kind: "imported";
        } | {
            agent: components["schemas"]["NetworkRef"];
            /** Format: int64 */
            environment_id: number;
            /**
             * @description What a fragment-input agent (graph or SMILES transformer) grows from (required for it,
             *     refused for others).
             * @default null
             */
            fragments?: components["schemas"]["FragmentsSpec"] | null;
            /** @constant */
            kind: "agent";
            /** @default null */
            prior?: components["schemas"]["NetworkRef"] | null;
            /**
             * @default {
             *       "batch_size": 512,
             *       "beta": 0.1,
             *       "epochs": 60,
             *       "epsilon": 0.01,
             *       "learning_rate": 0.001,
             *       "patience": 20,
             *       "seed": 0
             *     }
             */
            reinforcement?: components["schemas"]["ReinforceOptions"];
        };
        /** @description How a finished build went. */
        NetworkSummary: {
            /**
             * Format: double
             * @description Reinforcement learning.
             */
            best_desired_ratio?: number | null;
            /** Format: uint */
            best_epoch: number;
            /**
             * Format: float
             * @description Training and fine-tuning.
             */
            best_valid_loss?: number | null;
            /** Format: uint */
            epochs: number;
            /**
             * Format: uint
             * @description Fine-tuning: molecules of the corpus left out because they spell tokens the parent's
             *     vocabulary lacks.
             */
            left_out?: number | null;
            /**
             * Format: uint
             * @description Training and fine-tuning: molecules in the corpus.
             */
            molecules?: number | null;
            stopped_early: boolean;
        };
        /**
         * @description A generator network: a shipped one (`id` "default" or "default-fragments", in every project), or one of a
         *     project (pretrained, fine-tuned, imported, or an agent optimized by reinforcement learning).
         */
        NetworkView: {
            architecture?: null | components["schemas"]["Architecture"];
            /** Format: date-time */
            built_at?: string | null;
            /** Format: date-time */
            created_at?: string | null;
            description: string;
            id: components["schemas"]["NetworkRef"];
            input?: null | components["schemas"]["Input"];
            /** @description `shipped`, `pretrained`, `finetuned`, `imported` or `agent`. */
            kind: string;
            /**
             * @description Per-epoch reports (detail view): training and validation loss, valid and unique ratios,
             *     example molecules; for agents the desired ratio and mean scores. Written live.
             */
            metrics?: components["schemas"]["EpochMetrics"][] | null;
            name: string;
            /**
             * @description Once built: networks with equal keys can be agent and prior of one another (one kind of
             *     network reading one vocabulary); no other pair can.
             */
            pairing_key?: string | null;
            /**
             * Format: int64
             * @description None for a shipped network.
             */
            project_id?: number | null;
            spec?: null | components["schemas"]["NetworkSpec"];
            /** @description `building`, `ready` or `failed` (see the task). */
            status: string;
            summary?: null | components["schemas"]["NetworkSummary"];
            /** Format: int64 */
            task_id?: number | null;
            /** Format: date-time */
            updated_at?: string | null;
            vocabulary_size?: number | null;
        };
        /** @description An agent to optimize by reinforcement learning. */
        NewAgent: {
            /** @description The network to start from. */
            agent: components["schemas"]["NetworkRef"];
            description?: string;
            /** Format: int64 */
            environment_id: number;
            fragments?: null | components["schemas"]["FragmentsSpec"];
            name: string;
            prior?: null | components["schemas"]["NetworkRef"];
            /** Format: int64 */
            project_id: number;
            /** @description Reinforcement-learning settings; each one left out takes its default. */
            reinforcement?: components["schemas"]["ReinforceOptions"];
        };
        /** @description The ChEMBL create request (JSON). */
        NewChemblSet: {
            /** @description Keep only these assay types (`B`, `F`, `A`, `T`, `P`, `U`); all when empty. */
            assay_types?: string[];
            description?: string;
            /** Format: int32 */
            max_per_target?: number | null;
            name: string;
            /** @description Keep only activities measured in this target organism (e.g. `Homo sapiens`). */
            organism?: string | null;
            /** Format: int64 */
            project_id: number;
            /** @description ChEMBL target ids, e.g. `["CHEMBL251"]`. */
            targets: string[];
        };
        /** @description An environment to create. */
        NewEnvironment: {
            description?: string;
            name: string;
            objectives: components["schemas"]["ObjectiveSpec"][];
            /** Format: int64 */
            project_id: number;
            /** @description How scores become rewards. */
            scheme: components["schemas"]["RewardScheme"];
        };
        /** @description A map to build. */
        NewMap: components["schemas"]["MapSpec"] & {
            description?: string;
            name: string;
            /** Format: int64 */
            project_id: number;
        };
        /** @description A model to build. */
        NewModel: components["schemas"]["BuildSpec"] & {
            description?: string;
            name: string;
            /** Format: int64 */
            project_id: number;
        };
        /** @description A network to train. */
        NewNetwork: components["schemas"]["NetworkSpec"] & {
            description?: string;
            name: string;
            /** Format: int64 */
            project_id: number;
        };
        NewProject: {
            description?: string;
            name: string;
        };
        NewSample: {
            description?: string;
            /**
             * Format: int64
             * @description Score the molecules with this environment of the project.
             */
            environment_id?: number | null;
            fragments?: null | components["schemas"]["FragmentsSpec"];
            /** @description SMILES to sample (1 to `GENUI_GENERATOR_MAX_SAMPLES`). */
            n: number;
            /** @description The name of the compound set. */
            name: string;
            /** @description The network or agent to sample. */
            network: components["schemas"]["NetworkRef"];
            /** Format: int64 */
            project_id: number;
            /** Format: int64 */
            seed?: number;
            /** Format: double */
            temperature?: number;
        };
        NewTokenRequest: {
            name?: string;
        };
        /** @description What training does with a token missing from the vocabulary it starts from. */
        NewTokens: "leave_out" | "add";
        /** @description A rename and/or a new description of a named object (absent or null: unchanged). */
        ObjectChanges: {
            description?: string | null;
            name?: string | null;
        };
        /** @description A scorer with its modifier and threshold. */
        ObjectiveSpec: {
            /** @default null */
            modifier?: components["schemas"]["Modifier"] | null;
            scorer: components["schemas"]["ScorerSpec"];
            /** Format: double */
            threshold: number;
        };
        /** @description `[molecule id, observed, predicted]`. */
        ObservedPredicted: [
            number,
            number,
            number
        ];
        /** @description One page of a listing. */
        Paginated_ActivitySetView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                /** Format: int64 */
                compound_set_id: number;
                /** Format: date-time */
                created_at: string;
                /** Format: int64 */
                id: number;
                /**
                 * Format: double
                 * @description Predictions of a regression model: the confidence of their intervals (e.g. 0.9).
                 */
                interval_confidence?: number | null;
                name: string;
                /** Format: int64 */
                project_id: number;
                /**
                 * Format: int64
                 * @description The QSAR model whose predictions these are (none for imported activities).
                 */
                qsar_model_id?: number | null;
            }[];
        };
        /** @description One page of a listing. */
        Paginated_ActivityView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: (components["schemas"]["ChemblDetail"] & {
                /** Format: int64 */
                activity_set_id: number;
                /**
                 * Format: double
                 * @description Predictions: the highest Tanimoto similarity to the model's training
                 *     set (applicability domain; low values mean extrapolation).
                 */
                applicability?: number | null;
                /** @description ChEMBL assay and target ids. */
                assay_id?: string | null;
                /** Format: int64 */
                id: number;
                /**
                 * @description Predictions of a regression model: the conformal interval `[low, high]` at the
                 *     activity set's `interval_confidence` (none where the model cannot bound it).
                 */
                interval?: number[] | null;
                /** Format: int64 */
                molecule_id: number;
                /** @description `=`, `<`, `>` … (ChEMBL's standard relation). */
                relation?: string | null;
                target_id?: string | null;
                type: string;
                units?: string | null;
                /** Format: double */
                value: number;
            })[];
        };
        /** @description One page of a listing. */
        Paginated_CompoundSetView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                /** Format: date-time */
                created_at: string;
                description: string;
                /** Format: int64 */
                id: number;
                /** Format: date-time */
                imported_at?: string | null;
                /** Format: int64 */
                molecule_count: number;
                name: string;
                /** Format: int64 */
                project_id: number;
                report?: null | components["schemas"]["ImportReport"];
                /** @description The source options the set was imported with (the stored `Source`). */
                source: components["schemas"]["Source"];
                /** @description `csv`, `sdf`, `chembl` or `chembl_file`. */
                source_kind: string;
                /**
                 * @description `importing` (first import running), `ready`, `updating` (re-import
                 *     running; the old molecules stay usable) or `failed` (see the task).
                 */
                status: string;
                /**
                 * Format: int64
                 * @description The latest import task.
                 */
                task_id?: number | null;
                /** Format: date-time */
                updated_at: string;
            }[];
        };
        /** @description One page of a listing. */
        Paginated_EnvironmentView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                /** Format: date-time */
                created_at: string;
                description: string;
                /** Format: int64 */
                id: number;
                name: string;
                /** Format: int64 */
                project_id: number;
                /**
                 * @description `scheme` (`weighted_sum`, `pareto_crowding`, `pareto_similarity`) and `objectives`:
                 *     `scorer` ({`kind`: `property`, `name`} or {`kind`: `qsar`, `model_id`}), `modifier`,
                 *     `threshold`.
                 */
                spec: components["schemas"]["EnvironmentSpec"];
                /** Format: date-time */
                updated_at: string;
            }[];
        };
        /** @description One page of a listing. */
        Paginated_MapView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                /** Format: date-time */
                built_at?: string | null;
                /** Format: date-time */
                created_at: string;
                description: string;
                /** Format: int64 */
                id: number;
                name: string;
                /** Format: int64 */
                project_id: number;
                /** @description What the map is made of and how. */
                spec: components["schemas"]["MapSpec"];
                /** @description `building`, `ready` or `failed` (see the task). */
                status: string;
                summary?: null | components["schemas"]["MapSummary"];
                /** Format: int64 */
                task_id?: number | null;
                /** Format: date-time */
                updated_at: string;
            }[];
        };
        /** @description One page of a listing. */
        Paginated_ModelView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                /** Format: date-time */
                built_at?: string | null;
                /** Format: date-time */
                created_at: string;
                description: string;
                /** Format: int64 */
                id: number;
                name: string;
                /** Format: int64 */
                project_id: number;
                /** @description What the model is built from and how, or what its imported file says. */
                spec: components["schemas"]["ModelSpec"];
                /** @description `building`, `ready` or `failed` (see the task). */
                status: string;
                summary?: null | components["schemas"]["PerformanceSummary"];
                /** Format: int64 */
                task_id?: number | null;
                /** Format: date-time */
                updated_at: string;
            }[];
        };
        /** @description One page of a listing. */
        Paginated_MoleculeView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                activities: components["schemas"]["ActivityView"][];
                /** Format: int64 */
                compound_set_id: number;
                depiction_url: string;
                /** @description Columns or tags kept from the source file, by name. */
                extra?: {
                    [key: string]: unknown;
                } | null;
                /** Format: int64 */
                id: number;
                inchi: string;
                inchikey: string;
                /** @description Atoms matched by the query (substructure search), 0-based. */
                matched_atoms?: number[] | null;
                name?: string | null;
                /** Format: int64 */
                project_id: number;
                /** @description The chemistry core's descriptors, by name. */
                properties: {
                    [key: string]: number;
                };
                /**
                 * Format: double
                 * @description Tanimoto similarity to the query (similarity search).
                 */
                similarity?: number | null;
                /** @description Canonical isomeric SMILES of the standardized parent. */
                smiles: string;
                /** @description Rows or records of the source file this molecule came from. */
                source_positions: number[];
            }[];
        };
        /** @description One page of a listing. */
        Paginated_NetworkView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                architecture?: null | components["schemas"]["Architecture"];
                /** Format: date-time */
                built_at?: string | null;
                /** Format: date-time */
                created_at?: string | null;
                description: string;
                id: components["schemas"]["NetworkRef"];
                input?: null | components["schemas"]["Input"];
                /** @description `shipped`, `pretrained`, `finetuned`, `imported` or `agent`. */
                kind: string;
                /**
                 * @description Per-epoch reports (detail view): training and validation loss, valid and unique ratios,
                 *     example molecules; for agents the desired ratio and mean scores. Written live.
                 */
                metrics?: components["schemas"]["EpochMetrics"][] | null;
                name: string;
                /**
                 * @description Once built: networks with equal keys can be agent and prior of one another (one kind of
                 *     network reading one vocabulary); no other pair can.
                 */
                pairing_key?: string | null;
                /**
                 * Format: int64
                 * @description None for a shipped network.
                 */
                project_id?: number | null;
                spec?: null | components["schemas"]["NetworkSpec"];
                /** @description `building`, `ready` or `failed` (see the task). */
                status: string;
                summary?: null | components["schemas"]["NetworkSummary"];
                /** Format: int64 */
                task_id?: number | null;
                /** Format: date-time */
                updated_at?: string | null;
                vocabulary_size?: number | null;
            }[];
        };
        /** @description One page of a listing. */
        Paginated_ProjectView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                /** Format: date-time */
                created_at: string;
                description: string;
                /** Format: int64 */
                id: number;
                name: string;
                /** Format: int64 */
                owner_id: number;
                /** Format: date-time */
                updated_at: string;
            }[];
        };
        /** @description One page of a listing. */
        Paginated_TaskView: {
            /**
             * Format: int64
             * @description Number of matching objects over all pages.
             */
            count: number;
            /** @description Link to the next page, if any. */
            next?: string | null;
            /** @description Link to the previous page, if any. */
            previous?: string | null;
            results: {
                /** Format: int32 */
                attempts: number;
                cancel_requested: boolean;
                /** Format: date-time */
                created_at: string;
                errors: components["schemas"]["TaskErrorView"][];
                /** Format: date-time */
                finished_at?: string | null;
                /** Format: date-time */
                heartbeat_at?: string | null;
                /** Format: int64 */
                id: number;
                kind: string;
                /** Format: int64 */
                object_id?: number | null;
                object_type?: string | null;
                progress: components["schemas"]["ProgressView"];
                /** Format: int64 */
                project_id: number;
                /** @description `celery` or `gpu`. */
                queue: string;
                /** @description What the task's kind returns (counts, a summary of what it built); any JSON value. */
                result?: unknown;
                /** Format: date-time */
                started_at?: string | null;
                /** @description `pending`, `started`, `success`, `failure` or `cancelled`. */
                status: string;
                /**
                 * @description What the task does, as a person reads it ("Import 5-HT4 ligands"); empty for tasks
                 *     submitted before titles existed.
                 */
                title: string;
                /** Format: date-time */
                updated_at: string;
                worker_name?: string | null;
            }[];
        };
        /**
         * @description One parameter of an algorithm; its JSON form (name, description, type, default, range) is
         *     what forms are generated from.
         */
        ParamSpec: ({
            /** Format: uint64 */
            default?: number | null;
            /** Format: uint64 */
            max: number;
            /** Format: uint64 */
            min: number;
            /** @constant */
            type: "integer";
        } | {
            /** Format: double */
            default: number;
            /** Format: double */
            max: number;
            /** Format: double */
            min: number;
            /** @constant */
            type: "number";
        } | {
            default: boolean;
            /** @constant */
            type: "boolean";
        } | {
            choices: string[];
            default?: string | null;
            /** Format: double */
            max: number;
            /** Format: double */
            min: number;
            /** @constant */
            type: "choice_or_number";
        } | {
            choices: string[];
            default: string;
            /** @constant */
            type: "choice";
        }) & {
            description: string;
            name: string;
        };
        /** @description A default value of a descriptor group's parameter. */
        ParameterDefault: number | boolean;
        PasswordChange: {
            new_password: string;
            old_password: string;
        };
        /** @description A built model's validation. */
        Performance: {
            /** @description Which side of the threshold is active (classification only). */
            active_when?: components["schemas"]["ActiveWhen"] | null;
            cross_validation: components["schemas"]["CrossValidation"];
            /**
             * @description How many measurements were used, exact and censored (none for models built before it
             *     was counted).
             */
            data?: components["schemas"]["DataReport"] | null;
            mode: components["schemas"]["Mode"];
            /**
             * Format: uint
             * @description Molecules with values (the final model's training set).
             */
            molecules: number;
            /** @description None when the build held no test set out. */
            test?: components["schemas"]["TestSet"] | null;
            /**
             * @description How like the training part the test molecules were: lowest, quartiles and highest of
             *     each one's nearest-neighbour Tanimoto similarity (its applicability score).
             */
            test_similarity?: number[] | null;
            /**
             * Format: double
             * @description The activity threshold of the classes (classification only).
             */
            threshold?: number | null;
            /**
             * @description How well the model's intervals (regression) or probabilities (classification) hold
             *     (none for models built before they were made).
             */
            uncertainty?: components["schemas"]["UncertaintyReport"] | null;
            /** @description Units of the observed activities (regression; none when unitless or unknown). */
            units?: string | null;
        };
        /** @description A model's performance at a glance: the cross-validation means and test-set metrics. */
        PerformanceSummary: {
            cross_validation: {
                [key: string]: number | null;
            };
            /** Format: uint */
            molecules: number;
            /**
             * @description Regression: the lowest and highest observed activity the model was built from, training
             *     and test set together (where its predictions mean something).
             */
            observed_range?: number[] | null;
            test?: components["schemas"]["Metrics"] | null;
            /** @description Regression: the activities' units. */
            units?: string | null;
        };
        /** @description What to predict. */
        PredictRequest: {
            /**
             * Format: int64
             * @description A compound set of the model's project.
             */
            compound_set_id: number;
            /**
             * Format: double
             * @description Regression: the confidence of each prediction's interval, from 0.5 to 0.99 (default
             *     0.9: nine in ten true values inside, as the model's test set showed).
             */
            confidence?: number | null;
        };
        /** @description What a file looks like, so that a form can offer the column or tag mapping. */
        Preview: {
            /** @description `csv` or `sdf`. */
            format: string;
            /** @description Column names of a CSV file, or the SD tags seen in the first records. */
            header: string[];
            /** @description The first rows (CSV) or the first records' tag values in `header` order (SDF). */
            rows: string[][];
            /** @description The detected (or given) separator of a CSV file. */
            separator?: string | null;
            /**
             * @description SDF: each record's structure as SMILES, to draw beside its tags (null where the mol
             *     block does not parse). A CSV's structures are in the column mapped to SMILES.
             */
            structures?: (string | null)[] | null;
        };
        /** @description Form of the preview endpoint (`multipart/form-data`). */
        PreviewForm: {
            /**
             * Format: binary
             * @description A CSV or SD file (may be gzip-compressed).
             */
            file: string;
            /** @description A CSV's field separator (one character, `tab` for tabs); detected when absent. */
            separator?: string | null;
        };
        /** @description A modifier and the raw scores to evaluate it at. */
        PreviewRequest: {
            /** @description Raw scores (at most 10,000, finite). */
            inputs: number[];
            modifier: components["schemas"]["Modifier"];
        };
        PreviewResponse: {
            inputs: number[];
            /** @description The desirability of each input. */
            results: number[];
        };
        /** @description What the liveness and readiness probes answer. */
        ProbeStatus: {
            /** @description `ok` (liveness) or `ready` (readiness). */
            status: string;
        };
        /** @description Progress of a task. */
        ProgressView: {
            /** Format: int64 */
            current: number;
            description: string;
            /** Format: double */
            percent?: number | null;
            /** Format: int64 */
            total?: number | null;
        };
        ProjectChanges: {
            description?: string | null;
            name?: string | null;
        };
        /** @description A project. */
        ProjectView: {
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            id: number;
            name: string;
            /** Format: int64 */
            owner_id: number;
            /** Format: date-time */
            updated_at: string;
        };
        PropertyView: {
            label: string;
            /** @description The name to use in objectives (`qed`, `logp`, …). */
            name: string;
        };
        QuickSample: {
            /**
             * Format: double
             * @description With an environment.
             */
            desired_ratio?: number | null;
            molecules: components["schemas"]["SampledMolecule"][];
            /** Format: double */
            valid_ratio: number;
        };
        QuickSampleRequest: {
            /**
             * Format: int64
             * @description Score the molecules with this environment of the project.
             */
            environment_id?: number | null;
            fragments?: null | components["schemas"]["FragmentsSpec"];
            /** @description At most 100 SMILES (default 20). */
            n?: number;
            /**
             * Format: int64
             * @description The project whose environment (and, for the shipped network, context) is used.
             */
            project_id: number;
            /** Format: int64 */
            seed?: number;
            /** Format: double */
            temperature?: number;
        };
        RegisterRequest: {
            email?: string;
            password: string;
            username: string;
        };
        /** @description Whether visitors may register (so a login page can offer it). */
        Registration: {
            open: boolean;
        };
        /** @description Regression metrics of predictions against observations. */
        RegressionMetrics: {
            /** Format: double */
            mae?: number | null;
            /** Format: double */
            pearson?: number | null;
            /** Format: double */
            r2?: number | null;
            /** Format: double */
            rmse?: number | null;
            /** Format: double */
            spearman?: number | null;
        };
        /**
         * @description Form of a re-import (`multipart/form-data`), all optional: a new file and the mapping of its
         *     format replace the set's; without them the stored source is read again.
         */
        ReimportForm: (null | components["schemas"]["SourceMapping"]) & {
            /**
             * Format: binary
             * @description The new file (may be gzip-compressed).
             */
            file?: string | null;
        };
        /** @description Reinforcement-learning settings (defaults as the engine's, DrugEx's agent). */
        ReinforceOptions: {
            /**
             * Format: uint
             * @description Molecules sampled per epoch.
             * @default 512
             */
            batch_size?: number;
            /**
             * Format: double
             * @description Reward baseline.
             * @default 0.1
             */
            beta?: number;
            /**
             * Format: uint
             * @default 60
             */
            epochs?: number;
            /**
             * Format: double
             * @description Largest share of the exploration network in each draw.
             * @default 0.01
             */
            epsilon?: number;
            /**
             * Format: double
             * @default 0.001
             */
            learning_rate?: number;
            /**
             * Format: uint
             * @description Stop after this many epochs without a better desired ratio.
             * @default 20
             */
            patience?: number;
            /**
             * Format: uint64
             * @default 0
             */
            seed?: number;
        };
        /** @description A record that could not be imported, and why. */
        Rejection: {
            /** @description The start of the input, to recognise it by. */
            input: string;
            /** Format: uint64 */
            position: number;
            reason: string;
        };
        /** @description One bar of a reliability diagram: predictions in `[from, to)`. */
        ReliabilityBin: {
            /** Format: double */
            from: number;
            /** Format: double */
            mean_predicted?: number | null;
            /** Format: uint */
            molecules: number;
            /**
             * Format: double
             * @description Share of actives among them.
             */
            observed?: number | null;
            /** Format: double */
            to: number;
        };
        /** @description How the scores of a batch become rewards. */
        RewardScheme: "weighted_sum" | "pareto_crowding" | "pareto_similarity";
        /** @description One point of a ROC curve. */
        RocPoint: {
            /** Format: double */
            fpr: number;
            /**
             * Format: double
             * @description The score at and above which molecules count as active (null for the first point,
             *     above every score).
             */
            threshold?: number | null;
            /** Format: double */
            tpr: number;
        };
        /** @description One sampled SMILES. */
        SampledMolecule: {
            /** @description The fragments it was grown from (fragment-input networks). */
            fragments?: string | null;
            /**
             * @description With an environment: raw scores and desirabilities by name (null where undefined), and
             *     `desired` (1 or 0).
             */
            scores?: {
                [key: string]: number | null;
            } | null;
            smiles: string;
            valid: boolean;
        };
        /** @description What an objective measures. */
        ScorerSpec: {
            /** @constant */
            kind: "property";
            name: string;
        } | {
            /** @constant */
            kind: "qsar";
            /** Format: int64 */
            model_id: number;
        };
        /** @description Which SD tags hold what. */
        SdfMapping: {
            /**
             * @description A single tag with one activity value per record (e.g. `ACTIVITY`),
             *     read in addition to the `GENUI_*` tags.
             */
            activity_tag?: string | null;
            /** @description Activity type of `activity_tag`'s values (default: the tag's name). */
            activity_type?: string | null;
            /** @description Units of `activity_tag`'s values. */
            activity_units?: string | null;
            /** @description Separator of the values in the `GENUI_*` list tags (default `,`). */
            data_separator?: string | null;
            /** @description The text that marks a missing value (default `NA`). */
            empty_value?: string | null;
            /** @description Further tags to keep with each molecule. */
            extra_tags?: string[];
            /** @description Tag with the molecule name (default: the record's title line). */
            name_tag?: string | null;
        };
        /**
         * @description What to search and where: exactly one of `compound_set_id` and
         *     `project_id`, and exactly one of `substructure` and `similarity`.
         */
        SearchRequest: {
            /** Format: int64 */
            compound_set_id?: number | null;
            /** Format: int64 */
            page?: number | null;
            /** Format: int64 */
            page_size?: number | null;
            /** Format: int64 */
            project_id?: number | null;
            similarity?: null | components["schemas"]["SimilarityQuery"];
            substructure?: null | components["schemas"]["SubstructureQuery"];
        };
        /** @description One page of search hits. */
        SearchResults: {
            /** @description All hits over all pages. */
            count: number;
            /**
             * @description Hits of this page: substructure hits in id order with their matched
             *     atoms highlighted in `depiction_url`; similarity hits most similar first.
             */
            results: components["schemas"]["MoleculeView"][];
            /** @description Molecules searched. */
            searched: number;
        };
        SetOccurrence: {
            /** Format: int64 */
            compound_set_id: number;
            compound_set_name: string;
            /** Format: int64 */
            molecule_id: number;
        };
        /**
         * @description Form of the file-based create endpoints (`multipart/form-data`): the file, the new set's
         *     identity, and the mapping of the file's format as further fields (lists comma-separated,
         *     `separator=tab` for tabs).
         */
        SetUploadForm_CsvMapping: {
            /** @description Column with the activity values (default `ACTIVITY`). */
            activity_column?: string | null;
            /**
             * @description Column with each row's relation of the true value to the given one: `=`, `<`, `<=`,
             *     `>`, `>=` or `~` (default `ACTIVITY_RELATION`). A value may also carry it: `<5`.
             */
            activity_relation_column?: string | null;
            /**
             * @description Activity type when there is no type column (default: the activity
             *     column's name).
             */
            activity_type?: string | null;
            /** @description Column with each row's activity type (default `ACTIVITY_TYPE`). */
            activity_type_column?: string | null;
            /** @description Activity units when there is no units column. */
            activity_units?: string | null;
            /** @description Column with each row's activity units (default `ACTIVITY_UNITS`). */
            activity_units_column?: string | null;
            /** @description The text that marks a missing activity value (default `NA`). */
            empty_value?: string | null;
            /** @description Further columns to keep with each molecule. */
            extra_columns?: string[];
            /** @description Column with the molecule names (default `NAME`). */
            name_column?: string | null;
            /** @description Field separator (one character); detected when not given. */
            separator?: string | null;
            /** @description Column with the SMILES (default `SMILES`). */
            smiles_column?: string | null;
        } & {
            description?: string | null;
            /**
             * Format: binary
             * @description The file (may be gzip-compressed).
             */
            file: string;
            name: string;
            /** Format: int64 */
            project_id: number;
        };
        /**
         * @description Form of the file-based create endpoints (`multipart/form-data`): the file, the new set's
         *     identity, and the mapping of the file's format as further fields (lists comma-separated,
         *     `separator=tab` for tabs).
         */
        SetUploadForm_SdfMapping: {
            /**
             * @description A single tag with one activity value per record (e.g. `ACTIVITY`),
             *     read in addition to the `GENUI_*` tags.
             */
            activity_tag?: string | null;
            /** @description Activity type of `activity_tag`'s values (default: the tag's name). */
            activity_type?: string | null;
            /** @description Units of `activity_tag`'s values. */
            activity_units?: string | null;
            /** @description Separator of the values in the `GENUI_*` list tags (default `,`). */
            data_separator?: string | null;
            /** @description The text that marks a missing value (default `NA`). */
            empty_value?: string | null;
            /** @description Further tags to keep with each molecule. */
            extra_tags?: string[];
            /** @description Tag with the molecule name (default: the record's title line). */
            name_tag?: string | null;
        } & {
            description?: string | null;
            /**
             * Format: binary
             * @description The file (may be gzip-compressed).
             */
            file: string;
            name: string;
            /** Format: int64 */
            project_id: number;
        };
        /** @description A similarity query: ECFP4 Tanimoto to `smiles`, all above `threshold` or the `top_k` best. */
        SimilarityQuery: {
            smiles: string;
            /** Format: double */
            threshold?: number | null;
            top_k?: number | null;
        };
        /** @description Where a set's molecules come from, with the options to read it. */
        Source: (components["schemas"]["CsvMapping"] & {
            /** @enum {string} */
            kind: "csv";
        }) | (components["schemas"]["SdfMapping"] & {
            /** @enum {string} */
            kind: "sdf";
        }) | (components["schemas"]["ChemblQuery"] & {
            /** @enum {string} */
            kind: "chembl";
        }) | (components["schemas"]["ChemblFileOptions"] & {
            /** @enum {string} */
            kind: "chembl_file";
        }) | (components["schemas"]["GeneratedSource"] & {
            /** @enum {string} */
            kind: "generated";
        });
        /** @description The mapping fields of one of the file formats. */
        SourceMapping: components["schemas"]["CsvMapping"] | components["schemas"]["SdfMapping"] | components["schemas"]["ChemblFileOptions"];
        /** @description How the test set is chosen. */
        SplitKind: "random" | "scaffold";
        SubmitTask: {
            /** @description The kind's arguments: any JSON value, checked by the kind's handler. */
            args?: unknown;
            /**
             * @description A kind registered as submittable (the built-in test kinds `sleep`, `sleep_gpu`, `echo`
             *     when `GENUI_ENABLE_TEST_TASKS=1`); feature tasks start from their own endpoints.
             */
            kind: string;
            /** Format: int64 */
            project_id: number;
        };
        /** @description A substructure query. */
        SubstructureQuery: {
            /** @description `smarts` (default) or `smiles`. */
            language?: string | null;
            /** @description SMARTS or SMILES. */
            query: string;
            use_chirality?: boolean;
        };
        /** @description A structured task error. */
        TaskErrorView: {
            code: string;
            item?: string | null;
            message: string;
        };
        /** @description A task and its state. */
        TaskView: {
            /** Format: int32 */
            attempts: number;
            cancel_requested: boolean;
            /** Format: date-time */
            created_at: string;
            errors: components["schemas"]["TaskErrorView"][];
            /** Format: date-time */
            finished_at?: string | null;
            /** Format: date-time */
            heartbeat_at?: string | null;
            /** Format: int64 */
            id: number;
            kind: string;
            /** Format: int64 */
            object_id?: number | null;
            object_type?: string | null;
            progress: components["schemas"]["ProgressView"];
            /** Format: int64 */
            project_id: number;
            /** @description `celery` or `gpu`. */
            queue: string;
            /** @description What the task's kind returns (counts, a summary of what it built); any JSON value. */
            result?: unknown;
            /** Format: date-time */
            started_at?: string | null;
            /** @description `pending`, `started`, `success`, `failure` or `cancelled`. */
            status: string;
            /**
             * @description What the task does, as a person reads it ("Import 5-HT4 ligands"); empty for tasks
             *     submitted before titles existed.
             */
            title: string;
            /** Format: date-time */
            updated_at: string;
            worker_name?: string | null;
        };
        /** @description The independent test set, predicted by a model fitted on the training part. */
        TestSet: {
            metrics: components["schemas"]["Metrics"];
            /** Format: uint */
            n_test: number;
            /** Format: uint */
            n_train: number;
            observed_predicted: components["schemas"]["ObservedPredicted"][];
            /** @description Classification only. */
            roc?: components["schemas"]["RocPoint"][] | null;
            split: components["schemas"]["SplitKind"];
        };
        /** @description An API token (the key is shown only when created). */
        TokenView: {
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            id: number;
            /** @description The full key; present only in the answer that created the token. */
            key?: string | null;
            /** Format: date-time */
            last_used_at?: string | null;
            name: string;
            /** @description The first characters of the key. */
            prefix: string;
        };
        /** @description How a network is trained on a corpus. */
        TrainingOptions: {
            /**
             * Format: uint
             * @description Randomized SMILES added per training molecule (augmentation).
             * @default 0
             */
            augment?: number;
            /**
             * Format: uint
             * @default 128
             */
            batch_size?: number;
            /**
             * Format: uint
             * @description Largest number of epochs.
             * @default 20
             */
            epochs?: number;
            /**
             * Format: double
             * @default 0.001
             */
            learning_rate?: number;
            /**
             * Format: uint
             * @description Stop after this many epochs without a lower validation loss.
             * @default 3
             */
            patience?: number;
            /**
             * Format: uint64
             * @default 0
             */
            seed?: number;
            /**
             * Format: double
             * @description Share of the corpus held out for validation.
             * @default 0.1
             */
            validation?: number;
        };
        /** @description What a model learnt from. */
        TrainingSet: {
            /** @description Exact and censored measurements used and left out. */
            measurements?: components["schemas"]["DataReport"] | null;
            /** Format: uint */
            molecules: number;
            /**
             * @description SHA-256 of the molecules' SMILES and targets (`genui_ml::model::training_set_sha256`):
             *     equal for the same data, whatever file or project it came from.
             */
            sha256: string;
        };
        /** @description A compound set to place onto a map. */
        TransformRequest: {
            /** Format: int64 */
            compound_set_id: number;
        };
        /** @description Statistics of the activities of one type. */
        TypeSummary: {
            /**
             * @description Measurements with a relation other than `=` or `~` (`< 5`, `> 10000` …): bounds, not
             *     values, which a QSAR build leaves out unless told otherwise.
             */
            censored: number;
            histogram: components["schemas"]["Bin"][];
            /** Format: double */
            max: number;
            /** Format: double */
            mean: number;
            measurements: number;
            /** Format: double */
            median: number;
            /** Format: double */
            min: number;
            /** @description Distinct molecules with at least one value. */
            molecules: number;
            type: string;
            /** @description Every unit the values were given in (empty for unitless values). */
            units: string[];
        };
        /** @description What the build reports of its uncertainty estimates. */
        UncertaintyReport: {
            intervals: components["schemas"]["IntervalsReport"];
        } | {
            calibration: components["schemas"]["CalibrationReport"];
        };
        /** @description A user account. */
        UserView: {
            /** Format: date-time */
            created_at: string;
            email: string;
            /** Format: int64 */
            id: number;
            is_admin: boolean;
            username: string;
        };
        /** @description Validation settings. */
        ValidationSpec: {
            /**
             * Format: uint
             * @description Cross-validation folds on the training part (2–10, default 5).
             * @default 5
             */
            folds?: number;
            /** @default random */
            split?: components["schemas"]["SplitKind"];
            /**
             * Format: double
             * @description Share of the molecules held out as the test set (0 for none, default 0.2).
             * @default 0.2
             */
            test_fraction?: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    post_accounts_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description wrong username or password */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description fields of the body are missing, mistyped or out of range */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description too many failed attempts */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_accounts_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the session or token is deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_accounts_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_accounts_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description changed; the user's other sessions are ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_accounts_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registration"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_accounts_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description registration is switched off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_accounts_tokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenView"][];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_accounts_tokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewTokenRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description fields of the body are missing, mistyped or out of range */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_accounts_tokens_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description token id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_activity_sets: {
        parameters: {
            query?: {
                project_id?: number;
                compound_set_id?: number;
                page?: number;
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_ActivitySetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_activity_sets_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description activity set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivitySetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_activity_sets_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description activity set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted with its activities (models built from them keep their files) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_activity_sets_by_id_activities: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                /** @description Only activities of these molecules (comma-separated ids; POST a body for long lists). */
                molecules?: string;
            };
            header?: never;
            path: {
                /** @description activity set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_ActivityView"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_activity_sets_by_id_activities: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description activity set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MoleculeFilter"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_ActivityView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_activity_sets_by_id_summary: {
        parameters: {
            query?: {
                /** @description Histogram bars per type (1–100, default 10). */
                bins?: number;
            };
            header?: never;
            path: {
                /** @description activity set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TypeSummary"][];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_compound_sets: {
        parameters: {
            query?: {
                /** @description Only objects of this project (404 if it is not yours). */
                project_id?: number;
                /** @description 1-based page number. */
                page?: number;
                /** @description Objects per page (1–1000, default 50). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_compound_sets_chembl: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON with ChEMBL target ids to fetch from the ChEMBL web API (`GENUI_CHEMBL_URL`), or `multipart/form-data` with a ChEMBL activity export as `file` (like the CSV endpoint) */
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewChemblSet"];
            };
        };
        responses: {
            /** @description created; the import task runs */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_compound_sets_csv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description the CSV file plus `project_id`, `name`, `description` and the column mapping */
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["SetUploadForm_CsvMapping"];
            };
        };
        responses: {
            /** @description created; the import task runs */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_compound_sets_preview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["PreviewForm"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preview"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_compound_sets_sdf: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description the SD file plus `project_id`, `name`, `description` and the tag mapping */
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["SetUploadForm_SdfMapping"];
            };
        };
        responses: {
            /** @description created; the import task runs */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_compound_sets_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description compound set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_compound_sets_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description compound set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted with its molecules, activities and file */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    patch_compound_sets_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description compound set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ObjectChanges"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_compound_sets_by_id_export: {
        parameters: {
            query?: {
                /** @description `sdf` (default) or `csv`. */
                format?: string;
            };
            header?: never;
            path: {
                /** @description compound set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the set as an SD or CSV file (attachment): measured values in the activity columns (tags), each model's predictions in columns (tags) of their own (`<set>: <type>`, its interval's bounds, its applicability) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_compound_sets_by_id_molecules: {
        parameters: {
            query?: {
                page?: number;
                /** @description 1–1000, default 50. */
                page_size?: number;
                /**
                 * @description A property name, `id`, `activity:<type>` (the mean of the molecule's values of that
                 *     type) or `activity:<type>@<activity set id>` (the mean in that set, e.g. one model's
                 *     predictions, typed `<type> (predicted)`); `-` in front for descending, e.g.
                 *     `-activity:pIC50`, `-activity:pIC50 (predicted)@12` or `mw`.
                 */
                sort?: string;
                /**
                 * @description Comma-separated conditions on properties, `id` or activity fields as in `sort` (true
                 *     when any of the values holds it) with `<`, `<=`, `>`, `>=`, `=` or `!=`, e.g.
                 *     `mw<500,activity:pIC50>=6`.
                 */
                filter?: string;
            };
            header?: never;
            path: {
                /** @description compound set id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_MoleculeView"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_compound_sets_by_id_reimport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description compound set id */
                id: number;
            };
            cookie?: never;
        };
        /** @description optional: a new `file` (and new mapping fields) replacing the set's source file; without a body the stored source is read again (ChEMBL is queried again) */
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["ReimportForm"];
            };
        };
        responses: {
            /** @description the re-import task runs */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "get_depiction.svg": {
        parameters: {
            query: {
                /** @description The structure to draw (a SMILES, e.g. one a generator sampled). */
                smiles: string;
                /** @description Width in pixels (50–2000, default 300). */
                width?: number;
                /** @description Height in pixels (50–2000, default 200). */
                height?: number;
                /** @description A substructure query whose matched atoms are highlighted. */
                highlight?: string;
                /** @description Language of `highlight`: `smarts` (default) or `smiles`. */
                language?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description SVG depiction (with an ETag) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": unknown;
                };
            };
            /** @description unchanged (If-None-Match) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not a SMILES RDKit can read, or bad sizes */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_agents: {
        parameters: {
            query?: {
                /** @description Only objects of this project (404 if it is not yours). */
                project_id?: number;
                /** @description 1-based page number. */
                page?: number;
                /** @description Objects per page (1–1000, default 50). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description agents (their details are at /networks/{id}) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_NetworkView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_agents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewAgent"];
            };
        };
        responses: {
            /** @description created; reinforcement learning runs on the gpu queue */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_environments: {
        parameters: {
            query?: {
                /** @description Only objects of this project (404 if it is not yours). */
                project_id?: number;
                /** @description 1-based page number. */
                page?: number;
                /** @description Objects per page (1–1000, default 50). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_EnvironmentView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_environments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewEnvironment"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnvironmentView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_environments_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description environment id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnvironmentView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_generators_environments_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description environment id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted (agents trained with it and scores made with it stay) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    patch_generators_environments_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description environment id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ObjectChanges"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnvironmentView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_environments_by_id_evaluations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description environment id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EvaluateRequest"];
            };
        };
        responses: {
            /** @description the scoring task; its result names the new activity set (raw scores, desirabilities, desired) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_modifiers_preview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreviewRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewResponse"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_networks: {
        parameters: {
            query?: {
                /** @description Only objects of this project (404 if it is not yours). */
                project_id?: number;
                /** @description 1-based page number. */
                page?: number;
                /** @description Objects per page (1–1000, default 50). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the projects' networks (agents are listed at /agents); the shipped ones are at /networks/default and /networks/default-fragments */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_NetworkView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_networks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewNetwork"];
            };
        };
        responses: {
            /** @description created; the training task runs on the gpu queue */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_networks_import: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["NetworkImportForm"];
            };
        };
        responses: {
            /** @description imported after loading it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_networks_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network or agent id, or a shipped network's name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_generators_networks_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network or agent id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted with its weights; a running training is cancelled */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    patch_generators_networks_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network or agent id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ObjectChanges"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_networks_by_id_config: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network or agent id, or a shipped network's name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description config.json: format, architecture and vocabulary */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_networks_by_id_quick_sample: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network or agent id, or a shipped network's name */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuickSampleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuickSample"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_networks_by_id_weights: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network or agent id, or a shipped network's name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description weights.safetensors */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_generators_properties: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PropertyView"][];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_generators_samples: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewSample"];
            };
        };
        responses: {
            /** @description the generated compound set; the sampling task fills it (report: sampled, invalid, duplicates_merged, imported) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompoundSetView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the server is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProbeStatus"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_maps: {
        parameters: {
            query?: {
                /** @description Only objects of this project (404 if it is not yours). */
                project_id?: number;
                /** @description 1-based page number. */
                page?: number;
                /** @description Objects per page (1–1000, default 50). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_MapView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_maps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewMap"];
            };
        };
        responses: {
            /** @description created; the build task runs */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MapView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_maps_algorithms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description map algorithms with their parameters (type, default, range) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlgorithmInfo"][];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_maps_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description map id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MapView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_maps_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description map id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted with its points */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    patch_maps_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description map id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ObjectChanges"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MapView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_maps_by_id_points: {
        parameters: {
            query?: {
                /** @description Comma-separated molecule properties (`mw`, `logp`, `qed`, …) to add per point. */
                properties?: string;
                /** @description An activity set whose values (mean per point and type) to add. */
                activity_set_id?: number;
                /**
                 * @description Add each point's SMILES (default false: large maps load faster
                 *     without, and hovering can fetch the molecule).
                 */
                smiles?: boolean;
            };
            header?: never;
            path: {
                /** @description map id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description columns, one entry per point: `x`, `y`, `placed`, `molecule_ids` and `compound_set_ids` (lists), `smiles` when asked, and the asked `properties` and `activities` (by type; null where a point has none) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MapPoints"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_maps_by_id_transform: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description map id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransformRequest"];
            };
        };
        responses: {
            /** @description the task placing the set's molecules onto the map without moving it */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_molecules: {
        parameters: {
            query: {
                /** @description The project whose molecules (of all its sets) to list. */
                project_id: number;
                page?: number;
                page_size?: number;
                sort?: string;
                filter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_MoleculeView"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_molecules_search: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResults"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_molecules_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description molecule id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MoleculeView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "get_molecules_by_id_depiction.svg": {
        parameters: {
            query?: {
                /** @description Width in pixels (50–2000, default 300). */
                width?: number;
                /** @description Height in pixels (50–2000, default 200). */
                height?: number;
                /** @description A substructure query whose matched atoms are highlighted. */
                highlight?: string;
                /** @description Language of `highlight`: `smarts` (default) or `smiles`. */
                language?: string;
            };
            header?: never;
            path: {
                /** @description molecule id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description SVG depiction (with an ETag) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": unknown;
                };
            };
            /** @description unchanged (If-None-Match) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_molecules_by_id_occurrences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description molecule id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MoleculeOccurrences"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_projects: {
        parameters: {
            query?: {
                /** @description 1-based page number. */
                page?: number;
                /** @description Objects per page (1–1000, default 50). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_ProjectView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_projects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewProject"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_projects_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description project id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_projects_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description project id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted with everything in it, files included */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    patch_projects_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description project id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectChanges"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_algorithms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description algorithms with their parameters (type, default, range) and modes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlgorithmInfo"][];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_descriptors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description descriptor groups and their parameters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DescriptorGroupInfo"][];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the metrics reported per mode */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricNames"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_models: {
        parameters: {
            query?: {
                /** @description Only objects of this project (404 if it is not yours). */
                project_id?: number;
                /** @description 1-based page number. */
                page?: number;
                /** @description Objects per page (1–1000, default 50). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_ModelView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_qsar_models: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewModel"];
            };
        };
        responses: {
            /** @description created; the build task runs */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_qsar_models_import: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["ModelImportForm"];
            };
        };
        responses: {
            /** @description imported; it predicts exactly as the original */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_models_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_qsar_models_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted with its file */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    patch_qsar_models_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ObjectChanges"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_models_by_id_card: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the card the model's file keeps: data hash and size, seed, algorithm, descriptors, validation and its metrics, applicability and uncertainty figures, software version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelCard"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_models_by_id_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the model file (GenUI QSAR format, version 2) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_models_by_id_performance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description metrics per fold and their means, test-set metrics, ROC points and observed/predicted pairs `[molecule_id, observed, predicted]` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Performance"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_qsar_models_by_id_predictions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the activity sets of this model's predictions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivitySetView"][];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_qsar_models_by_id_predictions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PredictRequest"];
            };
        };
        responses: {
            /** @description the prediction task; its result names the new activity set */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description database and queue reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProbeStatus"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_tasks: {
        parameters: {
            query?: {
                /** @description Only tasks of this project (404 if it is not yours). */
                project_id?: number;
                /** @description Only tasks building objects of this type. */
                object_type?: string;
                /** @description Only tasks building this object. */
                object_id?: number;
                /** @description Only tasks in this status. */
                status?: string;
                page?: number;
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Paginated_TaskView"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description project_id is not one of yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_tasks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitTask"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is larger than GENUI_UPLOAD_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the body is not of the declared media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_tasks_events: {
        parameters: {
            query: {
                /** @description The project whose task changes to stream. */
                project_id: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `task` events, each a TaskView as JSON, whenever a task of the project changes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_tasks_by_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description task id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_tasks_by_id_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description task id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description pending: cancelled now; started: its worker stops it shortly */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description a malformed path, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid session or token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database or the task queue is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the server's disk is full: nothing was saved */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
