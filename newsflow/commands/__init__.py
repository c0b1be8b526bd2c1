"""newsflow's commands, grouped by what they work on; `newsflow.cli` puts them on one app.

Each command is a thin adapter: it checks its options, calls one flow or one reader, and turns
the errors a user can cause into one line (`options.guarded`). Heavy imports wait inside the
commands, so `newsflow --help` and a run's start stay quick.
"""
