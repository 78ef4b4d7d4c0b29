"""Validation: fields (per file) and rules (across files); `tree.CROSS_FILE_RULES` lists the rules."""
