"""The short summary a run prints."""

from __future__ import annotations

from typing import Any

from flows.report import windows
from tasks.assemble import RunSummary

EXAMPLE_QUERY = 'newsflow query "select canonical_name, entity_type, country_code from entities order by 2, 1"'


def format_summary(summary: RunSummary) -> str:
    counts = summary.counts
    lines = [
        f"newsflow run {summary.run_id}: {summary.status}",
        f"  inputs read       {counts.inputs_seen}"
        + (f" (+{counts.inputs_skipped} unchanged files skipped)" if counts.inputs_skipped else ""),
        f"  articles          {counts.articles_new} new, {counts.articles_duplicate} duplicate",
        f"  entities          {summary.entities_new} new, {summary.mentions_loaded} mentions",
        f"  events            {summary.events_loaded}",
        f"  rejected inputs   {counts.inputs_rejected}",
    ]
    if summary.sources:  # skipped inputs are files and feed entries: say so without "files"
        lines[1:2] = [f"  inputs read       {counts.inputs_seen}"
                      + (f" (+{counts.inputs_skipped} unchanged skipped)" if counts.inputs_skipped else ""),
                      *source_lines(summary.sources)]
    lines += [f"    - {uri} [{stage}] {reason}" for uri, stage, reason in summary.rejections[:20]]
    if len(summary.rejections) > 20:
        lines.append(f"    ... and {len(summary.rejections) - 20} more (see rejected_inputs)")
    if summary.quality_failures:
        lines.append("  quality checks failed:")
        lines += [f"    - {failure}" for failure in summary.quality_failures[:20]]
    if summary.windows_resumed:
        lines.append(f"  resumed           kept {windows(summary.windows_resumed)} staged by an "
                     "interrupted attempt")
    if summary.quarantined_rows:
        lines.append(f"  quarantined rows  {summary.quarantined_rows} (see the quarantine table)")
    if summary.message:
        lines.append(f"  message: {summary.message}")
    if summary.data_docs:
        lines.append(f"  data docs         {summary.data_docs}")
    lines += [f"  warehouse         {summary.warehouse}", f"  try: {EXAMPLE_QUERY}"]
    return "\n".join(lines)


def source_lines(sources: list[dict[str, Any]]) -> list[str]:
    """One line per web source: `bbc-world  12 entries: 3 new, 9 unchanged, 0 failed`."""
    width = max(len(source["source"]) for source in sources)
    lines = ["  sources"]
    for source in sources:
        what = ("not modified since the last run" if source["not_modified"] else
                f"{source['entries_seen']} entries: {source['new']} new, {source['unchanged']} "
                f"unchanged, {source['failed']} failed")
        lines.append(f"    {source['source']:<{width}}  {what} ({source['requests']} requests)")
    return lines
