"""The command line: one module per verb; cli.py parses, dispatches and picks the exit status."""
