"""What ``safeguarding`` registers in the person-link registry (tsunagu.people.links), and
its section of the person page (権利擁護・緊急時の備え)."""

from django.utils.translation import gettext_lazy as _

from tsunagu.people.links import (
    Handling,
    register_linked_record,
    register_person_link,
    register_person_section,
)
from tsunagu.safeguarding.models import (
    AbuseReport,
    AbuseReportStep,
    AbuseRouting,
    DailyLifeSupportReferral,
    EmergencyEvent,
    EmergencyRegistration,
    GuardianshipCase,
)
from tsunagu.safeguarding.rights.selectors import person_rights_summary

_ABUSE_SECRECY = _("開示しません（通報者の秘密：障害者虐待防止法第8条）")


def register() -> None:
    register_person_link(
        AbuseReport,
        handling=Handling(
            encrypted=frozenset({"reporter_identity"}),
            withheld={"reporter_identity": _ABUSE_SECRECY},
            safeguarding=True,
            contact_dates=("received_at", "closed_at"),
        ),
    )
    register_linked_record(
        AbuseReportStep, via="report__person", handling=Handling(safeguarding=True)
    )
    # 都道府県・労働局への報告 (§17, §24, §26): follows its report
    register_linked_record(
        AbuseRouting, via="report__person", handling=Handling(safeguarding=True)
    )
    register_person_link(GuardianshipCase, handling=Handling(contact_dates=("updated_at",)))
    register_person_link(
        DailyLifeSupportReferral, handling=Handling(contact_dates=("referred_on",))
    )
    # One registration per person: the duplicate's moves only if the kept person has none
    # (otherwise it stays on the merged record, for history).
    register_person_link(
        EmergencyRegistration,
        handling=Handling(contact_dates=("registered_on", "reviewed_on")),
    )
    register_person_link(
        EmergencyEvent, handling=Handling(contact_dates=("started_at", "ended_at"))
    )
    register_person_section("safeguarding/guardianship_person_section.html", person_rights_summary)
