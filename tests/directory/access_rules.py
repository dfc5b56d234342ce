"""Access rules for the directory (see tests/test_access_matrix.py): the HSDS API, the public
pages and the staff pages keep theirs beside this file."""

import importlib.util
from pathlib import Path


def _load(name: str) -> dict:
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"directory_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RULES


RULES: dict = {
    **_load("access_rules_api"),
    **_load("access_rules_public"),
    **_load("access_rules_staff"),
}
