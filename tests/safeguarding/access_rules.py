"""Access rules for safeguarding (see tests/test_access_matrix.py): abuse reports in
access_rules_abuse.py, guardianship and emergency readiness in access_rules_rights.py."""

import importlib.util
from pathlib import Path


def _load(name: str) -> dict:
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"safeguarding_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RULES


RULES: dict = {**_load("access_rules_abuse"), **_load("access_rules_rights")}
