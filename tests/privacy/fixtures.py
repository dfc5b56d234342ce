"""Fixtures for the privacy tests (registered in tests/conftest.py)."""
