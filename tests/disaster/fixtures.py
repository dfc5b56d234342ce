"""Fixtures for the disaster tests (registered in tests/conftest.py)."""
