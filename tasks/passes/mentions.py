"""Pass: entity mentions and stated roles (tasks.ner), put on the Doc for the event passes and
for extraction to read (`doc._.mentions`, `doc._.roles`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tasks.ner import find_mentions, find_roles, forget_doc_caches
from tasks.passes import candidates  # noqa: F401  (registers the Doc fields)

NAME = "newsflow_mentions"


@Language.component(NAME)
def add_mentions(doc: Doc) -> Doc:
    doc._.mentions = find_mentions(doc)
    doc._.roles = find_roles(doc, doc._.mentions)
    forget_doc_caches(doc)
    return doc
