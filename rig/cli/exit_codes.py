"""Exit codes of the `rig` command: one per verdict, and one for bad input."""

PASS = 0
FAIL = 1
ERROR = 2
ABORTED = 3
BAD_INPUT = 4
