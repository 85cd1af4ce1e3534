-- A regression model's predictions carry a conformal interval at the confidence the user chose
-- (stored on the activity set); a classifier's carry none (its value is a calibrated probability).
ALTER TABLE activities ADD COLUMN interval_low REAL NULL;
ALTER TABLE activities ADD COLUMN interval_high REAL NULL;
ALTER TABLE activity_sets ADD COLUMN interval_confidence REAL NULL;
