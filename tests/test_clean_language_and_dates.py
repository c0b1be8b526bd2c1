"""Language detection keeps short English texts; publication dates parse leniently."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from py3langid import langid

from tasks import language
from tasks.clean import parse_published_at
from tasks.language import detect_language


@pytest.mark.parametrize("text", [
    "Oil prices rose.",
    "Merkel meets Macron in Berlin",
    "Nishimura and Raimondo meet",
    "Rapidus, IBM and Micron",
    "Sony Ericsson profits up",
    "Real Madrid beat Barcelona 2-1",
    "Yukos unit buyer faces loan claim",
    "Gazprom, Rosneft and Yukos: Moscow court rules on Khodorkovsky appeal",
])
def test_short_english_texts_are_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(("text", "code"), [
    ("Die Bundesregierung hat am Montag beschlossen, die Steuern für kleine Unternehmen zu "
     "senken. Der Finanzminister sagte, die Entlastung solle im nächsten Jahr beginnen.", "de"),
    ("El gobierno español anunció el lunes un nuevo plan para reducir el desempleo juvenil en "
     "todas las regiones del país.", "es"),
])
def test_clear_non_english_paragraphs_are_detected(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-05-12T10:00:00Z", datetime(2023, 5, 12, 10, 0)),
    ("2023-05-12T12:00:00+02:00", datetime(2023, 5, 12, 10, 0)),
    ("Fri, 12 May 2023 10:00:00 GMT", datetime(2023, 5, 12, 10, 0)),
    ("12 May 2023", datetime(2023, 5, 12)),
    ("May 12, 2023", datetime(2023, 5, 12)),
    ("Published: 12 May 2023", datetime(2023, 5, 12)),
    ("1683885600", datetime(2023, 5, 12, 10, 0)),
    ("1683885600000", datetime(2023, 5, 12, 10, 0)),
    ("yesterday", None),
    ("Friday", None),  # no year: would otherwise depend on today's date
    ("not a date", None),
])
def test_published_at_parses_common_formats(value: str, expected: datetime | None) -> None:
    assert parse_published_at(value) == expected


def test_the_language_identifier_loads_once_when_threads_ask_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A run loads it in the background while its Prefect server starts, and cleaning may ask
    # for it before that load is done: the second caller waits instead of loading a copy.
    loads: list[int] = []
    real_load = langid.LanguageIdentifier.from_model_file

    def slow_counted_load(cls: type, *args: object, **kwargs: object) -> object:
        loads.append(1)
        time.sleep(0.2)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(langid.LanguageIdentifier, "from_model_file",
                        classmethod(slow_counted_load))
    language._language_identifier.cache_clear()
    try:
        with ThreadPoolExecutor(4) as pool:
            identifiers = list(pool.map(lambda _: language.load_language_identifier(), range(4)))
    finally:
        language._language_identifier.cache_clear()
    assert len(loads) == 1
    assert all(identifier is identifiers[0] for identifier in identifiers)
    assert identifiers[0].classify("Der Finanzminister sagte, die Steuern sinken.")[0] == "de"
