"""Which of the region's municipalities an address is in.

Official files write the 市区町村 as published: with the 都道府県 (千葉県東金市), with the 郡
(千葉県山武郡芝山町), or down to the ward of a designated city (千葉県千葉市中央区: the region
lists 千葉市). ``RegionPlaces.split`` answers (municipality, prefecture, the rest of the address),
or no municipality when the address is not in the region — the importers skip such rows and
say how many and which."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tsunagu.core.models import Municipality
from tsunagu.core.text import normalize

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip
_COUNTY = re.compile(r"^(\S+?郡)(?=\S+?[町村])")


@dataclass(frozen=True)
class Place:
    municipality: Municipality | None
    prefecture: str
    rest: str  # the address after the municipality's name (a ward, 町域・番地 ...)


class RegionPlaces:
    def __init__(self, region: Any) -> None:
        self.by_name = {
            "".join(normalize(m.name).split()): m
            for m in Municipality.objects.filter(region=region)
        }
        self.names = sorted(self.by_name, key=len, reverse=True)  # 千葉市中央区 before 千葉市
        self.prefectures = {m.code[:2] for m in self.by_name.values() if m.code[:2].isdigit()}
        self.by_code = {m.code[:5]: m for m in self.by_name.values()}

    def of_code(self, code: str) -> Municipality | None:
        """The region's municipality a 全国地方公共団体コード names (5 digits, or 6 with the
        check digit), or None (a prefecture's code, another municipality, not a code)."""
        text = normalize(code).strip()
        if not (text.isdigit() and len(text) in (5, 6)) or text[2:5] == "000":
            return None
        return self.by_code.get(text[:5])

    def prefecture_of(self, municipality: Municipality) -> str:
        number = int(municipality.code[:2]) if municipality.code[:2].isdigit() else 0
        return PREFECTURES[number - 1] if 1 <= number <= len(PREFECTURES) else ""

    def split(self, city: str, rest: str = "") -> Place:
        """``city``: the 市区町村 as written (with or without 都道府県 and 郡); ``rest``: what
        follows it. Answers the region's municipality, or None with the address as written."""
        text = "".join(normalize(city).split())
        prefecture = next((p for p in PREFECTURES if text.startswith(p)), "")
        text = text[len(prefecture):]
        county = _COUNTY.match(text)
        bare = text[county.end():] if county else text
        for name in self.names:
            if bare.startswith(name):
                municipality = self.by_name[name]
                own = self.prefecture_of(municipality)
                if prefecture and own and prefecture != own:
                    continue  # 府中市 of another prefecture
                tail = bare[len(name):] + normalize(rest).strip()
                return Place(municipality, own or prefecture, tail)
        return Place(None, prefecture, text + normalize(rest).strip())


def has_place_in_region(places: RegionPlaces, document: dict) -> bool:
    """Whether one of the service's addresses is in the region's municipalities."""
    for _path, location in _locations(document):
        for address in location.get("addresses") or []:
            if isinstance(address, dict):
                city = f"{address.get('state_province') or ''}{address.get('city') or ''}"
                if city.strip() and places.split(city).municipality is not None:
                    return True
    return False


def _locations(document: dict) -> list[tuple[str, dict]]:
    found = []
    for i, entry in enumerate(document.get("service_at_locations") or []):
        if isinstance(entry, dict) and isinstance(entry.get("location"), dict):
            found.append((f"$.service_at_locations[{i}].location", entry["location"]))
    return found


def outside_region_errors(region: Any, documents: list[tuple[int | None, Any]]) -> list:
    """HSDS services whose addresses are not in the region's municipalities, as errors naming
    the line, the path and the city; a service with no address in the region must say that it
    serves the whole region (``service_areas``)."""
    from django.utils.translation import gettext as _

    from tsunagu.directory.validation import DocumentError

    places = RegionPlaces(region)
    errors = []
    for line, document in documents:
        if not isinstance(document, dict):
            continue
        inside = False
        for path, location in _locations(document):
            for j, address in enumerate(location.get("addresses") or []):
                if not isinstance(address, dict):
                    continue
                city = f"{address.get('state_province') or ''}{address.get('city') or ''}"
                if not city.strip():
                    continue
                if places.split(city).municipality is None:
                    errors.append(DocumentError(
                        f"{path}.addresses[{j}].city",
                        _("「%(city)s」は圏域の市町村ではありません。") % {"city": city.strip()},
                        line,
                    ))
                else:
                    inside = True
        if not inside and not document.get("service_areas") and not any(
            e.line == line for e in errors
        ):
            errors.append(DocumentError("$", _(
                "圏域の市町村にある所在地がありません。圏域全体が対象なら service_areas に書いてください。"
            ), line))
    return errors
