"""The subcommands of the `ctotui` command line, one module per family. No Textual here."""
