"""The GitHub runner simulation: the workflows' own scripts, run as GitHub would (harness.py)."""
