"""`python -m ctotui` is the same as the `ctotui` command (git calls the merge driver this way)."""

from ctotui.cli import main

raise SystemExit(main())
