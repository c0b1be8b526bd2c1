"""The language of a text (py3langid, loaded once per process), with English as the default
where the evidence is weak, and language names for the rejections that name one."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from tasks.word_lists import word_list as _word_list

# Language identification: characters sampled, and the evidence needed before calling a text
# non-English (the identifier is unreliable on a few words, so short or unsure texts stay "en").
LANGUAGE_SAMPLE_CHARS = 1500
MIN_WORDS_FOR_LANGUAGE = 8
MIN_NON_ENGLISH_PROBABILITY = 0.9
ENGLISH_FUNCTION_WORD_SHARE = 0.2
DEFAULT_LANGUAGE = "en"
_LETTER = re.compile(r"[^\W\d_]")
# Letters beyond Latin Extended-B (U+024F): accented Latin letters still count as Latin.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")


_LANGUAGE_IDENTIFIER_LOCK = threading.Lock()


def load_language_identifier():  # type: ignore[no-untyped-def]  # py3langid ships no type hints
    """py3langid's identifier, loaded once per process (about 1 s: its model is an lzma
    archive). The lock lets a run load it in the background while its Prefect server starts
    (`flows.ingest.warm_up`) without cleaning loading a second copy meanwhile."""
    with _LANGUAGE_IDENTIFIER_LOCK:
        return _language_identifier()


@lru_cache(maxsize=1)
def _language_identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid), "en" unless the evidence is clear.

    Short texts, low-confidence guesses and texts full of English function words count as
    English: the identifier mislabels short English headlines and name-heavy sentences. A text
    mostly in a non-Latin script is never English, however short.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    # Counting letters is the costly part, and most texts have no non-Latin letter at all.
    letters = len(_LETTER.findall(sample)) if _NON_LATIN_LETTER.search(sample) else 0
    if letters and len(_NON_LATIN_LETTER.findall(sample)) / letters >= 0.5:
        code, _ = load_language_identifier().classify(sample)
        return _iso_639_1(code)
    words = re.findall(r"[^\W\d_]+", sample.lower())
    function_words = _word_list("input_english_function_words.txt")
    if words and sum(word in function_words for word in words) / len(words) \
            >= ENGLISH_FUNCTION_WORD_SHARE:
        return DEFAULT_LANGUAGE  # plainly English prose; skips the costlier identifier
    code, probability = load_language_identifier().classify(sample)
    if (code == DEFAULT_LANGUAGE or probability < MIN_NON_ENGLISH_PROBABILITY
            or len(words) < MIN_WORDS_FOR_LANGUAGE):
        return DEFAULT_LANGUAGE
    return _iso_639_1(code)


def _iso_639_1(code: str) -> str:
    """py3langid uses ISO 639-1 where one exists, else a 3-letter code; keep what exists."""
    if len(code) == 2:
        return code
    import pycountry

    language = pycountry.languages.get(alpha_3=code)
    return getattr(language, "alpha_2", None) or code


def language_name(code: str) -> str:
    """English name of a language code ("de" -> "German"), the code itself if unknown."""
    import pycountry

    language = pycountry.languages.get(**({"alpha_2": code} if len(code) == 2
                                          else {"alpha_3": code}))
    return getattr(language, "name", None) or code
