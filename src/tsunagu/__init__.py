"""つなぐ (tsunagu): community-based social work for consultation-support centers."""

__version__ = "0.1.0"
