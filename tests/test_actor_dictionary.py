"""The vendored PETRARCH2/Phoenix dictionaries, their one-off conversion, and the lookups on them."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

import pytest

from scripts.convert_petrarch2 import (
    DICTIONARY_DIR,
    convert_actor_text,
    convert_agent_text,
    converted_files,
)
from tasks.actor_dictionary import actor_dictionary, agent_of_words, country_of_words, split_actor_code
from tasks.actor_names import normal_name
from tests.conftest import PROJECT


def test_the_committed_csv_files_equal_a_fresh_conversion():
    for name, text in converted_files().items():
        assert (DICTIONARY_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python -m scripts.convert_petrarch2")


def test_the_licence_travels_with_the_dictionaries():
    licence = (DICTIONARY_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Permission is hereby granted" in licence
    assert "676801cd9cb2924bbbad09f86d15c9323e7097bf" in (DICTIONARY_DIR / "README.md").read_text()


@pytest.mark.parametrize(("written", "normal"), [
    ("U.N._", "un"), ("The U.N.", "un"), ("BAN_KI-MOON_", "ban ki moon"), ("Ban Ki-moon", "ban ki moon"),
    ("HER_MAJESTYS_ARMED_FORCES_", "her majestys armed forces"),
    ("Her Majesty's Armed Forces", "her majestys armed forces"),
    ("Côte d'Ivoire", "cote divoire"), ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_", "aden abyan islamic army"),
])
def test_names_are_spelt_one_way_on_both_sides(written, normal):
    assert normal_name(written) == normal


ACTORS = """\
# a comment line
UNITED_KINGDOM_  [GBR]
+BRITAIN_
+LONDON_

TONY_BLAIR_  # CountryInfo.txt
\t[GBRELI 710101-970502]
\t[GBRGOV 970502-070627]
\t[GBRELI]
NEW_PERSON_\t[USAGOV >20090120] [USAELI]
WAITING_ONE_
WAITING_TWO_
\t[IGOUNO]
BROKEN_DATE_
\t[FRAGOV 991399-000101]
\t[FRA]
"""


def test_a_record_is_its_names_and_its_dated_codes():
    rows = convert_actor_text(ACTORS, "test.txt")
    by_name: dict[str, list[tuple]] = {}
    for name, entry, code, start, end, _source in rows:
        by_name.setdefault(name, []).append((entry, code, start, end))
    assert by_name["britain"] == by_name["london"] == by_name["united kingdom"] == [(0, "GBR", None, None)]
    assert by_name["tony blair"] == [
        (1, "GBRELI", date(1971, 1, 1), date(1997, 5, 2)),
        (1, "GBRGOV", date(1997, 5, 2), date(2007, 6, 27)),
        (1, "GBRELI", None, None),
    ]
    # codes on the name's own line, an open-ended date in eight digits
    assert by_name["new person"] == [(2, "USAGOV", date(2009, 1, 20), None), (2, "USAELI", None, None)]
    # a primary name stated without a code waits, with the next one, for the codes that follow
    assert by_name["waiting one"] == by_name["waiting two"] == [(3, "IGOUNO", None, None)]
    # an impossible date drops its restriction, not the record
    assert by_name["broken date"] == [(4, "FRA", None, None)]


def test_agents_get_plurals_and_substitutions_as_petrarch_makes_them():
    rows = convert_agent_text("""\
!PERSON! = MAN, WOMAN
POLICE {} [~COP]
ARMY [~MIL]
FOREIGN_MINISTER {FOREIGN_MINISTERS} [~GOVFRM]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_BODY  [NGO~]
MISSING_CODE
""")
    phrases = {phrase: (code, position) for phrase, code, position in rows}
    assert phrases["police"] == ("COP", "after") and "polices" not in phrases
    assert phrases["army"] == phrases["armies"] == ("MIL", "after")
    assert phrases["foreign ministers"] == ("GOVFRM", "after")
    assert phrases["congressman"] == phrases["congresswoman"] == ("LEG", "after")
    assert phrases["human rights body"] == ("NGO", "before")
    assert "missing code" not in phrases


def test_the_dictionaries_load_fast_and_once_per_process():
    # polars and pycountry are imported first: the pipeline has them loaded already
    code = ("import time, polars, pycountry; started = time.perf_counter(); "
            "from tasks.actor_dictionary import actor_dictionary; actor_dictionary(); "
            "print(time.perf_counter() - started)")
    seconds = float(subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True,
                                   text=True, check=True).stdout)
    print(f"actor dictionaries loaded in {seconds:.2f} s")
    first = actor_dictionary()
    started = time.perf_counter()
    assert actor_dictionary() is first
    assert time.perf_counter() - started < 0.01


@pytest.mark.parametrize(("code", "country", "role"), [
    ("GBRGOV", "GBR", "GOV"), ("USAJUD", "USA", "JUD"), ("IGOUNO", None, "IGO"), ("MNCUSA", "USA", "MNC"),
    ("USRARM", "ARM", None), ("YUGBIH", "BIH", None), ("ELI", None, "ELI"), ("GBR", "GBR", None),
    ("GOVATG", None, "GOV"), ("---", None, None),
])
def test_an_actor_code_splits_into_country_and_role(code, country, role):
    assert split_actor_code(code) == (country, role)


def test_cameo_country_codes_outside_iso_are_mapped_or_left_empty():
    dictionary = actor_dictionary()
    assert dictionary.alpha2_of_country["GBR"] == "GB"
    assert dictionary.alpha2_of_country["KSV"] == "XK"
    assert dictionary.alpha2_of_country["TMP"] == "TL"
    assert dictionary.alpha2_of_country["SUN"] is None
    assert dictionary.country_of_alpha2["XK"] == "KSV"


@pytest.mark.parametrize(("title", "code"), [
    ("Foreign Secretary", "GOV"), ("Secretary of Commerce", "GOV"), ("Minister of Economy, Trade and Industry", "GOV"),
    ("Prime Minister", "GOV"), ("judge", "JUD"), ("police chief", "COP"), ("shadow chancellor", "OPP"),
    ("former prime minister", "ELI"), ("chief executive", "BUS"), ("MP", "LEG"),
])
def test_title_words_give_a_role(title, code):
    assert agent_of_words(title, is_title=True)[0][:3] == code


def test_words_without_an_agent_give_none_and_a_spokesman_no_role():
    assert agent_of_words("Zqx wompleton") is None
    assert agent_of_words("spokesman")[0] == ""


@pytest.mark.parametrize(("name", "country"), [
    ("Iranian parliament", "IRN"), ("Chinese police", "CHN"), ("Bank of England", "GBR"),
    ("London Stock Exchange", "GBR"), ("Ministry of Defence", None),
])
def test_a_country_named_in_an_organisation_name(name, country):
    assert country_of_words(name) == country
