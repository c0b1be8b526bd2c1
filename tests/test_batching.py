"""Extraction batches: the local runner keeps `articles_per_task`; a Dask cluster gets at least
two equal batches a worker, so no worker idles while another parses a large batch."""

from tasks.batching import articles_per_batch, batch_count


def test_the_local_runner_keeps_the_setting() -> None:
    assert articles_per_batch(500, 800, slots=1) == 500


def test_a_cluster_gets_two_equal_batches_a_worker() -> None:
    assert articles_per_batch(500, 800, slots=2) == 200  # not 500 + 300
    assert articles_per_batch(500, 5000, slots=2) == 500  # never larger than the setting
    assert articles_per_batch(500, 3, slots=2) == 1


def test_batches_are_counted_across_windows() -> None:
    assert batch_count(800, 5000, 200) == 4
    assert batch_count(12000, 5000, 500) == 2 * 10 + 4
    assert batch_count(5000, 5000, 500) == 10
