INSERT INTO profiles VALUES ('summer', 31.5);
INSERT INTO profiles VALUES ('winter', 18.0);
