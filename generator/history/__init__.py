"""The calendar and git history: what a change may do, who signed it, and when each filing landed.

clock.py           the times a check judges by (--now, --opened-at)
arrival.py         when each changed file's content reached the forge (--arrivals)
changes.py         what a change adds, modifies or deletes under submissions/ (one git diff)
windows.py         the window of the calendar in which each kind of filing is accepted
deadline_exceptions.py the office's deadline exceptions, as they stand on the base revision
calendar_rules.py  late, frozen and deleted filings → findings
signatures.py      who signed: each signer's latest approval or SSH-signed commit, covering exactly what it saw
approvals.py       the forge's reviews (forge reviews / GitHub's JSON): each account's latest decisive review
audit.py           main's first-parent history: every landing judged by the rules in force then (one git log)
landings.py        the forge's record of what it merged (audit/build --landings): times, PRs, approvers
statements.py      what a filing states, piece by piece: the credited statements, the parts an edit changed
record_issue.py    the office's issue when the audit finds something
gitproc.py         the git layer (GitPython): commands, streams, blobs at a revision
gitlog.py          a `git log -z` parsed, whole or piece by piece while git writes it
"""
