"""Access rules for the privacy pages (see tests/test_access_matrix.py)."""

RULES: dict = {}
