"""The ``kg`` command line (see :mod:`kg.cli.app`)."""

from kg.cli import building, graph, measuring  # noqa: F401  (each registers its commands on the app)
from kg.cli.app import app, run

__all__ = ["app", "run"]
