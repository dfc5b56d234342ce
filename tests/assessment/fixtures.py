"""Fixtures for the assessment tests (registered in tests/conftest.py)."""
