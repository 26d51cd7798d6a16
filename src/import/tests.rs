//! Fixture tests: see fixtures/import/README.md.
