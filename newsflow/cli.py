"""newsflow's command line: one app, its commands kept in `newsflow/commands/` by what they
work on. Each command checks its options, calls one flow or one reader, and turns errors into
one clear line. The order below is the order `newsflow --help` lists them in."""

from __future__ import annotations

import typer

from newsflow.commands import evaluate, query, report, run, scheduling, warehouse

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
    app()


if __name__ == "__main__":
    main()
