"""What ``community`` registers in the person-link registry (tsunagu.people.links)."""

from tsunagu.community.models import (
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
    from tsunagu.community.selectors import observations_by_category
    from tsunagu.needs.beside import register_beside_counts

    # 地域の声 beside the persons of a candidate issue (same 課題分類), never counted as persons
    register_beside_counts("observations", observations_by_category)
    register_person_link(CaseMeeting, handling=Handling(contact_dates=("held_on",)))
    register_linked_record(CaseMeetingAttendee, via="meeting__person")
    register_linked_record(CaseMeetingAction, via="meeting__person")
    # The support to a provider stays (it counts for the provider); the person link moves.
    register_person_link(ProviderSupport, handling=Handling(clear=frozenset({"person"})))
    register_person_section("community/case_meeting_person_section.html", person_case_meetings)
