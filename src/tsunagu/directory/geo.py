"""Distances for the public directory: places a visitor can search near, and haversine.

The visitor gives a place: their own position (the browser's geolocation, rounded by the page
to about 100 m before it is sent) or a municipality, which stands for its office. The office
coordinates are approximate (to about 100 m), enough to sort places by distance; they are
keyed by the municipality's official code, so only a region that has the municipality offers
it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Office:
    label: str | Promise
    latitude: float
    longitude: float


# 山武圏域 (Chiba): municipality code -> its office.
OFFICES: dict[str, Office] = {
    "12213": Office(_("東金市役所"), 35.5597, 140.3661),
    "12237": Office(_("山武市役所"), 35.6029, 140.4136),
    "12239": Office(_("大網白里市役所"), 35.5216, 140.3213),
    "12403": Office(_("九十九里町役場"), 35.5353, 140.4406),
    "12409": Office(_("芝山町役場"), 35.6934, 140.4149),
    "12410": Office(_("横芝光町役場"), 35.6651, 140.5047),
}


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = math.radians(lat2 - lat1), math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def valid_point(latitude: float | None, longitude: float | None) -> bool:
    return (
        latitude is not None
        and longitude is not None
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )
