"""The audit log in words an inspector reads: each summary (``status=received>fact_check``,
``reports.annual fy=2022 format=pdf``) turned into Japanese (状況：受付→事実確認、
年次報告 年度：令和4年度 形式：PDF), and a person's name where the reader may see persons.

The stored summary never changes (the log is append-only); only its display does. Codes of
status and kind come from every model field's choices, so a new status reads in Japanese
without a word added here. Apps add their own words with ``audit_words_register`` in
``AppConfig.ready()``."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.core import dates
from tsunagu.core.params import id_param, int_param

# key=value keys of summaries, in Japanese
KEY_WORDS: dict[str, Any] = {
    "person": gettext_lazy("利用者"), "status": gettext_lazy("状況"),
    "format": gettext_lazy("形式"), "fy": gettext_lazy("年度"), "rows": gettext_lazy("件数"),
    "page": gettext_lazy("ページ"), "kind": gettext_lazy("種類"),
    "action": gettext_lazy("操作"), "target": gettext_lazy("対象"),
    "actor": gettext_lazy("操作した人"), "event": gettext_lazy("行事"),
    "version": gettext_lazy("版"), "household": gettext_lazy("世帯"),
    "activation": gettext_lazy("災害モード"), "municipality": gettext_lazy("市町村"),
    "consultation": gettext_lazy("相談記録"), "user": gettext_lazy("ユーザー"),
    "tags": gettext_lazy("タグ"), "services": gettext_lazy("サービス"),
    "region": gettext_lazy("圏域"), "quantity": gettext_lazy("数量"),
    "organization": gettext_lazy("機関"), "number": gettext_lazy("番号"),
    "lots": gettext_lazy("ロット"), "ids": gettext_lazy("ID"), "day": gettext_lazy("日付"),
    "basis": gettext_lazy("根拠"), "mine": gettext_lazy("自分の担当のみ"),
    "reason": gettext_lazy("理由"), "reasons": gettext_lazy("理由"),
    "priority": gettext_lazy("優先度"), "plan": gettext_lazy("個別支援計画"),
    "monitoring": gettext_lazy("モニタリング"), "next": gettext_lazy("次回"),
    "next_monitoring_on": gettext_lazy("次回モニタリング"), "results": gettext_lazy("結果"),
    "recipients": gettext_lazy("宛先"), "mails": gettext_lazy("メール"),
    "posts": gettext_lazy("投稿"), "post": gettext_lazy("投稿"),
    "assigned_to": gettext_lazy("担当"), "fields": gettext_lazy("表示した項目"),
    "substituted": gettext_lazy("置き換えた文字"), "mode": gettext_lazy("方法"),
    "source": gettext_lazy("取り込み元"), "role": gettext_lazy("役割"),
    "target_type": gettext_lazy("対象の種類"), "target_id": gettext_lazy("対象ID"),
    "outcome": gettext_lazy("結果"), "query": gettext_lazy("検索語"),
    "reassign": gettext_lazy("付け替え"), "matched": gettext_lazy("該当"),
    "suppressed": gettext_lazy("秘匿あり"), "date": gettext_lazy("日付"),
    "changed": gettext_lazy("変更した項目"), "is_active": gettext_lazy("有効"),
    "address": gettext_lazy("住所"), "phone": gettext_lazy("電話番号"),
    "care": gettext_lazy("配慮事項"), "family": gettext_lazy("家族"),
    "names": gettext_lazy("表示した氏名"),
}  # fmt: skip

# words that are not field choices: target codes, formats, bare words of summaries
VALUE_WORDS: dict[str, Any] = {
    "pdf": "PDF", "csv": "CSV", "csv-utf8": gettext_lazy("CSV（UTF-8）"),
    "csv-cp932": gettext_lazy("CSV（Excel用・Shift_JIS）"), "xlsx": "Excel", "json": "JSON",
    "reports.annual": gettext_lazy("年次報告（実績報告）"), "-": "—",
    "True": gettext_lazy("はい"), "False": gettext_lazy("いいえ"),
    "changed": gettext_lazy("変更した項目"), "changed:": gettext_lazy("変更した項目："),
    "handover": gettext_lazy("市町村へ引継ぎ"), "urgent": gettext_lazy("緊急"),
    "accepted": gettext_lazy("承諾"), "approved": gettext_lazy("承認"),
    "revoked": gettext_lazy("取り消し"), "sheet": gettext_lazy("緊急時シート"),
    "receipt": gettext_lazy("受領書"), "checkin": gettext_lazy("受付名簿"),
    "assigned": gettext_lazy("割り当て"), "checks": gettext_lazy("件の安否確認"),
    "to": "→", "edit": gettext_lazy("編集"), "form": gettext_lazy("画面"),
    "audit": gettext_lazy("監査"), "log": gettext_lazy("ログ"),
}  # fmt: skip

_TOKEN = re.compile(r"(?P<key>[a-z_]+)=(?P<value>\S*)|(?P<word>\S+)")


# Who may see which persons is the people app's to say: it registers a function
# (user, ids) -> {id as text: name} in its AppConfig.ready().
_PERSON_NAMES: list[Callable[[Any, set[int]], dict[str, str]]] = []


def audit_person_names_register(function: Callable[[Any, set[int]], dict[str, str]]) -> None:
    if function not in _PERSON_NAMES:
        _PERSON_NAMES.append(function)


def person_names(user: Any, ids: set[int]) -> dict[str, str]:
    """The names of those of ``ids`` that ``user`` may see (none without a registrant)."""
    names: dict[str, str] = {}
    for function in _PERSON_NAMES:
        names.update(function(user, ids) if ids else {})
    return names


def audit_words_register(*, keys: dict[str, Any] | None = None,
                         values: dict[str, Any] | None = None) -> None:
    """Add an app's own summary words (from its AppConfig.ready())."""
    KEY_WORDS.update(keys or {})
    VALUE_WORDS.update(values or {})


