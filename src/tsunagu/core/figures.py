"""Counts shown to readers, the rule every app follows: who sees them exactly, and the note
under a table where small counts are suppressed (the suppression itself:
:mod:`tsunagu.core.suppression`). Shared by the annual report, the disaster figures and the
emergency figures."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from tsunagu.core.access import user_can
from tsunagu.core.roles import Capability

SUPPRESSION_NOTE = _(
    "「＊」は秘匿です。1〜2の数と、差し引きで秘匿した数が分かってしまう数を表示していません。"
)


def sees_full_figures(user: Any) -> bool:
    """Center staff (PERSONAL_ALL) see every count; AGGREGATES alone sees them suppressed."""
    return user_can(user, Capability.PERSONAL_ALL)
