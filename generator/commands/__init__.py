"""One module per subcommand: `register(subparsers)` adds it and sets `func`."""


class UsageError(Exception):
    """A mistake on the command line: the CLI prints the (Chinese) message and exits with 2.
    Kept here, beside nothing heavy, so the CLI can catch it without loading any command."""
