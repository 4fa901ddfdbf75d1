"""Scenario files: safe YAML, the schema, semantic checks and the bundled library (DESIGN §9)."""
