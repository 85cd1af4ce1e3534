import type { Metrics } from "../api/types";

/** A metric of one set of predictions by name; null where the data leave it undefined or it belongs to the other mode. */
export function metric(m: Metrics, name: string): number | null {
  const byName: Record<string, unknown> = m;
  const value = byName[name];
  return typeof value === "number" ? value : null;
}

/** The confusion matrix of classification metrics (`[[TN, FP], [FN, TP]]`); null for regression metrics. */
export function confusion(m: Metrics): number[][] | null {
  return "confusion" in m ? m.confusion : null;
}

const METRIC_LABELS: Record<string, string> = {
  r2: "R²", rmse: "RMSE", mae: "MAE", pearson: "Pearson r", spearman: "Spearman ρ",
  roc_auc: "ROC AUC", pr_auc: "PR AUC", mcc: "MCC", accuracy: "accuracy", balanced_accuracy: "balanced accuracy",
  precision: "precision", recall: "recall",
};

/** A metric's name as chemists write it (R², ROC AUC, MCC). */
export const metricLabel = (name: string) => METRIC_LABELS[name] ?? name.replace(/_/g, " ");
