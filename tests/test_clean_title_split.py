"""Headline, standfirst and body: how a plain-text article is split."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tasks.clean import clean_documents
from tasks.headlines import split_title_and_text
from tasks.ids import stable_id
from tasks.read import read_inputs

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_37d26d54a3d93378.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"
STANDFIRST = ("The two allies are looking to cooperate closely in research and development of "
              "advanced chips, artificial intelligence and quantum technology, sources say")


def clean_bodies(*bodies: str, titles: list[str | None] | None = None) -> pl.DataFrame:
    documents = pl.DataFrame({
        "input_id": [f"mem://{n}" for n in range(len(bodies))],
        "source_uri": [f"mem://{n}" for n in range(len(bodies))],
        "content_hash": ["h"] * len(bodies),
        "title": titles or [None] * len(bodies),
        "body": list(bodies),
        "published_at": [None] * len(bodies),
        "url": [None] * len(bodies),
        "source_name": [None] * len(bodies),
        "decode_note": [None] * len(bodies),
    }, schema_overrides={"title": pl.String, "published_at": pl.String, "url": pl.String,
                         "source_name": pl.String, "decode_note": pl.String})
    articles, rejections = clean_documents(documents)
    assert rejections.height == 0, rejections
    return articles


def test_seed_headline_is_split_and_repeated_standfirst_dropped() -> None:
    documents = read_inputs([SEED], 5_000_000).documents
    articles, rejections = clean_documents(documents)
    assert rejections.height == 0
    article = articles.row(0, named=True)
    assert article["title"] == "Japan and US Agree to Cooperate on Advanced Technology"
    # Decision (see tasks.headlines.split_title_and_text): a standfirst printed twice is dropped
    # entirely, so the text starts with the body's first sentence.
    assert STANDFIRST not in article["text"]
    assert article["text"].startswith(
        "Japan and the United States have agreed to cooperate closely in research and "
        "development of advanced chips and other technologies, sources have revealed. Ministers")
    assert article["text"].endswith(
        "where the pair exchanged views on trade, investment and export policies.")
    assert "Japan's Minister of Economy" in article["text"]  # ’ -> '
    assert 'because of its "economic coercion."' in article["text"]  # “ ” -> "
    assert "  " not in article["text"]
    assert article["article_id"] == stable_id(article["text"])
    assert article["language"] == "en"
    assert article["word_count"] == len(article["text"].split())


def test_standfirst_repeated_three_times_is_dropped() -> None:
    body = ("Markets Rally After Rate Cut Stocks rose sharply as the bank cut rates "
            "Stocks rose sharply as the bank cut rates Stocks rose sharply as the bank cut rates "
            "The central bank lowered its main rate by half a point on Thursday.")
    assert split_title_and_text(None, body) == (
        "Markets Rally After Rate Cut",
        "The central bank lowered its main rate by half a point on Thursday.")


def test_headline_without_standfirst_is_split_at_a_sentence_opener() -> None:
    body = ("Oil Prices Rise on Supply Fears The price of Brent crude rose 2% on Monday after "
            "OPEC said it would cut output.")
    assert split_title_and_text(None, body) == (
        "Oil Prices Rise on Supply Fears",
        "The price of Brent crude rose 2% on Monday after OPEC said it would cut output.")


@pytest.mark.parametrize("body", [
    "The European Union and The Netherlands agreed on Monday to cut tariffs on steel imports.",
    "Prime Minister Fumio Kishida said on Monday that Japan would boost defence spending.",
    "Oil prices rose on Monday after OPEC said it would cut output, traders said in London.",
])
def test_one_line_article_without_a_headline_is_left_whole(body: str) -> None:
    assert split_title_and_text(None, body) == (None, body)


def test_multi_line_file_first_line_is_title_and_paragraphs_kept() -> None:
    body = ("Labour plans maternity pay rise\n\nMaternity pay is to rise.\n\n"
            "It would mean paid leave\nwould be increased.\n\nOther plans follow.")
    assert split_title_and_text(None, body) == (
        "Labour plans maternity pay rise",
        "Maternity pay is to rise.\n\nIt would mean paid leave would be increased.\n\n"
        "Other plans follow.")


def test_hard_wrapped_text_is_not_mistaken_for_a_title() -> None:
    body = ("The text was wrapped at a fixed width so\nthat lines break in the middle of "
            "sentences and\nshould be joined.")
    assert split_title_and_text(None, body) == (
        None, "The text was wrapped at a fixed width so that lines break in the middle of "
              "sentences and should be joined.")


def test_repeated_standfirst_paragraph_after_a_title_line_is_dropped() -> None:
    body = ("Title here\n\nStandfirst is right here now\n\nStandfirst is right here now\n\n"
            "Body text follows here.")
    assert split_title_and_text(None, body) == ("Title here", "Body text follows here.")


def test_given_title_is_not_split_but_its_repeat_in_the_body_is_dropped() -> None:
    articles = clean_bodies(
        "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner "
        "jumped 76%.",
        "Oil Prices Rise on Supply Fears The price of Brent crude rose 2% on Monday.",
        titles=["Ad sales boost Time Warner profit", "Given title"],
    )
    assert articles["title"].to_list() == ["Ad sales boost Time Warner profit", "Given title"]
    assert articles["text"].to_list() == [
        "Quarterly profits at US media giant TimeWarner jumped 76%.",
        "Oil Prices Rise on Supply Fears The price of Brent crude rose 2% on Monday.",
    ]


def test_whitespace_and_typographic_quotes_are_normalised() -> None:
    articles = clean_bodies(
        "Talks\u00a0resume\r\n\r\n\r\n\u201cWe\u2019re  ready,\u201d\tshe said.\u200b   \n\n\n"
        "\u2018Fine\u2019 \u2013 he\u00a0replied.",
    )
    assert articles["title"][0] == "Talks resume"
    assert articles["text"][0] == "\"We're ready,\" she said.\n\n'Fine' – he replied."
    assert articles["word_count"][0] == 8


def test_empty_text_after_cleaning_is_rejected() -> None:
    frame = pl.DataFrame({"input_id": ["m"], "source_uri": ["m"], "content_hash": ["h"],
                          "title": ["Only a title"], "body": ["\u200b \u00ad"],
                          "published_at": [None], "url": [None], "source_name": [None],
                          "decode_note": [None]},
                         schema_overrides={"published_at": pl.String, "url": pl.String,
                                           "source_name": pl.String, "decode_note": pl.String})
    articles, rejections = clean_documents(frame)
    assert articles.height == 0
    assert rejections.rows() == [("m", "clean", "no text left after cleaning (the input held "
                                                "only whitespace, markup or a title)")]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not available")
def test_raw_samples_keep_their_first_line_as_title() -> None:
    files = sorted((SHARED / "data" / "raw_samples").glob("*.txt"))
    articles, rejections = clean_documents(read_inputs(files, 5_000_000).documents)
    assert rejections.height == 0
    first_lines = [path.read_text(encoding="utf-8").split("\n", 1)[0].strip() for path in files]
    assert articles["title"].to_list() == first_lines
    assert all("\n\n\n" not in text for text in articles["text"])
