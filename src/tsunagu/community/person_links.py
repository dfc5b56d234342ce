"""What ``community`` registers in the person-link registry (tsunagu.people.links)."""

from tsunagu.community.models import (
    CaseConference,
    CaseConferenceAttendance,
    CaseMeeting,
    CaseMeetingAction,
    CaseMeetingAttendee,
    ProviderSupport,
)
from tsunagu.community.selectors import person_case_meetings
from tsunagu.people.links import (
    Handling,
    register_linked_record,
    register_person_link,
    register_person_section,
)


def register() -> None:
    register_person_link(CaseMeeting, handling=Handling(contact_dates=("held_on",)))
    register_linked_record(CaseMeetingAttendee, via="meeting__person")
    register_linked_record(CaseMeetingAction, via="meeting__person")
    # The support to a provider stays (it counts for the provider); the person link moves.
    register_person_link(ProviderSupport, handling=Handling(clear=frozenset({"person"})))
    # 合同事例検討会: the case stays with the event; the link to the person moves on a merge
    register_person_link(CaseConference)
    register_linked_record(CaseConferenceAttendance, via="conference__person")
    register_person_section("community/case_meeting_person_section.html", person_case_meetings)
