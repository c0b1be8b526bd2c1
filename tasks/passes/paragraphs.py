"""Pass: a paragraph break (a blank line) always ends a sentence.

spaCy's parser decides sentence boundaries itself and sometimes runs a sentence on across a blank
line (a headline-like line without a full stop, a paragraph ending in an abbreviation). A
sentence that spans two paragraphs hands one paragraph's subject to the other's verb. The
parser keeps boundaries that are already set, so this pass, placed before it, marks the first
token after every blank line as a sentence start. A single line break is left to the parser
(a headline-and-dateline layout, verse, a list).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "newsflow_paragraph_breaks"


@Language.component(NAME)
def mark_paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
