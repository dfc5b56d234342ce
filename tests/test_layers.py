"""One direction of dependency: an app imports only core and the apps below it.

The table of layers, the import scan and the named exceptions live in ``tools/layers.py``
(run it to see the same report; ``--write`` redraws the picture in docs/architecture.md).
A failure names the file and line, the arrow (importer → imported) and the rule it breaks.
When a lower app must reach a higher one, give the lower app a registry that the higher
app fills in ``AppConfig.ready()`` (``people/links.py``, ``core/worklist.py``,
``needs/issues.py``) instead of adding an exception."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("tsunagu_layers", ROOT / "tools" / "layers.py")
layers = importlib.util.module_from_spec(_spec)
sys.modules["tsunagu_layers"] = layers  # dataclasses look their module up while being made
_spec.loader.exec_module(layers)

IMPORTS = layers.scan()


def test_the_scan_reads_imports_inside_functions_and_relative_ones():
    # a scan that found nothing would pass every rule below: show it sees what it must
    seen = {(i.path, i.module) for i in IMPORTS}
    # at the top of a module
    assert ("consultations/models.py", "tsunagu.people.models") in seen
    # inside a function (the banner reads the disaster flag only for a signed-in user)
    assert ("portal/context_processors.py", "tsunagu.disaster.selectors") in seen
    assert len({i.importer for i in IMPORTS}) == len(layers.APPS)


def test_every_app_has_its_place_in_the_table():
    apps = sorted(
        p.name for p in layers.SRC.iterdir() if p.is_dir() and (p / "__init__.py").is_file()
    )
    assert apps == sorted(layers.APPS)


def test_every_app_is_installed_in_settings():
    from django.conf import settings

    installed = {name.removeprefix("tsunagu.") for name in settings.INSTALLED_APPS}
    assert set(layers.APPS) <= installed


def test_no_app_imports_an_app_above_it():
    problems = layers.violations(IMPORTS)
    assert problems == [], "\n" + "\n".join(problems)


def test_no_cycle_between_apps():
    groups = layers.cycles(set(layers.arrows(IMPORTS)))
    assert groups == [], "apps importing each other: " + "; ".join(" ⇄ ".join(g) for g in groups)


def test_core_imports_no_app():
    # the rule above covers it; said again because it is the one every layer stands on
    arrows = [
        f"src/tsunagu/{i.path}:{i.line} {i.module}"
        for i in IMPORTS
        if i.importer == "core" and i.imported and (i.path, i.module) not in layers.EXCEPTIONS
    ]
    assert arrows == []


def test_exceptions_are_few_named_and_still_needed():
    assert len(layers.EXCEPTIONS) <= 3
    seen = {(i.path, i.module) for i in IMPORTS}
    for (path, module), why in layers.EXCEPTIONS.items():
        assert len(why) > 20, f"{path} → {module}: say why"
        assert (path, module) in seen, f"{path} no longer imports {module}: drop the exception"


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("from tsunagu.people.models import Person\n", "core depends on no app"),
        ("def f():\n    from tsunagu.portal import views\n", "core depends on no app"),
        ("from ..needs import selectors\n", "core depends on no app"),
        ("from tsunagu import needs\n", "core depends on no app"),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path, source, rule):
    # the rule applied to a made-up tree: core/bad.py importing an app, in four spellings
    src = tmp_path / "tsunagu"
    for app in layers.APPS:
        (src / app).mkdir(parents=True)
        (src / app / "__init__.py").write_text("")
    (src / "core" / "bad.py").write_text(source)
    found = layers.violations(layers.scan(src))
    assert len(found) == 1
    assert found[0].startswith("src/tsunagu/core/bad.py:")
    assert rule in found[0]


def test_a_cycle_is_found():
    assert layers.cycles({("needs", "council"), ("council", "needs"), ("council", "core")}) == [
        ["council", "needs"]
    ]
    assert layers.cycles({("council", "needs"), ("needs", "core")}) == []


def test_the_service_list_finds_every_kind_of_service_module():
    modules = layers.service_modules()
    assert "people/services.py" in modules  # <app>/services.py
    assert "safeguarding/abuse_services.py" in modules or any(
        path.startswith("safeguarding/") and "abuse" in path for path in modules
    )  # a sub-area's services
    assert "person_create" in modules["people/services.py"]


def test_the_picture_in_docs_is_current():
    text = layers.DOC.read_text(encoding="utf-8")
    for marker in (layers.BEGIN, layers.END, layers.SERVICES_BEGIN, layers.SERVICES_END):
        assert marker in text
    assert layers.doc_with_picture(text, IMPORTS) == text, (
        "docs/architecture.md is stale: run `python tools/layers.py --write`"
    )
