# Sourced: `log_safe TEXT` prints TEXT so that no part of it can be read as a workflow command.
# The runner treats a line whose first non-blank characters are `::` as a command
# (`::stop-commands::`, `::add-mask::`, …): every line is prefixed with "│ ", and percent signs,
# carriage returns and other control characters are spelt out.
log_safe() {
  printf '%s\n' "$1" | LC_ALL=C sed -e 's/%/%25/g' -e 's/\r/%0D/g' -e 's/[[:cntrl:]]/?/g' -e 's/^/│ /'
}
