"""Helpers of the web page tests: a form posted as a browser posts it, without a browser."""

from __future__ import annotations

import lxml.html


def form_pairs(html: str | bytes, form_id: str = "editor") -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs a browser submits for the form (no button), in order.

    As a browser does (HTML's "constructing the entry list"): a textarea loses the one line
    break that follows its start tag, and line breaks are sent as CRLF.
    """
    page = lxml.html.fromstring(html)
    form = page.get_element_by_id(form_id)
    out = []
    for element in form.iter("input", "textarea", "select"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and element.get("checked") is None:
                continue
            value = element.get("value") or ("on" if kind in ("checkbox", "radio") else "")
        elif element.tag == "textarea":
            value = element.text or ""
            if value.startswith("\n"):
                value = value[1:]
        else:
            options = element.findall(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            if not chosen:
                continue
            value = chosen[0].get("value", chosen[0].text_content())
        out.append((name, value.replace("\r\n", "\n").replace("\n", "\r\n")))
    return out


def with_values(pairs: list[tuple[str, str]], **changes: str) -> list[tuple[str, str]]:
    """``pairs`` with the value of each named field replaced (``_file="a.yaml"``); a name not
    in the form is added. Names with dots or brackets go through ``changes`` as a dict."""
    out = [(n, changes.pop(n) if n in changes else v) for n, v in pairs]
    return out + list(changes.items())


def csrf_token(html: str | bytes) -> str:
    page = lxml.html.fromstring(html)
    return page.xpath("//input[@name='csrf_token']/@value")[0]
