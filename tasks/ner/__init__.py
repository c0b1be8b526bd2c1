"""Entity mentions and roles from one parsed spaCy Doc, as rule passes with a declared order.

spaCy's spans are the starting point; each module below is one family of rules, and
`find_mentions` (mentions.py) runs them in this order:

| order | module | job |
| --- | --- | --- |
| 1 | spans | spaCy's spans cut at separators and scores, trimmed of articles, titles, tails |
| 2 | layout (lines) | results-line sides are clubs, dateline names are places |
| 3 | recall | further mentions of names the doc uses, and countries/demonyms in ALL-CAPS lines |
| 4 | spans | overlaps dropped, headline run-ons of two known names split |
| 5 | organisations | context no person takes ("shares in X", "X boss") |
| 6 | sports | club names; sides in sports copy |
| 7 | names | surname -> full name, acronym / short form -> long form |
| 8 | resolver | one type per mention from the evidence, in the precedence of `resolver.PRECEDENCE` |
| - | roles | titles and affiliations, or a nationality and a descriptor, stated before a person |

Rules leave evidence on a `Candidate` (candidate.py) and never decide a type themselves; the
resolver does, in one place. Word lists are read by `data.py` from `tasks/data/entity_*`;
per-Doc memos live in `doc_cache.py`.
"""

from tasks.ner.data import lexicons
from tasks.ner.doc_cache import caps_line_numbers, doc_text, forget_doc_caches
from tasks.ner.lines import line_layout
from tasks.ner.mentions import find_mentions
from tasks.ner.roles import find_roles

__all__ = ["caps_line_numbers", "doc_text", "find_mentions", "find_roles", "forget_doc_caches",
           "lexicons", "line_layout"]
