"""What a build writes for people to look at: pictures and the HTML viewer.

The graph is projected once (:mod:`kg.export.projection`) and shared by both.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.export import html, images
from kg.export.projection import Projection, project
from kg.export.view_input import ViewInput

PICTURES = images.PICTURES
__all__ = ["PICTURES", "ViewInput", "write"]


def write(graph: Graph | Projection, out: Path, *, pictures: int | None = PICTURES, title: str = "Knowledge graph") -> list[Path]:
    """Write ``out/graph.html`` for ``graph`` (or its projection) and, unless ``pictures`` is None, the overview
    (``out/graph.png``, ``out/graph.svg``) and up to ``pictures`` pictures each of
    the most central entities and of the articles with most facts under
    ``out/images/``.  Returns the files written (the images folder as one entry)."""
    projection = graph if isinstance(graph, Projection) else project(graph)
    written: list[Path] = []
    linked: dict[str, str] = {}
    if pictures is not None:
        drawn = images.write_images(projection, out, entities=pictures, documents=pictures)
        written += drawn.overview
        if drawn.pictures:
            written.append(out / images.IMAGES)
        linked = {key: f"{images.IMAGES}/{stem}.png" for key, stem in drawn.stems.items()}
    written.append(html.write(projection, out / "graph.html", title=title, pictures=linked))
    return written
