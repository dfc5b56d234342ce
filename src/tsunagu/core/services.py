"""Use cases of the shared core: regions, municipalities, organizations."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, ListItem, Municipality, Organization, Region


@transaction.atomic
def region_create(
    *, actor: Any, code: str, name: str, municipalities: list[tuple[str, str]]
) -> Region:
    """A new region with its municipalities. Raises ValueError with a readable message."""
    if Region.objects.filter(code=code).exists():
        raise ValueError(_("圏域コード '%(code)s' はすでにあります。") % {"code": code})
    codes = [c for c, _name in municipalities]
    if len(set(codes)) != len(codes):
        raise ValueError(_("市町村コードが重複しています。"))
    if not municipalities:
        raise ValueError(_("市町村を1つ以上指定してください。"))
    region = Region(code=code, name=name)
    try:
        region.full_clean()
    except ValidationError as error:
        raise ValueError("; ".join(error.messages)) from None
    region.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=region, region=region)
    for mcode, mname in municipalities:
        municipality = Municipality(region=region, code=mcode, name=mname)
        try:
            municipality.full_clean()
        except ValidationError as error:
            raise ValueError(f"{mcode}:{mname}: " + "; ".join(error.messages)) from None
        municipality.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=municipality, region=region)
    list_defaults_seed(region=region)
    return region


def list_defaults_seed(*, region: Region) -> int:
    """Give ``region`` the default lists of DOMAIN.md; items it already has are kept."""
    from tsunagu.core.lists import DEFAULT_LISTS, DEFAULT_NATIONAL_CODES

    existing = set(ListItem.objects.filter(region=region).values_list("kind", "code"))
    new = [
        ListItem(
            region=region,
            kind=kind,
            code=code,
            label=label,
            aliases=aliases,
            sort_order=(i + 1) * 10,
            national_code=DEFAULT_NATIONAL_CODES.get(kind, {}).get(code, ""),
        )
        for kind, items in DEFAULT_LISTS.items()
        for i, (code, label, aliases) in enumerate(items)
        if (kind, code) not in existing
    ]
    ListItem.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def organization_upsert(*, actor: Any, region: Region, name: str, **fields: Any) -> Organization:
    """Create the organization ``name`` in ``region``, or update its fields."""
    organization = Organization.objects.filter(region=region, name=name).first()
    if organization is None:
        organization = Organization(region=region, name=name, **fields)
        organization.full_clean()
        organization.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=organization)
        return organization
    changed = [k for k, v in fields.items() if getattr(organization, k) != v]
    if changed:
        for key in changed:
            setattr(organization, key, fields[key])
        organization.full_clean()
        organization.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=organization,
            summary="changed: " + ",".join(changed),
        )
    return organization


@transaction.atomic
def list_item_save(
    *,
    actor: Any,
    region: Region,
    kind: str,
    item: ListItem | None,
    code: str,
    label: str,
    aliases: str = "",
    sort_order: int = 0,
    is_active: bool = True,
    national_code: str | None = None,
) -> ListItem:
    """Add an item to a list, or change an existing one (its code never changes).

    ``national_code`` None keeps the item's national category (blank for a new item)."""
    label = label.strip()
    others = ListItem.objects.filter(region=region, kind=kind)
    if item is not None:
        others = others.exclude(pk=item.pk)
    if others.filter(label=label).exists():
        raise ValidationError({"label": _("同じ表示名の項目がすでにあります。")})
    if item is None:
        if others.filter(code=code).exists():
            raise ValidationError({"code": _("同じコードの項目がすでにあります。")})
        item = ListItem(region=region, kind=kind, code=code)
        action = AuditAction.CREATE
    else:
        action = AuditAction.UPDATE
    item.label, item.aliases, item.sort_order, item.is_active = (
        label,
        aliases,
        sort_order,
        is_active,
    )
    if national_code is not None:
        item.national_code = national_code
    item.full_clean()
    item.save()
    audit_record(actor=actor, action=action, target=item, summary=f"{kind}:{item.code}")
    return item
