"""comptoir's SQLite store: schema, migrations, all SQL, derived rules."""
