"""Corrections a user makes to entity resolution, kept in a file and honoured on rebuild.

``kg-overrides.toml`` (or the file given with ``kg build --overrides``)::

    # these names denote one entity (of the same class)
    [[merge]]
    names = ["Alibaba", "Alibaba Group Holding"]

    # these names never denote one entity: no rule may merge them
    [[separate]]
    names = ["Ma", "Jack Ma"]

    # the entity's label; the old label is kept as another name
    [[rename]]
    from = "Alibaba cloud computing division"
    to = "Alibaba Cloud"

    # a fiscal calendar (kg.time.fiscal): the month the organisation's fiscal year starts in
    [[fiscal_year]]
    names = ["Infosys", "Infosys Ltd"]
    start_month = 4

Names are compared without regard to case.  ``kg build --fiscal-years FILE``
reads the ``[[fiscal_year]]`` tables of another file of this format.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.time.fiscal import FiscalEntry

DEFAULT_FILE = Path("kg-overrides.toml")


class OverridesError(Exception):
    """The override file is malformed; the message names the file and the problem."""


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class Overrides:
    merges: tuple[frozenset[str], ...] = ()
    separate: tuple[frozenset[str], ...] = ()
    renames: tuple[tuple[str, str], ...] = ()
    source: str | None = None
    fiscal_years: tuple[FiscalEntry, ...] = ()

    def forbids(self, name: str, others: list[str] | tuple[str, ...]) -> bool:
        """Whether ``name`` must not be merged with any of ``others``."""
        a = _fold(name)
        return any(a in group and _fold(o) in group and _fold(o) != a for group in self.separate for o in others)

    def merge_group(self, names: list[str] | tuple[str, ...]) -> int | None:
        """Index of the forced-merge group any of ``names`` belongs to."""
        folded = {_fold(n) for n in names}
        return next((i for i, group in enumerate(self.merges) if folded & group), None)

    def rename(self, name: str) -> str | None:
        return next((new for old, new in self.renames if _fold(old) == _fold(name)), None)


EMPTY = Overrides()


def load(path: Path) -> Overrides:
    """Read an override file.  Raises :class:`OverridesError` naming the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise OverridesError(f"{path}: cannot read ({err.strerror or err})") from err
    except tomllib.TOMLDecodeError as err:
        raise OverridesError(f"{path}: not valid TOML ({err})") from err
    unknown = set(data) - {"merge", "separate", "rename", "fiscal_year"}
    if unknown:
        raise OverridesError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; expected merge, separate, rename, fiscal_year")
    return Overrides(
        merges=tuple(_group(path, "merge", n, item) for n, item in enumerate(data.get("merge", []), 1)),
        separate=tuple(_group(path, "separate", n, item) for n, item in enumerate(data.get("separate", []), 1)),
        renames=tuple(_rename(path, n, item) for n, item in enumerate(data.get("rename", []), 1)),
        source=str(path),
        fiscal_years=tuple(_fiscal_year(path, n, item) for n, item in enumerate(data.get("fiscal_year", []), 1)),
    )


def _fiscal_year(path: Path, number: int, item: object) -> FiscalEntry:
    names = item.get("names") if isinstance(item, dict) else None
    month = item.get("start_month") if isinstance(item, dict) else None
    if (
        not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names)
        or not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12
    ):
        raise OverridesError(f"{path}: [[fiscal_year]] number {number} needs names = [one or more names] and start_month = 1 to 12")
    return FiscalEntry(tuple(n.strip() for n in names), month)


def _group(path: Path, section: str, number: int, item: object) -> frozenset[str]:
    names = item.get("names") if isinstance(item, dict) else None
    if not isinstance(names, list) or len(names) < 2 or not all(isinstance(n, str) and n.strip() for n in names):
        raise OverridesError(f"{path}: [[{section}]] number {number} needs names = [at least two names]")
    return frozenset(_fold(n) for n in names)


def _rename(path: Path, number: int, item: object) -> tuple[str, str]:
    if not isinstance(item, dict) or not isinstance(item.get("from"), str) or not isinstance(item.get("to"), str) or not item["to"].strip():
        raise OverridesError(f'{path}: [[rename]] number {number} needs from = "old label" and to = "new label"')
    return item["from"], item["to"].strip()
