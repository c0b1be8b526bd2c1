"""newsflow's command line: one app, its commands kept in `newsflow/commands/` by what they
work on. Each command checks its options, calls one flow or one reader, and turns errors into
one clear line. The order below is the order `newsflow --help` lists them in."""

from __future__ import annotations

import atexit
import os
import sys


def _exit_without_teardown() -> None:
    """End the process once every other exit handler has run (this one was registered first,
    so it runs last: Prefect's log and event workers have flushed, the temporary server has
    stopped): skip the interpreter's teardown, which frees every object of the loaded model,
    place index and libraries one by one (2.5–4 s after a run, measured in
    docs/benchmarks.md, "Exit"), and which nothing of newsflow needs: the warehouse is
    closed and checkpointed when a run publishes. mypy ends the same way (`util.hard_exit`).
    Only a command that returned or exited through SystemExit does; after an uncaught
    exception the interpreter ends as usual."""
    if _exit_status is None:
        return
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(_exit_status)


_exit_status: int | None = None
atexit.register(_exit_without_teardown)

import typer  # noqa: E402  (after the exit handler, which must be the first one registered)

from newsflow.commands import evaluate, query, report, run, scheduling, warehouse  # noqa: E402

app = typer.Typer(
    help="newsflow: news articles in, a validated DuckDB warehouse of entities and events out.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
app.command()(run.run)
app.command()(query.query)
app.command("eval-ner")(evaluate.eval_ner)
app.command("eval-events")(evaluate.eval_events)
app.command("eval-places")(evaluate.eval_places)
app.command("eval-entities")(evaluate.eval_entities)
app.command()(scheduling.serve)
app.command()(scheduling.ui)
app.command()(report.report)
app.add_typer(warehouse.warehouse_app, name="warehouse")
app.command("export")(warehouse.export)


def main() -> None:
    """The `newsflow` command."""
    global _exit_status
    try:
        app()  # typer ends with SystemExit, also on success
    except SystemExit as exit_:
        code = exit_.code
        _exit_status = 0 if code is None else code if isinstance(code, int) else 1
        raise


if __name__ == "__main__":
    main()
