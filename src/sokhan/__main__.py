"""`python -m sokhan …` is the `sokhan` command, for a machine where only the interpreter
is on the PATH (a virtualenv not activated, a cron job)."""

from sokhan.cli import main

main(prog_name="sokhan")
