"""Trang web của kehoach: ``kehoach serve``, a local web page where a clerk writes a plan in a
form, sees it page by page, downloads the .docx or PDF and checks any .docx.

The layer sits at the top beside :mod:`kehoach.cli` (docs/architecture.md): it may import every
layer below it. Its framework (Flask, Flask-WTF, waitress) comes with the ``web`` extra,
``pip install "kehoach[web]"``; this package imports none of it until an app is made.

* :mod:`.form` — the plan form, drawn from the model (no form written per class);
* :mod:`.labels` — the Vietnamese words of the form;
* :mod:`.files` — the only files the page reads or writes: data files in the working folder;
* :mod:`.jobs` — previews, PDFs and checks off the request thread, each with a time limit;
* :mod:`.app` — the Flask app (:func:`create_app`); :mod:`.server` — waitress.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The Flask app; see :func:`kehoach.web.app.create_app`."""
    from kehoach.web.app import create_app as make

    return make(*args, **kwargs)
