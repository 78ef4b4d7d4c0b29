"""One module per subcommand: `register(subparsers)` adds it and sets `func`."""

# Exit codes, the same for every command (README, "Exit codes").
EXIT_OK = 0  # nothing wrong (warnings may have been printed)
EXIT_FINDINGS = 1  # the check found errors, or what was asked for is not there (a stale file, say)
EXIT_USAGE = 2  # the command line, or a file it names, is wrong: nothing was judged
EXIT_INTERNAL = 3  # a fault of the program; the message asks to report it
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it


class UsageError(Exception):
    """A mistake on the command line: the CLI prints the (Chinese) message and exits with EXIT_USAGE.
    Kept here, beside nothing heavy, so the CLI can catch it without loading any command."""
