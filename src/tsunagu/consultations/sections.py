"""Sections higher apps add to the consultation page (a registry filled in their
``AppConfig.ready()``; consultations imports none of them): e.g. the needs recorded from this
consultation (issue 21 item 6). ``data(user=..., consultation=...)`` returns what the
section's template shows, or None to leave the section out."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ConsultationSection:
    template: str
    data: Callable[..., Any]


@dataclass(frozen=True)
class SectionData:
    template: str
    data: Any


_SECTIONS: dict[str, ConsultationSection] = {}


def register_consultation_section(template: str, data: Callable[..., Any]) -> None:
    _SECTIONS[template] = ConsultationSection(template=template, data=data)


def consultation_sections(*, user: Any, consultation: Any) -> list[SectionData]:
    found = []
    for section in _SECTIONS.values():
        data = section.data(user=user, consultation=consultation)
        if data is not None:
            found.append(SectionData(section.template, data))
    return found
