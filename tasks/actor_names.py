"""One spelling for a name, shared by the dictionary converter and the actor coder.

The PETRARCH dictionaries write names as `U.N._`, `BAN_KI-MOON_`, `HER_MAJESTYS_ARMED_FORCES_`;
articles write "U.N.", "Ban Ki-moon", "Her Majesty's Armed Forces". Both sides go through
`normal_name`, so a lookup is one dictionary access.
"""

from __future__ import annotations

import re
import unicodedata

_PARENTHESES = re.compile(r"\([^)]*\)")
_DROPPED = re.compile(r"[.'’`\ufffd]")
_SEPARATORS = re.compile(r"[^a-z0-9&]+")


def normal_name(name: str) -> str:
    """"The U.N." -> "un"; "Ban Ki-moon" -> "ban ki moon"; "Côte d'Ivoire" -> "cote divoire"."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    text = _DROPPED.sub("", _PARENTHESES.sub(" ", text))
    text = _SEPARATORS.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text
