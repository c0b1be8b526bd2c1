"""newsflow's own passes over a parsed Doc, registered as spaCy pipeline components.

`add_passes` adds them to a loaded pipeline in the order of `PASSES`, so `nlp.pipe_names` shows
the whole order, and they run wherever spaCy runs the pipeline (in its worker processes too,
with `n_process > 1`). Each pass is a module with one job; its word lists live in `tasks/data/`.
"""

from __future__ import annotations

from spacy.language import Language

from tasks.passes import paragraphs

# (component name, where it goes): the declared order of the passes.
PASSES: tuple[tuple[str, dict[str, str]], ...] = (
    (paragraphs.NAME, {"before": "parser"}),
)


def add_passes(nlp: Language) -> Language:
    """Add newsflow's passes to `nlp` (a pass whose anchor component is absent goes last)."""
    for name, where in PASSES:
        if name in nlp.pipe_names:
            continue
        anchor = next(iter(where.values()))
        nlp.add_pipe(name, **(where if anchor in nlp.pipe_names else {}))
    return nlp
