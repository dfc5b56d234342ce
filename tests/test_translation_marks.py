"""Every Japanese string in the Python source is marked for translation.

The project writes Japanese msgids directly (``_("保存しました。")``), so a string shown to
users that is not wrapped in a gettext call cannot be translated and is easy to miss. This
test parses every module under src/tsunagu (migrations excepted) and fails on each string
constant, f-string parts included, that holds Japanese (hiragana, katakana, kanji) and is not

(a) an argument of a gettext call (``_``, ``gettext``, ``gettext_lazy``, ...), or inside the
    ``%`` / ``.format()`` that fills in such a call's placeholders;
(b) a docstring;
(c) in a module or top-level name listed in ALLOWED below: Japanese that is data, not text.

Anything raised (``raise ValueError("...")``) is a message and is checked even in ALLOWED
scopes. An f-string passed to gettext fails too: it cannot be extracted as one msgid; write
``_("...%(name)s...") % {"name": value}`` instead.
"""

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "tsunagu"

JAPANESE = re.compile(
    "[\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\uff66-\uff9f"  # half-width katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs (ext. A, unified, compatibility)
    "\U00020000-\U0003134f]"  # CJK ideographs beyond the BMP (𠮷, 𡈽)
)
GETTEXT = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
    }
)

# path under src/tsunagu -> (top-level names, or None for the whole module; why it is data).
# A name also covers what is nested in it ("Class" covers "Class.method").
ALLOWED: dict[str, tuple[frozenset[str] | None, str]] = {
    "portal/demo_records.py": (
        None,
        "fictional demo persons and consultation texts written to the DB",
    ),
    "portal/management/commands/demo.py": (
        frozenset(
            {
                "REGION_NAME",
                "MUNICIPALITIES",
                "CENTER",
                "NUKUMORI",
                "ORGANIZATIONS",
                "ACCOUNTS",
                "PERSONS",
                "DEMO_DEVICE_NAME",
            }
        ),
        "the demo region's real place and organization names, fictional accounts and persons: DB rows",
    ),
    "core/lists.py": (
        None,
        "default master-data lists copied into each region's DB, editable there",
    ),
    "core/text.py": (
        None,
        "character tables (kana, variant kanji, CP932 substitutes) for normalizing text",
    ),
    "core/dates.py": (
        None,
        "和暦/年度 notation and date-input grammar (era names, 元年, 年月日), Japanese by nature",
    ),
    "core/fields.py": (
        frozenset(
            {
                "_YEAR",
                "KatakanaField.to_python",
                "postal_code_digits",
                "PhoneField.to_python",
                "BirthYearField.to_python",
            }
        ),
        "characters of typed input that are matched or normalized away (era names, 元, 年, 〒, ー, dashes)",
    ),
    "people/importers.py": (
        frozenset({"HEADERS", "_PREFECTURE"}),
        "column headings fixed by the import file format; the 都道府県 pattern stripped from typed input",
    ),
    "consultations/importers.py": (
        frozenset({"HEADERS", "OPTIONAL_HEADERS", "_MINUTES", "_HALFWIDTH_KANA"}),
        "column headings fixed by the import file format; patterns of typed input (分, half-width kana)",
    ),
    "directory/taxonomy.py": (
        None,
        "the tsunagu taxonomy (kinds of social resources, services, ホッとステーション and its "
        "offerings, accessibility): names exported in HSDS and stored in the DB",
    ),
    "directory/csv_exchange/columns.py": (
        frozenset({"HEADERS", "TRUE_WORDS", "FALSE_WORDS", "PREFECTURES", "POSTAL_NOISE"}),
        "column headings fixed by the sheet's format; yes/no words, 都道府県 names and postal "
        "marks matched in typed cells",
    ),
    "directory/hours.py": (
        frozenset({"OPEN_ON_HOLIDAYS_PHRASES", "OPEN_AT_NEW_YEAR_PHRASES"}),
        "phrases matched in HSDS schedule notes that say a place opens on holidays / at the New Year",
    ),
    "directory/demo.py": (
        None,
        "the seed's real organizations and fictional demo ホッとステーション (names, kana, "
        "addresses, descriptions) written to the DB",
    ),
    "safeguarding/demo.py": (
        None,
        "fictional demo abuse reports, rights cases, emergency records and plans written to the DB",
    ),
    "network/demo.py": (
        None,
        "the seed's ちいき食堂 figures and fictional demo posts, events and feedback written to the DB",
    ),
    "council/demo.py": (
        None,
        "fictional demo needs, council bodies, issues and minutes written to the DB",
    ),
    "needs/analysis/thesaurus.py": (
        None,
        "the welfare-domain thesaurus: Japanese words matched in need texts",
    ),
    "needs/analysis/tokenize.py": (
        None,
        "Sudachi part-of-speech tags (名詞, 固有名詞, 人名 ...) matched in the tokenizer's output",
    ),
    "needs/analysis/redact.py": (
        None,
        "patterns of names, addresses, phone numbers and dates matched in need texts, and the "
        "［氏名］-style markers that replace them inside the quoted text",
    ),
    "needs/analysis/features.py": (
        None,
        "honorifics and kana ranges matched in need texts",
    ),
    "assessment/demo.py": (
        None,
        "the official source name of the demo population and a fictional (【架空】) demo "
        "survey, its questions and answers, written to the DB",
    ),
    "assessment/layouts.py": (
        None,
        "header words and labels of official population tables (e-Stat, 住民基本台帳, 社人研) "
        "matched in imported files",
    ),
    "assessment/population_export.py": (
        None,
        "the columns and labels of the population CSV (市町村コード,市町村,基準日,男女,年齢階級,人口), "
        "a file format read back by the import",
    ),
    "directory/imports/places.py": (
        frozenset({"PREFECTURES", "_COUNTY"}),
        "the 47 都道府県 names and the 郡 pattern matched at the start of addresses in official files",
    ),
    "directory/imports/wam.py": (
        None,
        "the 29 column names of WAM NET open data, matched in the file and named in its errors; "
        "the day labels (平日・土曜 …) of its hours, written into the directory as WAM writes them",
    ),
    "directory/imports/standard.py": (
        None,
        "the standard column names of 自治体標準オープンデータセット (公共施設一覧・介護サービス事業所一覧), "
        "matched in the file",
    ),
    "accounts/services.py": (
        frozenset({"DEVICE_NAME", "RECOVERY_DEVICE_NAME", "recovery_code_normalize"}),
        "device names stored in the DB and never shown (there is no admin site); the "
        "characters stripped from a typed recovery code (the long-vowel mark ー)",
    ),
}


