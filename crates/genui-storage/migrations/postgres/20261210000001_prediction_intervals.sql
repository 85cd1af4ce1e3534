-- A regression model's predictions carry a conformal interval at the confidence the user chose
-- (stored on the activity set); a classifier's carry none (its value is a calibrated probability).
ALTER TABLE activities ADD COLUMN interval_low DOUBLE PRECISION NULL;
ALTER TABLE activities ADD COLUMN interval_high DOUBLE PRECISION NULL;
ALTER TABLE activity_sets ADD COLUMN interval_confidence DOUBLE PRECISION NULL;
