"""Demo data for the disaster pages (called by `tsunagu demo`; idempotent)."""

from tsunagu.core.models import Region


def demo_disaster_load(*, region: Region, with_records: bool = True) -> bool:
    """Load the demo; return True when something was created. ``with_records`` is False
    for `tsunagu demo --without-records`: then create nothing about persons."""
    return False
