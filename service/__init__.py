"""Hadath: incidents from Arabic conflict news, as an HTTP service and a command line."""

from __future__ import annotations

from importlib import metadata


def version() -> str:
    """The installed distribution's version (a checkout run without installing says 0.1.0)."""
    try:
        return metadata.version("hadath")
    except metadata.PackageNotFoundError:
        return "0.1.0"
