"""What every ``--json`` document shares."""

from __future__ import annotations

from tools.views.base import View


class Document(View):
    """A command's ``--json`` output. Built only by this package's ``*_document`` functions."""


def week_label(week: object) -> str:
    """A week start as the documents write it, ``YYYY-MM-DD``."""
    return f"{week:%Y-%m-%d}"
