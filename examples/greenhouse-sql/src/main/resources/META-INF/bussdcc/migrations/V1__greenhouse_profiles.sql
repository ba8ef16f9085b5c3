-- The greenhouse's named threshold profiles (ThresholdProfile): a profile, its per-sensor
-- maxima and its quiet hours. Plain SQL that SQLite and PostgreSQL both take.
CREATE TABLE greenhouse_profile (
    name VARCHAR(40) PRIMARY KEY,
    mode VARCHAR(20) NOT NULL
);

CREATE TABLE greenhouse_profile_max (
    profile VARCHAR(40) NOT NULL REFERENCES greenhouse_profile (name),
    sensor VARCHAR(200) NOT NULL,
    max_temp DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (profile, sensor)
);

-- seq keeps the rows' order; times are ISO-8601 (22:00, 06:30:15).
CREATE TABLE greenhouse_profile_quiet (
    profile VARCHAR(40) NOT NULL REFERENCES greenhouse_profile (name),
    seq INTEGER NOT NULL,
    starts VARCHAR(18) NOT NULL,
    ends VARCHAR(18) NOT NULL,
    PRIMARY KEY (profile, seq)
);
