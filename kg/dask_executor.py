"""Extraction on a Dask cluster (``kg build --dask ADDRESS``; the optional extra ``kg[dask]``).

The same chunks as a local build (see :mod:`kg.parallel`) are submitted as
tasks; a worker plugin loads the English pipeline once per worker, and the
results come back in input order, so the output is identical to a local build.
``dask.distributed`` is imported only when a build asks for it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from kg.model import Document
from kg.overrides import EMPTY, Overrides
from kg.parallel import chunks

IN_FLIGHT = 8  # chunks submitted ahead of the one being collected


class DaskUnavailable(RuntimeError):
    """dask.distributed is not installed, or the scheduler cannot be reached."""


def client_for(address: Any, *, timeout: str = "20s") -> Any:
    """A Dask client for a scheduler address ("tcp://host:8786") or a cluster object."""
    try:
        from distributed import Client
    except ImportError as err:
        raise DaskUnavailable("--dask needs dask.distributed: pip install 'kg[dask]'") from err
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError) as err:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: {err}") from err


def extract(
    documents: Iterable[Document], *, address: Any, batch_size: int, model: str, overrides: Overrides = EMPTY
) -> Iterator[Any]:
    """``DocumentResult | Failed`` per document, in input order, computed on the cluster."""
    with client_for(address) as client:
        from kg.dask_worker import PLUGIN, ModelPlugin, run_chunk

        client.register_plugin(ModelPlugin(model), name=PLUGIN)
        pending: deque[Any] = deque()
        for chunk in chunks(documents, batch_size):
            # pure=False: a fresh task key per chunk, never a result left by another build
            pending.append(client.submit(run_chunk, chunk, batch_size, overrides, pure=False))
            if len(pending) > IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
