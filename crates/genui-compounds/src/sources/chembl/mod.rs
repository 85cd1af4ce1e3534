//! ChEMBL activities: fetched by target from the web API's `activity`
//! resource, or read from an activity export with ChEMBL's column names.
//!
//! Each activity record becomes one [`Record`]: the molecule's canonical
//! SMILES, named by its ChEMBL id, with the standard value/type/units/relation
//! and, where ChEMBL computed one, a second `<type>_pChEMBL` activity (as the
//! original GenUI does). Assay and target ids stay with both, with ChEMBL's comment, assay
//! type and description, target name and organism and document id; a query may keep only
//! some assay types and one target organism.

mod export;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

pub use export::ChemblFileOptions;

use super::{optional, parse_relation, refuse, Parsed, SourceError};
use crate::pipeline::{Activity, ChemblDetail, Record, Rejection, Structure};

/// The public ChEMBL web API.
pub const DEFAULT_BASE_URL: &str = "https://www.ebi.ac.uk/chembl/api/data";

/// Targets whose activities to import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChemblQuery {
    /// ChEMBL target ids, e.g. `CHEMBL251`.
    pub targets: Vec<String>,
    /// Stop a target once this many distinct molecules were read from it.
    #[serde(default)]
    pub max_per_target: Option<u32>,
    /// Keep only activities measured in this target organism (`Homo sapiens`; any case).
    #[serde(default)]
    pub organism: Option<String>,
    /// Keep only these assay types (`B` binding, `F` functional, `A` ADMET, `T` toxicity,
    /// `P` physicochemical, `U` unassigned); all when empty.
    #[serde(default)]
    pub assay_types: Vec<String>,
}

/// ChEMBL's assay types.
pub const ASSAY_TYPES: [&str; 6] = ["B", "F", "A", "T", "P", "U"];

/// A field of a ChEMBL query or export's options at fault, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidOption {
    pub field: &'static str,
    pub message: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> InvalidOption {
    InvalidOption {
        field,
        message: message.into(),
    }
}

/// Which activities a target import or an export's import keeps: some assay types, one
/// target organism.
#[derive(Debug, Clone, Copy)]
pub struct ActivityFilter<'a> {
    pub organism: Option<&'a str>,
    pub assay_types: &'a [String],
}

impl ActivityFilter<'_> {
    pub fn validate(&self) -> Result<(), InvalidOption> {
        if let Some(wrong) = self
            .assay_types
            .iter()
            .find(|t| !ASSAY_TYPES.contains(&t.as_str()))
        {
            return Err(invalid(
                "assay_types",
                format!("assay type {wrong:?} is not one of ChEMBL's (B, F, A, T, P, U)"),
            ));
        }
        if self
            .organism
            .is_some_and(|o| o.trim().is_empty() || o.len() > 200)
        {
            return Err(invalid(
                "organism",
                "organism must be a name such as Homo sapiens",
            ));
        }
        Ok(())
    }

    /// Why `activity` is not one the filter keeps, if it is not.
    fn leaves_out(&self, activity: &ChemblActivity) -> Option<String> {
        if !self.assay_types.is_empty() {
            let kind = activity.assay_type.as_deref().unwrap_or("none");
            if !self.assay_types.iter().any(|t| t == kind) {
                return Some(format!(
                    "assay type {kind} is not among those chosen ({})",
                    self.assay_types.join(", ")
                ));
            }
        }
        let organism = self.organism.map(str::trim)?;
        let measured = activity.target_organism.as_deref().unwrap_or("none");
        (!measured.eq_ignore_ascii_case(organism))
            .then(|| format!("target organism {measured} is not {organism}"))
    }

    /// The record `activity` gives at `position`, or why it is left out.
    fn record(&self, activity: ChemblActivity, position: u64) -> Result<Record, Rejection> {
        if let Some(reason) = self.leaves_out(&activity) {
            let id = activity.molecule_chembl_id.unwrap_or_default();
            return Err(refuse(position, &id, reason));
        }
        activity.into_record(position)
    }
}

