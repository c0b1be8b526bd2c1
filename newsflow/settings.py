"""The settings object lives in `flows.settings` (flows and the CLI both read it; tasks are
handed values). This name stays for callers written before the move."""

from flows.settings import DEFAULT_WAREHOUSE, Settings

__all__ = ["DEFAULT_WAREHOUSE", "Settings"]
