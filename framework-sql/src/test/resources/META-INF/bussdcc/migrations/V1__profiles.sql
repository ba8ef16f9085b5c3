-- The application's migrations (test resources): found by Migrations.discover().
CREATE TABLE profiles (name TEXT PRIMARY KEY, max_temp REAL NOT NULL);
