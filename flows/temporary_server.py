"""The private Prefect API server a plain `newsflow run` starts (`flows.deploy.start_temporary_server`):
Prefect's own server app under uvicorn, as Prefect's ephemeral mode runs it, which also stops
when the run's process is gone.

The run stops it at exit, and a Ctrl-C or a kill of the run's process group reaches it too;
but `kill -9` of the run's process alone left it running, holding a port and ~200 MiB, for
good. So it watches its parent and shuts itself down (uvicorn's graceful SIGTERM path) once
the parent is gone.

Usage: python -m flows.temporary_server PORT PARENT_PID
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PARENT_POLL_SECONDS = 1.0


def stop_when_orphaned(parent: int, poll_seconds: float = PARENT_POLL_SECONDS) -> None:
    """SIGTERM this process once its parent is no longer `parent` (it died; we were adopted)."""
    while os.getppid() == parent:
        time.sleep(poll_seconds)
    os.kill(os.getpid(), signal.SIGTERM)


def main(argv: list[str]) -> None:
    import uvicorn

    port, parent = int(argv[0]), int(argv[1])  # the parent's pid from the parent: it may
    # already be gone by the time this process could ask for it
    threading.Thread(target=stop_when_orphaned, args=(parent,), daemon=True,
                     name="stop-when-orphaned").start()
    # Exits with uvicorn's STARTUP_FAILURE (3) when the port is taken, as its command line does.
    uvicorn.run("prefect.server.api.server:create_app", factory=True, host="127.0.0.1",
                port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    main(sys.argv[1:])
