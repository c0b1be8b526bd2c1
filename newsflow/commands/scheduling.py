"""`newsflow serve` and `newsflow ui`: the scheduled deployment, with or without a server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.prefect_env import configure_prefect_environment
from newsflow.commands.options import SourcesOption, WarehouseOption, guarded


def serve(
    inbox: Annotated[Path, typer.Option(help="Folder the scheduled runs ingest.")] = Path("inbox"),
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment.")] = "*/15 * * * *",
    keep_backups: Annotated[int, typer.Option(
        help="Back the warehouse up into backups/ beside it after each publish; keep this many (0: off).")] = 0,
    sources: SourcesOption = None,
) -> None:
    """Serve the scheduled deployment 'ingest-articles/scheduled-inbox' from this process
    (needs PREFECT_API_URL; `newsflow ui` starts a server too).
    Trigger a run now: prefect deployment run 'ingest-articles/scheduled-inbox'

    Example: newsflow serve --inbox inbox --sources sources.yaml
    """
    configure_prefect_environment()
    from flows.deploy import serve as serve_deployment

    inbox.mkdir(parents=True, exist_ok=True)
    sources_file = guarded(lambda: _checked_sources(sources))
    serve_deployment(str(inbox), str(warehouse) if warehouse else None, cron, sources_file=sources_file,
                     keep_backups=keep_backups)


def ui(
    port: Annotated[int, typer.Option(help="Port of the local Prefect server.")] = 4200,
    inbox: Annotated[Path, typer.Option(help="Folder the scheduled runs ingest.")] = Path("inbox"),
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment.")] = "*/15 * * * *",
    sources: SourcesOption = None,
) -> None:
    """Start a local Prefect server (analytics off), serve the scheduled deployment, and
    print the UI address. Ctrl-C stops both.

    Example: newsflow ui --sources sources.yaml
    """
    configure_prefect_environment()
    from flows.deploy import ui as run_ui

    inbox.mkdir(parents=True, exist_ok=True)
    sources_file = guarded(lambda: _checked_sources(sources))
    guarded(lambda: run_ui(port, str(inbox), str(warehouse) if warehouse else None, cron,
                           sources_file=sources_file))



def _checked_sources(sources: Path | None) -> str | None:
    """The sources file as the deployment's parameter (absolute: scheduled runs may start
    elsewhere), after checking that it reads."""
    if sources is None:
        return None
    from tasks.sources_file import load_sources

    load_sources(sources)
    return str(sources.resolve())