def _is_gettext(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name in GETTEXT


def _subtree_ids(nodes) -> set[int]:
    return {id(n) for node in nodes for n in ast.walk(node)}


def _docstring_ids(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _scope_names(node: ast.AST) -> list[str]:
    """The name a statement defines, as a step of a dotted scope: def/class or assignment."""
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)][:1]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _scopes(tree: ast.Module) -> tuple[dict[int, str], set[int]]:
    """Dotted scope of every node ("Command.handle", "ORGANIZATIONS"), and the nodes raised."""
    scope: dict[int, str] = {}
    raised: set[int] = set()

    def visit(node: ast.AST, path: tuple[str, ...], in_raise: bool) -> None:
        path = path + tuple(_scope_names(node))
        in_raise = in_raise or isinstance(node, ast.Raise)
        scope[id(node)] = ".".join(path)
        if in_raise:
            raised.add(id(node))
        for child in ast.iter_child_nodes(node):
            visit(child, path, in_raise)

    visit(tree, (), False)
    return scope, raised


def _allowed(relative: str, scope: str) -> bool:
    if relative not in ALLOWED:
        return False
    names, _reason = ALLOWED[relative]
    if names is None:
        return True
    return any(scope == name or scope.startswith(name + ".") for name in names)


def violations_in(source: str, relative: str) -> list[str]:
    """file:line of each unmarked Japanese string of ``source`` (``relative`` to src/tsunagu)."""
    tree = ast.parse(source, filename=relative)
    marked: set[int] = set()
    in_fstring_msgid: set[int] = set()
    for node in ast.walk(tree):
        if _is_gettext(node):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.JoinedStr):
                    in_fstring_msgid |= _subtree_ids([arg])
                else:
                    marked.add(id(arg))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            if _is_gettext(node.left):
                marked |= _subtree_ids([node.right])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format" and _is_gettext(node.func.value):
                marked |= _subtree_ids([*node.args, *(k.value for k in node.keywords)])
    docstrings = _docstring_ids(tree)
    scope, raised = _scopes(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not JAPANESE.search(node.value):
            continue
        if id(node) in in_fstring_msgid:
            found.append(f"{relative}:{node.lineno}: f-string as a msgid: {node.value!r}")
            continue
        if id(node) in marked or id(node) in docstrings:
            continue
        if id(node) not in raised and _allowed(relative, scope[id(node)]):
            continue
        found.append(f"{relative}:{node.lineno}: {node.value!r}")
    return sorted(set(found), key=lambda line: int(line.split(":")[1]))


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.relative_to(SRC).parts)


def test_japanese_strings_are_marked_for_translation():
    found = [
        line
        for path in _sources()
        for line in violations_in(
            path.read_text(encoding="utf-8"), path.relative_to(SRC).as_posix()
        )
    ]
    assert not found, "Japanese strings not marked for translation:\n" + "\n".join(found)


def test_allowed_entries_still_exist():
    """An ALLOWED entry whose file or name is gone would silently allow something else."""
    stale = []
    for relative, (names, reason) in ALLOWED.items():
        path = SRC / relative
        assert reason, relative
        if not path.is_file():
            stale.append(relative)
            continue
        if names is None:
            continue
        scopes = set(_scopes(ast.parse(path.read_text(encoding="utf-8")))[0].values())
        stale += [f"{relative}::{n}" for n in names if n not in scopes]
    assert not stale, "ALLOWED names no longer in the source: " + ", ".join(stale)


def test_the_check_sees_what_it_should():
    """The checker itself: what it accepts and what it reports."""
    source = '''"""モジュールの説明。"""
from django.utils.translation import gettext as _, gettext_lazy

OK = gettext_lazy("保存")
FORMATTED = _("%(n)d 件") % {"n": 3}
PLAIN = "未訳の文字列"


def f(name):
    """関数の説明。"""
    raise ValueError(f"{name} がありません")


def g(name):
    return _(f"{name} さん")
'''
    found = violations_in(source, "probe.py")
    assert [line.split(":")[1] for line in found] == ["6", "11", "15"]
    assert "f-string as a msgid" in found[2]
