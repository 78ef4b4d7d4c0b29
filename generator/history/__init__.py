"""The calendar and git history: what a change may do, who signed it, and when each filing landed.

clock.py           the times a check judges by (--now, --opened-at)
arrival.py         when each changed file's content reached the forge (--check-runs)
changes.py         what a change adds, modifies or deletes under submissions/ (one git diff)
windows.py         the window of the calendar in which each kind of filing is accepted
deadline_exceptions.py the office's deadline exceptions, as they stand on the base revision
calendar_rules.py  late, frozen and deleted filings → findings
signatures.py      opinions committed only by the unit's listed signers (one git log)
audit.py           main's first-parent history: when each filing landed (one git log)
gitproc.py         the git layer (GitPython): commands, streams, blobs at a revision
gitlog.py          a `git log -z` parsed, whole or piece by piece while git writes it
"""
