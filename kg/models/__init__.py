"""Trained weights shipped with kg (read with importlib.resources, never at import time)."""
