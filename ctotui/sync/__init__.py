"""Git synchronisation and the per-record merge driver. No Textual."""
