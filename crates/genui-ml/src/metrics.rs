//! Model quality: regression and classification metrics, ROC curves.

use serde::{Deserialize, Deserializer, Serialize};

/// A metric the data leave undefined (a constant column, a single class) is NaN: JSON writes it
/// as null, and it is read back as NaN.
fn undefined_as_nan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Regression metrics of predictions against observations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RegressionMetrics {
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub r2: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub rmse: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub mae: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub pearson: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub spearman: f64,
}

/// Classification metrics of active-class probabilities against 0/1 labels
/// (counts at probability ≥ 0.5).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassificationMetrics {
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub roc_auc: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub pr_auc: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub mcc: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub accuracy: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub balanced_accuracy: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub precision: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub recall: f64,
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub f1: f64,
    /// `[[true negatives, false positives], [false negatives, true positives]]`.
    pub confusion: [[u32; 2]; 2],
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        cov += (x - ma) * (y - mb);
        va += (x - ma) * (x - ma);
        vb += (y - mb) * (y - mb);
    }
    if va == 0.0 || vb == 0.0 {
        return f64::NAN;
    }
    cov / (va * vb).sqrt()
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut ranks = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// R² (scikit-learn's `r2_score`), RMSE, MAE, Pearson's r and Spearman's ρ.
pub fn regression(observed: &[f64], predicted: &[f64]) -> RegressionMetrics {
    let m = mean(observed);
    let (mut ss_res, mut ss_tot, mut abs) = (0.0, 0.0, 0.0);
    for (o, p) in observed.iter().zip(predicted) {
        ss_res += (o - p) * (o - p);
        ss_tot += (o - m) * (o - m);
        abs += (o - p).abs();
    }
    let n = observed.len() as f64;
    RegressionMetrics {
        r2: 1.0 - ss_res / ss_tot,
        rmse: (ss_res / n).sqrt(),
        mae: abs / n,
        pearson: pearson(observed, predicted),
        spearman: pearson(&ranks(observed), &ranks(predicted)),
    }
}

/// One point of a ROC curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RocPoint {
    pub fpr: f64,
    pub tpr: f64,
    /// The score at and above which molecules count as active (null for the first point,
    /// above every score).
    #[serde(deserialize_with = "undefined_as_nan")]
    #[schemars(with = "Option<f64>")]
    pub threshold: f64,
}

/// The ROC curve: a point per distinct score, from (0, 0) to (1, 1).
pub fn roc_curve(labels: &[f64], scores: &[f64]) -> Vec<RocPoint> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]));
    let positives = labels.iter().filter(|&&l| l == 1.0).count() as f64;
    let negatives = labels.len() as f64 - positives;
    let mut points = vec![RocPoint {
        fpr: 0.0,
        tpr: 0.0,
        threshold: f64::INFINITY,
    }];
    let (mut tp, mut fp) = (0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        if labels[i] == 1.0 {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_score = order.get(k + 1).is_none_or(|&j| scores[j] != scores[i]);
        if last_of_score {
            points.push(RocPoint {
                fpr: if negatives > 0.0 { fp / negatives } else { 0.0 },
                tpr: if positives > 0.0 { tp / positives } else { 0.0 },
                threshold: scores[i],
            });
        }
    }
    points
}

/// Classification metrics; ROC AUC is the trapezoid area under [`roc_curve`],
/// PR AUC scikit-learn's average precision.
pub fn classification(labels: &[f64], scores: &[f64]) -> ClassificationMetrics {
    let curve = roc_curve(labels, scores);
    let roc_auc = curve
        .windows(2)
        .map(|w| (w[1].fpr - w[0].fpr) * (w[1].tpr + w[0].tpr) / 2.0)
        .sum();
    // Average precision: Σ (R_k − R_{k−1}) P_k over distinct thresholds.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]));
    let positives = labels.iter().filter(|&&l| l == 1.0).count() as f64;
    let (mut tp, mut seen, mut recall_before, mut pr_auc) = (0.0, 0.0, 0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        seen += 1.0;
        if labels[i] == 1.0 {
            tp += 1.0;
        }
        if order.get(k + 1).is_none_or(|&j| scores[j] != scores[i]) && positives > 0.0 {
            let recall = tp / positives;
            pr_auc += (recall - recall_before) * (tp / seen);
            recall_before = recall;
        }
    }
    let (mut tp, mut tn, mut fp, mut fn_) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (&l, &s) in labels.iter().zip(scores) {
        match (l == 1.0, s >= 0.5) {
            (true, true) => tp += 1.0,
            (true, false) => fn_ += 1.0,
            (false, true) => fp += 1.0,
            (false, false) => tn += 1.0,
        }
    }
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let specificity = ratio(tn, tn + fp);
    let denominator = ((tp + fp) * (tp + fn_) * (tn + fp) * (tn + fn_)).sqrt();
    ClassificationMetrics {
        roc_auc,
        pr_auc,
        mcc: ratio(tp * tn - fp * fn_, denominator),
        accuracy: ratio(tp + tn, labels.len() as f64),
        balanced_accuracy: (recall + specificity) / 2.0,
        precision,
        recall,
        f1: ratio(2.0 * precision * recall, precision + recall),
        confusion: [[tn as u32, fp as u32], [fn_ as u32, tp as u32]],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_metrics_match_hand_computed_values() {
        let m = regression(&[1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, 4.0, 3.0]);
        assert!((m.r2 - 0.6).abs() < 1e-12); // 1 - 2/5
        assert!((m.rmse - (0.5f64).sqrt()).abs() < 1e-12);
        assert!((m.mae - 0.5).abs() < 1e-12);
        assert!((m.pearson - 0.8).abs() < 1e-12);
        assert!((m.spearman - 0.8).abs() < 1e-12);
    }

    #[test]
    fn classification_metrics_match_hand_computed_values() {
        let labels = [0.0, 0.0, 1.0, 1.0];
        let scores = [0.1, 0.4, 0.35, 0.8];
        let m = classification(&labels, &scores);
        assert!((m.roc_auc - 0.75).abs() < 1e-12); // sklearn roc_auc_score
        assert!((m.pr_auc - 0.8333333333333333).abs() < 1e-12); // sklearn average_precision_score
        assert_eq!((m.accuracy, m.precision, m.recall), (0.75, 1.0, 0.5));
        assert_eq!(m.confusion, [[2, 0], [1, 1]]);
        assert!((m.mcc - 1.0 / 3f64.sqrt()).abs() < 1e-12);
        let tied = classification(&[0.0, 1.0], &[0.5, 0.5]);
        assert_eq!(tied.roc_auc, 0.5);
    }
}
