"""Fixtures for the foodbank tests (registered in tests/conftest.py)."""
