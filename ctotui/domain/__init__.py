"""The engagement domain: entities, their rules and calculations. No Textual, no storage."""