@cache
def _choice_words() -> dict[str, str]:
    """Every choice code of every model field -> its label (the first model's wins)."""
    words: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value and value not in words:
                    words[value] = str(label)
    return words


@cache
def _field_words() -> dict[str, str]:
    """Every model field name -> its verbose name (the first model's wins)."""
    words: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            label = getattr(field, "verbose_name", None)
            if label and field.name not in words:
                words[field.name] = str(label)
    return words


def _field(name: str) -> str:
    if name in KEY_WORDS:
        return str(KEY_WORDS[name])
    return _field_words().get(name, name)


def target_words(target_type: str) -> str:
    """``people.person`` -> 利用者; ``disaster.safetycheck_list`` -> 安否確認の一覧."""
    if target_type in VALUE_WORDS:
        return str(VALUE_WORDS[target_type])
    base, listing = (target_type[:-5], True) if target_type.endswith("_list") else (
        target_type, False)
    try:
        label = str(apps.get_model(base)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type
    return _("%(what)sの一覧") % {"what": label} if listing else label


def _value(key: str, value: str, names: dict[str, str]) -> str:
    fiscal_year = int_param(value, low=1900, high=2200) if key == "fy" else None
    if fiscal_year is not None:  # the log keeps whatever was asked: ?fy=99999 stays as it is
        return dates.fiscal_year_label(fiscal_year)
    if key == "person" and value in names:
        return names[value]
    if key in ("mine", "reassign", "urgent", "suppressed") and value in ("0", "1"):
        return str(VALUE_WORDS["True" if value == "1" else "False"])
    if ">" in value:
        return "→".join(_value(key, part, names) for part in value.split(">"))
    if key in ("fields", "changed", "") and "," in value:
        return "、".join(_field(part) for part in value.split(","))
    if key in ("fields", "changed"):
        return _field(value)
    if value in VALUE_WORDS:
        return str(VALUE_WORDS[value])
    if "." in value and value.split(".", 1)[0].isalpha():
        return target_words(value)
    if value.isdigit() or key in ("page", "rows", "user", "activation", "event"):
        return value  # an id or a count, not a code
    return _choice_words().get(value, value)


def summary_words(summary: str, *, names: dict[str, str] | None = None) -> str:
    """The summary with every known code in Japanese; unknown text is kept as written.
    ``names``: person id -> name, for the persons the reader may see."""
    names = names or {}
    parts = []
    for match in _TOKEN.finditer(summary):
        if match["word"] is not None:
            parts.append(_value("", match["word"], names))
            continue
        key, value = match["key"], match["value"]
        label = KEY_WORDS.get(key)
        shown = _value(key, value, names)
        parts.append(f"{label}：{shown}" if label is not None else f"{key}={shown}")
    return " ".join(parts)


def person_ids(summaries: list[tuple[str, str, str]]) -> set[int]:
    """The person ids named in (target_type, target_id, summary) rows."""
    ids: set[int] = set()
    for target_type, target_id, summary in summaries:
        if target_type == "people.person" and id_param(target_id) is not None:
            ids.add(id_param(target_id))
        for match in re.finditer(r"\bperson=(\d{1,12})\b", summary):
            ids.add(int(match.group(1)))
    return ids
