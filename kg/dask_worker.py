"""The worker side of ``kg build --dask``: imported only where dask.distributed is installed."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin, get_worker

from kg.model import Document
from kg.overrides import Overrides
from kg.parallel import extract_chunk

PLUGIN = "kg-english-pipeline"


class ModelPlugin(WorkerPlugin):  # type: ignore[misc]
    """Loads the English pipeline when a worker starts (or joins), once per worker."""

    name = PLUGIN

    def __init__(self, model: str) -> None:
        self.model = model
        self.nlp: Any = None

    def setup(self, worker: Any) -> None:
        from kg import nlp as kg_nlp

        self.nlp = kg_nlp.load(self.model)

    def teardown(self, worker: Any) -> None:
        self.nlp = None


def run_chunk(chunk: list[Document], batch_size: int, overrides: Overrides) -> list[Any]:
    """One chunk through the extract stage, with the worker's pipeline (runs on a worker)."""
    plugin: Any = get_worker().plugins[PLUGIN]
    return extract_chunk(chunk, plugin.nlp, batch_size, overrides)
