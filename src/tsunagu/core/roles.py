"""The roles and what each may do. This table is the one place access is decided;
tsunagu.core.access applies it to requests and querysets."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("管理者")
    CENTER_STAFF = "center_staff", _("センター相談員")
    PROVIDER_STAFF = "provider_staff", _("事業所職員")
    SECRETARIAT = "secretariat", _("協議会事務局")
    MUNICIPALITY = "municipality", _("市町村職員")
    MEMBER = "member", _("ネットワーク会員")


class Capability(StrEnum):
    PERSONAL_ALL = "personal_all"  # every person on record in the region
    PERSONAL_ASSIGNED = "personal_assigned"  # persons assigned to the user's organization
    DEIDENTIFIED = "deidentified"  # anonymized cases and community issues, never names
    AGGREGATES = "aggregates"  # de-identified counts with small counts suppressed
    NETWORK = "network"  # the agency network: notices, events, disaster status
    DIRECTORY = "directory"  # the region's organizations and resources
    MANAGE_REGION = "manage_region"  # accounts and the audit log of the region
    COUNCIL = "council"  # raise and carry community issues, run council meetings, write proposals
    SAFEGUARDING = "safeguarding"  # abuse reports (虐待通報): designated roles only
    # the abuse cases of the user's own municipality: under 障害者虐待防止法 the 市町村 receives,
    # confirms facts, holds the コアメンバー会議 and decides
    MUNICIPAL_ABUSE = "municipal_abuse"
    DIRECTORY_EDIT = "directory_edit"  # edit directory entries and approve members' proposals
    # the material-support programs (donations, stock, pantry check-in by number, cafeteria,
    # appliances) — no names or contacts: households' personal details need PERSONAL_ALL
    FOODBANK = "foodbank"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: frozenset(
        {
            Capability.PERSONAL_ALL,
            Capability.DEIDENTIFIED,
            Capability.AGGREGATES,
            Capability.NETWORK,
            Capability.DIRECTORY,
            Capability.MANAGE_REGION,
            Capability.COUNCIL,
            Capability.SAFEGUARDING,
            Capability.DIRECTORY_EDIT,
            Capability.FOODBANK,
        }
    ),
    Role.CENTER_STAFF: frozenset(
        {
            Capability.PERSONAL_ALL,
            Capability.DEIDENTIFIED,
            Capability.AGGREGATES,
            Capability.NETWORK,
            Capability.DIRECTORY,
            Capability.COUNCIL,
            Capability.SAFEGUARDING,
            Capability.DIRECTORY_EDIT,
            Capability.FOODBANK,
        }
    ),
    Role.PROVIDER_STAFF: frozenset(
        {Capability.PERSONAL_ASSIGNED, Capability.NETWORK, Capability.DIRECTORY}
    ),
    Role.SECRETARIAT: frozenset(
        {
            Capability.DEIDENTIFIED,
            Capability.AGGREGATES,
            Capability.NETWORK,
            Capability.DIRECTORY,
            Capability.COUNCIL,
            Capability.DIRECTORY_EDIT,
        }
    ),
    Role.MUNICIPALITY: frozenset(
        {
            Capability.AGGREGATES,
            Capability.NETWORK,
            Capability.DIRECTORY,
            Capability.MUNICIPAL_ABUSE,
        }
    ),
    # members include the volunteer groups that run the pantry, the cafeteria and the food bank
    Role.MEMBER: frozenset({Capability.NETWORK, Capability.FOODBANK}),
}

# Anyone who can see personal data, or can manage accounts, must pass two-factor login.
TWO_FACTOR_CAPABILITIES = frozenset(
    {
        Capability.PERSONAL_ALL,
        Capability.PERSONAL_ASSIGNED,
        Capability.MANAGE_REGION,
        Capability.SAFEGUARDING,
        Capability.MUNICIPAL_ABUSE,
    }
)


def capabilities_of(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(role, frozenset())


def role_requires_two_factor(role: str) -> bool:
    return bool(capabilities_of(role) & TWO_FACTOR_CAPABILITIES)
