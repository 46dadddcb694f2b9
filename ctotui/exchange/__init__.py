"""Data exchange: CSV export/import of clients, engagements, recommendations, events and
budget lines, and JSON export of the whole folder (no Textual). See docs/csv.md and
docs/json-fields.md."""
