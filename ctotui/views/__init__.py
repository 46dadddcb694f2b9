"""What the screens show, computed from the store: rows, counts, labels. No Textual here."""
