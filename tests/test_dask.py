"""kg build on a Dask cluster (a LocalCluster on this machine): the same bytes as a local build."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import nlp as kg_nlp
from kg import pipeline

from test_scale import OUTPUTS, corpus

distributed = pytest.importorskip("distributed")


def test_a_dask_build_writes_the_same_bytes_as_a_local_one(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    local = pipeline.build([source], tmp_path / "local", kg_nlp.load, images_enabled=False, validation=False, cache=False)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None  # in-process: no sockets at all
    ) as cluster:
        remote = pipeline.build(
            [source], tmp_path / "dask", lambda: pytest.fail("the local pipeline was loaded"), images_enabled=False,
            validation=False, cache=False, dask=cluster.scheduler_address,
        )
    assert not remote.failed and remote.counts == local.counts
    for name in OUTPUTS:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    from kg.dask_executor import DaskUnavailable, client_for

    with pytest.raises(DaskUnavailable, match="cannot reach"):
        client_for("tcp://127.0.0.1:9", timeout="1s")  # nothing listens on the discard port
