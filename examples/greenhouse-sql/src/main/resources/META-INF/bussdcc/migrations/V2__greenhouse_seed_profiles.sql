-- Two profiles to start with: strict summer days, and nights with quiet hours.
INSERT INTO greenhouse_profile (name, mode) VALUES ('summer', 'STRICT');
INSERT INTO greenhouse_profile_max (profile, sensor, max_temp) VALUES ('summer', 'greenhouse-1', 32.0);
INSERT INTO greenhouse_profile (name, mode) VALUES ('night', 'NORMAL');
INSERT INTO greenhouse_profile_quiet (profile, seq, starts, ends) VALUES ('night', 0, '22:00', '06:00');