impl ChemblQuery {
    /// Checks the target ids (at least one, each `CHEMBL<digits>`, at most 100) and the filter.
    pub fn validate(&self) -> Result<(), InvalidOption> {
        if self.targets.is_empty() || self.targets.len() > 100 {
            return Err(invalid("targets", "give 1 to 100 target ids"));
        }
        for target in &self.targets {
            let digits = target.strip_prefix("CHEMBL").unwrap_or("");
            if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(invalid(
                    "targets",
                    format!("{target:?} is not a ChEMBL target id (like CHEMBL251)"),
                ));
            }
        }
        if self.max_per_target == Some(0) {
            return Err(invalid(
                "max_per_target",
                "max_per_target must be at least 1",
            ));
        }
        self.filter().validate()
    }

    pub fn filter(&self) -> ActivityFilter<'_> {
        ActivityFilter {
            organism: self.organism.as_deref(),
            assay_types: &self.assay_types,
        }
    }
}

/// One record of ChEMBL's `activity` resource (only the fields we read).
/// ChEMBL sends numbers as strings; both are accepted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChemblActivity {
    pub molecule_chembl_id: Option<String>,
    pub canonical_smiles: Option<String>,
    pub assay_chembl_id: Option<String>,
    pub target_chembl_id: Option<String>,
    pub standard_type: Option<String>,
    pub standard_relation: Option<String>,
    pub standard_value: Option<Value>,
    pub standard_units: Option<String>,
    pub pchembl_value: Option<Value>,
    pub activity_comment: Option<String>,
    pub assay_type: Option<String>,
    pub assay_description: Option<String>,
    pub target_pref_name: Option<String>,
    pub target_organism: Option<String>,
    pub document_chembl_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ActivityPage {
    activities: Vec<ChemblActivity>,
    page_meta: PageMeta,
}

#[derive(Debug, Deserialize)]
struct PageMeta {
    next: Option<String>,
    total_count: Option<u64>,
}

fn number(value: &Option<Value>) -> Result<Option<f64>, String> {
    let parsed = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match parsed {
        Some(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!(
            "value {} is not a finite number",
            value.clone().unwrap_or_default()
        )),
    }
}

impl ChemblActivity {
    /// The record for this activity, or why it cannot be imported.
    pub fn into_record(self, position: u64) -> Result<Record, Rejection> {
        let id = self.molecule_chembl_id.clone().unwrap_or_default();
        let Some(smiles) = self.canonical_smiles.as_deref().and_then(optional) else {
            return Err(refuse(position, &id, "the activity has no SMILES".into()));
        };
        let value = match number(&self.standard_value) {
            Ok(Some(v)) => v,
            Ok(None) => {
                let comment = self.activity_comment.as_deref().unwrap_or("none");
                return Err(refuse(
                    position,
                    &id,
                    format!("the activity has no standard value (comment: {comment})"),
                ));
            }
            Err(reason) => return Err(refuse(position, &id, format!("standard {reason}"))),
        };
        let kind = self
            .standard_type
            .as_deref()
            .and_then(optional)
            .unwrap_or_else(|| "Unknown".into());
        let relation = parse_relation(self.standard_relation.as_deref().unwrap_or(""))
            .map_err(|reason| refuse(position, &id, format!("standard {reason}")))?;
        let standard = Activity {
            kind: kind.clone(),
            value,
            units: self.standard_units.as_deref().and_then(optional),
            relation: relation.clone(),
            assay: self.assay_chembl_id.as_deref().and_then(optional),
            target: self.target_chembl_id.as_deref().and_then(optional),
            chembl: Some(self.detail()),
        };
        let censored = !matches!(relation.as_deref(), None | Some("=" | "~"));
        let pchembl = match number(&self.pchembl_value) {
            Ok(Some(p)) => Some(p),
            // ChEMBL gives no pChEMBL for a censored value ("> 10000 nM"); its −log10(M) is
            // what a censored-data rule needs, so it is computed here.
            Ok(None) if censored && standard.units.as_deref() == Some("nM") && value > 0.0 => {
                Some(9.0 - value.log10())
            }
            Ok(None) => None,
            Err(reason) => return Err(refuse(position, &id, format!("pChEMBL {reason}"))),
        };
        let mut activities = vec![standard.clone()];
        if let Some(p) = pchembl {
            activities.push(Activity {
                kind: format!("{kind}_pChEMBL"),
                value: p,
                units: None,
                // −log10 turns "below" into "above".
                relation: relation.map(|r| {
                    r.chars()
                        .map(|c| match c {
                            '<' => '>',
                            '>' => '<',
                            c => c,
                        })
                        .collect()
                }),
                ..standard
            });
        }
        Ok(Record {
            position,
            name: optional(&id),
            structure: Structure::Smiles(smiles),
            activities,
            extra: Vec::new(),
        })
    }
}

