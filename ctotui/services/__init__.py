"""Use cases: what a change to the records means, shared by the dashboard and the command line.

Each function takes the store and does one thing a person asks for — move a recommendation to
its next status (with its history), delete a client and what hangs on it, skip one occurrence
of a recurring event, turn a cost estimate into budget lines — in one transaction. The app and
the CLI both call these, so they can never disagree on a rule. Below: `data` (the store) and
`domain` (the rules, no storage); nothing here knows of Textual or of argparse.
"""
