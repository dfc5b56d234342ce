"""Reading an HTML form as a browser would submit it, for tests that post back what a page
showed (the edit form with its hidden lock number)."""

import lxml.html


def form_values(html: bytes | str, *, containing: str = "lock_version") -> dict[str, list[str]]:
    """The successful controls of the first form holding an input named ``containing``."""
    document = lxml.html.fromstring(html)
    for form in document.forms:
        if form.xpath(f'.//input[@name="{containing}"]'):
            values: dict[str, list[str]] = {}
            for name, value in form.form_values():
                values.setdefault(name, []).append(value)
            return values
    raise AssertionError(f"no form with an input named {containing!r}")


def text_of(html: bytes | str) -> str:
    return lxml.html.fromstring(html).text_content()
