"""The attacker of tsunagu.core.suppression, run on what a caller publishes (shared by the
suppression tests of every app that shows counts outside the center)."""

from tsunagu.core.suppression import SUPPRESSED, THRESHOLD, recoverable


def assert_protected(full: dict, published: dict, sums: list, *, threshold: int = THRESHOLD):
    """``published`` (key -> count or ＊) is ``full`` with some counts hidden, shows no count
    of 1..threshold, and no ＊ can be worked out from it and the ``sums`` a reader knows."""
    assert published.keys() == full.keys()
    for key, value in published.items():
        assert value in (full[key], SUPPRESSED), (key, value, full[key])
        assert not (value != SUPPRESSED and 1 <= value <= threshold), (key, value)
        assert not (value == SUPPRESSED and full[key] == 0), (key, "a zero is hidden")
    found = recoverable(published, sums, threshold=threshold, hint=full)
    assert found == {}, (found, published)
