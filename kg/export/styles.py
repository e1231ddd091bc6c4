"""How each kind of thing looks, in every picture and in the viewer.

One table, so that a person is the same light-blue ellipse in graph.png, in an
entity's image and in graph.html, and the legends agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How one kind of node is drawn, and in which layer of a layered drawing."""

    layer: int
    shape: str
    face: str
    line: str
    legend: str
    plural: str
    text: str = "#1a1a1a"
    size: float = 10.0
    weight: str = "normal"


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    colour: str
    dash: str = "solid"


# Layers, left to right: people | organisations | units | facts | values and places | groups.
NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle(0, "ellipse", "#dbe9f6", "#1f4e79", "person", "people"),
    "organization": NodeStyle(1, "rect", "#fde2c4", "#b35900", "organisation", "organisations", weight="bold"),
    "unit": NodeStyle(2, "round", "#fff3dc", "#c98a1b", "unit", "units"),
    "goal": NodeStyle(3, "flag", "#dcefd9", "#2e7d32", "goal", "goals"),
    "figure": NodeStyle(3, "chamfer", "#f1e6f6", "#6a1b9a", "financial figure", "financial figures", size=9.5),
    "statement": NodeStyle(3, "speech", "#f4f4f4", "#6d6d6d", "statement", "statements", size=9.0),
    "deadline": NodeStyle(4, "hexagon", "#c62828", "#8e0000", "deadline", "deadlines", text="white", weight="bold"),
    "value": NodeStyle(4, "hexagon", "#eceff1", "#455a64", "value", "values"),
    "place": NodeStyle(4, "diamond", "#dff1ee", "#00796b", "place", "places"),
    "document": NodeStyle(5, "page", "#fffbe6", "#8d8a1e", "article", "articles", size=9.0),
    "community": NodeStyle(5, "stack", "#f2f2f2", "#7a7a7a", "more of a group", "groups", size=9.0),
}
ENTITY_KINDS = frozenset({"person", "organization", "unit", "place"})

EDGE_STYLES: dict[str, EdgeStyle] = {
    "role": EdgeStyle("#1f4e79"),
    "unit": EdgeStyle("#a0701c"),
    "goal": EdgeStyle("#2e7d32"),
    "stated": EdgeStyle("#1565c0", "dashed"),
    "by": EdgeStyle("#c62828"),
    "figure": EdgeStyle("#6a1b9a"),
    "said": EdgeStyle("#6d6d6d"),
    "source": EdgeStyle("#8a8a8a", "dotted"),
    "relation": EdgeStyle("#00796b"),
    "mentions": EdgeStyle("#b9b27a", "dotted"),
    "community": EdgeStyle("#9e9e9e", "dashed"),
    "warning": EdgeStyle("#d50000", "dashed"),  # two figures that do not agree (kg.consistency)
}


def plural(kind: str, n: int) -> str:
    style = NODE_STYLES[kind]
    return style.legend if n == 1 else style.plural
