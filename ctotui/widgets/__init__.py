"""The dashboard's panes and the small widgets the screens share."""
