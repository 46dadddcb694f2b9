"""The data folder: TinyDB JSON files, atomic writes, the lock and the store. No Textual."""
