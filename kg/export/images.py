"""Graph images (placeholder until the renderer lands)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph


def write_overview(graph: Graph, out: Path) -> list[Path]:
    return []
