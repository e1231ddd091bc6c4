"""kg: offline, deterministic knowledge graphs from business news."""

__version__ = "0.1.0"