impl ChemblActivity {
    fn detail(&self) -> ChemblDetail {
        let text = |t: &Option<String>| t.as_deref().and_then(optional);
        ChemblDetail {
            comment: text(&self.activity_comment),
            assay_type: text(&self.assay_type),
            assay_description: text(&self.assay_description),
            target_name: text(&self.target_pref_name),
            target_organism: text(&self.target_organism),
            document_id: text(&self.document_chembl_id),
        }
    }
}

/// Converts the activities `query` keeps into records and rejections, numbering them from 1.
pub fn records(activities: Vec<ChemblActivity>, query: &ChemblQuery) -> Parsed {
    let mut parsed = Parsed::default();
    let filter = query.filter();
    for (i, activity) in activities.into_iter().enumerate() {
        match filter.record(activity, i as u64 + 1) {
            Ok(record) => parsed.accept(record),
            Err(rejection) => parsed.refuse(rejection),
        }
    }
    parsed
}

/// A client of the ChEMBL web API with retries.
#[derive(Debug, Clone)]
pub struct ChemblClient {
    http: reqwest::Client,
    base_url: String,
    page_size: u32,
    attempts: u32,
    backoff: Duration,
}

impl ChemblClient {
    /// A client of the API at `base_url` (e.g. [`DEFAULT_BASE_URL`]): pages of 1,000
    /// activities, 4 attempts per page with exponential backoff from one second.
    pub fn new(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .connect_timeout(Duration::from_secs(10))
                .user_agent(concat!("genui/", env!("CARGO_PKG_VERSION")))
                .build()
                .expect("a client without custom TLS settings builds"),
            base_url: base_url.trim_end_matches('/').to_owned(),
            page_size: 1000,
            attempts: 4,
            backoff: Duration::from_secs(1),
        }
    }

    /// Smaller pages and faster retries (tests).
    pub fn with_paging(mut self, page_size: u32, attempts: u32, backoff: Duration) -> Self {
        self.page_size = page_size.max(1);
        self.attempts = attempts.max(1);
        self.backoff = backoff;
        self
    }

    /// All activities of the query's targets, in API order. `progress` gets
    /// the number of activities fetched so far and the total ChEMBL reports.
    pub async fn activities(
        &self,
        query: &ChemblQuery,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<Vec<ChemblActivity>, SourceError> {
        let mut all = Vec::new();
        let mut totals: HashMap<&str, u64> = HashMap::new();
        for target in &query.targets {
            let mut molecules: HashSet<String> = HashSet::new();
            let mut offset = 0u64;
            loop {
                let page = self.page(target, offset).await?;
                let reported = page.page_meta.total_count.unwrap_or(0);
                let reported = query
                    .max_per_target
                    .map_or(reported, |m| reported.min(u64::from(m)));
                totals.insert(target, reported);
                let n = page.activities.len() as u64;
                for activity in page.activities {
                    if let Some(id) = &activity.molecule_chembl_id {
                        if query.max_per_target.is_some_and(|m| {
                            molecules.len() >= m as usize && !molecules.contains(id)
                        }) {
                            continue;
                        }
                        molecules.insert(id.clone());
                    }
                    all.push(activity);
                }
                progress(all.len() as u64, totals.values().sum());
                offset += n;
                let full = query
                    .max_per_target
                    .is_some_and(|m| molecules.len() >= m as usize);
                if page.page_meta.next.is_none() || n == 0 || full {
                    break;
                }
            }
        }
        Ok(all)
    }

    async fn page(&self, target: &str, offset: u64) -> Result<ActivityPage, SourceError> {
        let url = format!("{}/activity.json", self.base_url);
        let query = [
            ("target_chembl_id", target.to_owned()),
            ("limit", self.page_size.to_string()),
            ("offset", offset.to_string()),
        ];
        let mut last_error = String::new();
        for attempt in 0..self.attempts {
            if attempt > 0 {
                tokio::time::sleep(self.backoff * 2u32.pow(attempt - 1)).await;
            }
            match self.http.get(&url).query(&query).send().await {
                Err(e) => last_error = format!("cannot reach ChEMBL at {}: {e}", self.base_url),
                Ok(response) => {
                    let status = response.status();
                    if status.is_success() {
                        let body = response.bytes().await.map_err(|e| {
                            SourceError::Unavailable(format!("ChEMBL's answer broke off: {e}"))
                        })?;
                        return serde_json::from_slice(&body).map_err(|e| {
                            SourceError::Unavailable(format!(
                                "ChEMBL answered {url} (target {target}, offset {offset}) with something that is not an activity page: {e}"
                            ))
                        });
                    }
                    last_error = format!(
                        "ChEMBL answered HTTP {status} for target {target} (offset {offset})"
                    );
                    let transient = status.is_server_error()
                        || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
                    if !transient {
                        return Err(SourceError::Unavailable(last_error));
                    }
                }
            }
            tracing::warn!(target, offset, attempt, error = %last_error, "ChEMBL request failed");
        }
        Err(SourceError::Unavailable(format!(
            "{last_error} (gave up after {} attempts)",
            self.attempts
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_record_gives_the_standard_and_the_pchembl_activity() {
        let activity: ChemblActivity = serde_json::from_str(
            r#"{"molecule_chembl_id":"CHEMBL113","canonical_smiles":"Cn1c(=O)c2c(ncn2C)n(C)c1=O",
                "assay_chembl_id":"CHEMBL674637","target_chembl_id":"CHEMBL251",
                "standard_type":"Ki","standard_relation":"=","standard_value":"2400.0",
                "standard_units":"nM","pchembl_value":"5.62","activity_comment":null}"#,
        )
        .expect("works");
        let record = activity.into_record(3).expect("works");
        assert_eq!(record.name.as_deref(), Some("CHEMBL113"));
        let kinds: Vec<(&str, f64)> = record
            .activities
            .iter()
            .map(|a| (a.kind.as_str(), a.value))
            .collect();
        assert_eq!(kinds, vec![("Ki", 2400.0), ("Ki_pChEMBL", 5.62)]);
        assert_eq!(record.activities[1].units, None);
        assert_eq!(record.activities[1].target.as_deref(), Some("CHEMBL251"));
        assert_eq!(record.activities[0].relation.as_deref(), Some("="));
    }

    #[test]
    fn censored_relations_are_kept_and_turn_round_in_pchembl() {
        let censored = |relation: &str| ChemblActivity {
            molecule_chembl_id: Some("CHEMBL1".into()),
            canonical_smiles: Some("CCO".into()),
            standard_type: Some("Ki".into()),
            standard_relation: Some(relation.into()),
            standard_value: Some(Value::String("10000".into())),
            pchembl_value: Some(Value::String("5".into())),
            ..ChemblActivity::default()
        };
        let record = censored("'>'").into_record(1).expect("works");
        let relations: Vec<Option<&str>> = record
            .activities
            .iter()
            .map(|a| a.relation.as_deref())
            .collect();
        assert_eq!(relations, vec![Some(">"), Some("<")], "Ki > 10 µM: pKi < 5");
        let record = censored("<=").into_record(1).expect("works");
        assert_eq!(record.activities[1].relation.as_deref(), Some(">="));
        // Without ChEMBL's pChEMBL, a censored nM value gets one computed: 10 µM is 5.
        let unscaled = ChemblActivity {
            standard_units: Some("nM".into()),
            pchembl_value: None,
            ..censored(">")
        };
        let record = unscaled.into_record(1).expect("works");
        assert_eq!(record.activities[1].kind, "Ki_pChEMBL");
        assert_eq!(record.activities[1].value, 5.0);
        assert_eq!(record.activities[1].relation.as_deref(), Some("<"));
        let exact = ChemblActivity {
            standard_units: Some("nM".into()),
            pchembl_value: None,
            ..censored("=")
        };
        assert_eq!(exact.into_record(1).expect("works").activities.len(), 1);
        let refused = censored("!").into_record(4).expect_err("unknown");
        assert_eq!(refused.position, 4);
        assert!(
            refused.reason.contains("relation \"!\""),
            "{}",
            refused.reason
        );
    }

    #[test]
    fn activities_without_smiles_or_value_are_rejected() {
        let no_value = ChemblActivity {
            molecule_chembl_id: Some("CHEMBL1".into()),
            canonical_smiles: Some("CCO".into()),
            activity_comment: Some("Not Active".into()),
            ..ChemblActivity::default()
        };
        let rejected = no_value.into_record(1).expect_err("fails");
        assert!(
            rejected.reason.contains("Not Active"),
            "{}",
            rejected.reason
        );
        let no_smiles = ChemblActivity {
            standard_value: Some(Value::String("1".into())),
            ..ChemblActivity::default()
        };
        assert!(no_smiles
            .into_record(2)
            .expect_err("fails")
            .reason
            .contains("SMILES"));
    }

    /// Each rejection's position and reason.
    pub(super) fn reasons(parsed: &Parsed) -> Vec<(u64, &str)> {
        parsed
            .rejected
            .iter()
            .map(|r| (r.position, r.reason.as_str()))
            .collect()
    }

    #[test]
    fn target_ids_are_validated() {
        let query = |t: &str| ChemblQuery {
            targets: vec![t.into()],
            max_per_target: None,
            organism: None,
            assay_types: Vec::new(),
        };
        assert!(query("CHEMBL251").validate().is_ok());
        assert!(query("chembl251").validate().is_err());
        assert!(query("CHEMBL").validate().is_err());
        assert!(query("CHEMBL25; DROP").validate().is_err());
        let wrong_type = ChemblQuery {
            assay_types: vec!["B".into(), "Q".into()],
            ..query("CHEMBL251")
        };
        let error = wrong_type.validate().expect_err("Q");
        assert_eq!(error.field, "assay_types");
        assert!(error.message.contains("\"Q\" is not one of ChEMBL's"));
        assert_eq!(query("x").validate().expect_err("x").field, "targets");
        let blank_organism = ChemblQuery {
            organism: Some(" ".into()),
            ..query("CHEMBL251")
        };
        assert_eq!(
            blank_organism.validate().expect_err("blank").field,
            "organism"
        );
    }

    #[test]
    fn details_are_kept_and_filters_leave_out_with_a_reason() {
        let measured = |assay_type: &str, organism: &str| ChemblActivity {
            molecule_chembl_id: Some("CHEMBL1".into()),
            canonical_smiles: Some("CCO".into()),
            standard_type: Some("Ki".into()),
            standard_value: Some(Value::String("5".into())),
            activity_comment: Some("Active".into()),
            assay_type: Some(assay_type.into()),
            assay_description: Some("Displacement of [3H]8-OH-DPAT".into()),
            target_pref_name: Some("Serotonin 1a (5-HT1a) receptor".into()),
            target_organism: Some(organism.into()),
            document_chembl_id: Some("CHEMBL1123456".into()),
            ..ChemblActivity::default()
        };
        let query = ChemblQuery {
            targets: vec!["CHEMBL214".into()],
            max_per_target: None,
            organism: Some("homo sapiens".into()),
            assay_types: vec!["B".into()],
        };
        let parsed = records(
            vec![
                measured("B", "Homo sapiens"),
                measured("F", "Homo sapiens"),
                measured("B", "Rattus norvegicus"),
            ],
            &query,
        );
        assert_eq!(parsed.records.len(), 1);
        let detail = parsed.records[0].activities[0]
            .chembl
            .clone()
            .expect("detail");
        assert_eq!(detail.comment.as_deref(), Some("Active"));
        assert_eq!(detail.assay_type.as_deref(), Some("B"));
        assert_eq!(detail.target_organism.as_deref(), Some("Homo sapiens"));
        assert_eq!(detail.document_id.as_deref(), Some("CHEMBL1123456"));
        assert_eq!(
            reasons(&parsed),
            vec![
                (2, "assay type F is not among those chosen (B)"),
                (3, "target organism Rattus norvegicus is not homo sapiens"),
            ]
        );
    }
}
