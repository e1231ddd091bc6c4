"""Document results set aside on disk while a build parses, read back when resolution needs them.

The parse holds the English pipeline in memory; every document's result held
beside it made the build's peak grow with the corpus.  Each result is pickled
to an anonymous temporary file as it arrives (the operating system removes it
when it is closed, even after a crash), and the results are read back in the
order they came, once the pipeline has been let go.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO

from kg.model import DocumentResult


class Spill:
    """Results written with :meth:`add`, read back with :meth:`results`; a context manager
    that closes (and so deletes) its file."""

    def __init__(self, folder: str | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="kg-spill-", dir=folder)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, result: DocumentResult) -> None:
        # one pickle per result: a sentence shared by a document's mentions and facts is
        # stored once, and comes back as one object
        pickle.dump(result, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def results(self) -> Iterator[DocumentResult]:
        """The results added so far, one at a time, in the order they were added."""
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)
        self._file.seek(0, 2)  # later results go after these

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()
