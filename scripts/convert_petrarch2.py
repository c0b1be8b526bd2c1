"""Convert the vendored PETRARCH2/Phoenix actor and agent dictionaries once into two CSV files.

    python -m scripts.convert_petrarch2            # rewrites tasks/data/petrarch2/{actors,agents}.csv

The coder (`tasks.actor_dictionary`) reads the CSV files, never the dictionaries: a CSV loads in
tens of milliseconds, where parsing the dictionaries takes a second. The formats are described
in `tasks/data/petrarch2/README.md` and `dictionaries.rst` of PETRARCH2; the reading follows
PETRARCH2's own reader (`PETRreader.read_actor_dictionary` and `read_agent_dictionary`):
- a record is a primary name, its `+` synonyms and its codes; a primary name stated without a
  code joins the record still waiting for its codes (PETRARCH2 files them under one code list);
- a code is `[CODE]` (the default), `[CODE yymmdd-yymmdd]`, `[CODE <date]` or `[CODE >date]`,
  on an indented line or on the name's own line; six-digit years up to 30 are 20xx;
- agents get their regular plural (or the one in `{...}`, none for `{}`) and `!MARKER!`
  substitutions, as PETRARCH2 generates them.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from datetime import date
from pathlib import Path

from tasks.actor_names import normal_name

DICTIONARY_DIR = Path(__file__).resolve().parent.parent / "tasks" / "data" / "petrarch2"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
ACTOR_COLUMNS = ("name", "entry", "actor_code", "valid_from", "valid_to", "source")
AGENT_COLUMNS = ("phrase", "agent_code", "position")

_BRACKET = re.compile(r"\[([^\]\[]*)[\]}]?")
_CODE = re.compile(r"^[A-Z0-9-]+$")


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].split(";", 1)[0].rstrip()


def _parse_date(digits: str) -> date | None:
    """yymmdd or yyyymmdd (longer runs of digits: their first eight); None when not a date."""
    try:
        if len(digits) >= 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        if len(digits) >= 6:
            year = int(digits[:2])
            return date(year + (2000 if year <= 30 else 1900), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None
    return None


def _parse_code(bracket: str) -> tuple[str, date | None, date | None] | None:
    """"GBRGOV 970502-070627" -> ("GBRGOV", 1997-05-02, 2007-06-27); None when unreadable."""
    parts = bracket.split(None, 1)
    if not parts or not _CODE.match(parts[0]):
        return None
    code, restriction = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not restriction:
        return code, None, None
    if restriction[0] in "<>":
        moment = _parse_date(re.sub(r"\D", "", restriction))
        if moment is None:
            return None
        return (code, None, moment) if restriction[0] == "<" else (code, moment, None)
    start, _, end = restriction.partition("-")
    first, last = _parse_date(start.strip()), _parse_date(end.strip())
    if first is None or last is None or last < first:
        return None
    return code, first, last


def convert_actor_text(text: str, source: str, first_entry: int = 0) -> list[tuple]:
    """Rows (name, entry, actor_code, valid_from, valid_to, source) of one actor dictionary."""
    rows: list[tuple] = []
    entry = first_entry
    names: list[str] = []
    codes: list[tuple[str, date | None, date | None]] = []

    def close_record() -> None:
        for name in dict.fromkeys(names):
            rows.extend((name, entry, code, start, end, source) for code, start, end in codes)

    for raw in text.splitlines():
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stated = [code for code in map(_parse_code, _BRACKET.findall(line)) if code]
        name_part = line.split("[", 1)[0].strip()
        if name_part and not name_part.startswith("+") and codes:
            close_record()            # a new primary name ends a record that has its codes
            entry += 1
            names, codes = [], []
        if name_part:
            name = normal_name(name_part.lstrip("+"))
            if name:
                names.append(name)
        codes.extend(stated)
    if codes:
        close_record()
        entry += 1
    return rows


def _plural(phrase: str) -> str:
    if phrase.endswith("Y") and phrase[-2:-1] not in ("A", "E", "O", "U"):
        return phrase[:-1] + "IES"
    if phrase.endswith(("S", "SH", "CH", "X")):
        return phrase + "ES"
    return phrase + "S"


def convert_agent_text(text: str) -> list[tuple]:
    """Rows (phrase, agent_code, position) of the agents dictionary, plurals included."""
    markers: dict[str, list[str]] = {}
    rows: dict[tuple[str, str], tuple] = {}
    for raw in text.splitlines():
        line = _strip_comment(raw)
        if "!" in line and "=" in line:
            marker, _, values = line.partition("=")
            markers[marker.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        if "[" not in line:
            continue
        phrase, _, rest = line.partition("[")
        code = re.sub(r"[^A-Z~]", "", rest.split("]", 1)[0].split("}", 1)[0])
        if not code.strip("~"):
            continue
        position = "before" if code.endswith("~") else "after"
        forms: list[str]
        if "!" in phrase:
            head, marker, tail = phrase.split("!", 2)
            forms = [head + value + tail for value in markers.get(marker, [])]
        elif "{" in phrase:
            singular, _, plural = phrase.partition("{")
            forms = [singular, plural.split("}", 1)[0]]
        else:
            forms = [phrase.strip(), _plural(phrase.strip())]
        for form in forms:
            name = normal_name(form)
            if name:
                rows.setdefault((name, code.strip("~")), (name, code.strip("~"), position))
    return list(rows.values())


def _csv_text(columns: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(tuple("" if v is None else v.isoformat() if isinstance(v, date) else v for v in row)
                     for row in rows)
    return buffer.getvalue()


def converted_files(folder: Path = DICTIONARY_DIR) -> dict[str, str]:
    """File name -> CSV text, converted afresh from the dictionaries in `folder`."""
    actor_rows: list[tuple] = []
    for name in ACTOR_FILES:
        text = (folder / name).read_text(encoding="utf-8", errors="replace")
        next_entry = actor_rows[-1][1] + 1 if actor_rows else 0
        actor_rows.extend(convert_actor_text(text, name, next_entry))
    agent_rows = convert_agent_text((folder / AGENT_FILE).read_text(encoding="utf-8", errors="replace"))
    return {"actors.csv": _csv_text(ACTOR_COLUMNS, actor_rows),
            "agents.csv": _csv_text(AGENT_COLUMNS, agent_rows)}


def main(folder: Path = DICTIONARY_DIR) -> None:
    for name, text in converted_files(folder).items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder / name}: {text.count(chr(10)) - 1:,} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DICTIONARY_DIR)
