"""Every write to meetings, one module per part of the cycle: planning (`plan`), calendar feeds
(`feeds`), the agenda's items (`agenda`), approving and sending it (`sending`), asking the
co-chairs to approve (`approval`), and apologies (`apologies`). Callers use
`from klynge.meetings import services` and the names below."""

from klynge.meetings.services.agenda import (
    ITEM_FIELDS,
    ItemChanged,
    add_item,
    add_standard_items,
    agenda_changed,
    change_item,
    later_meetings,
    move_item,
    postpone_item,
    renumber,
    time_slots,
)
from klynge.meetings.services.apologies import (
    send_apology,
    substitutes_for,
    withdraw_apology,
)
from klynge.meetings.services.approval import (
    ask_co_chairs,
    awaits_approval,
    co_chairs_of,
)
from klynge.meetings.services.feeds import (
    feed_for,
    feed_meetings,
    renew_feed,
)
from klynge.meetings.services.plan import (
    FIELDS,
    MeetingChanged,
    MeetingRow,
    cancel_meeting,
    change_meeting,
    create_meetings,
    tell_members,
)
from klynge.meetings.services.sending import (
    announce_changes,
    approve_agenda,
    record_approval,
    send_agenda,
    set_leader,
)
from klynge.meetings.services.sharing import (
    Shared,
    answer_share_request,
    charter_partners,
    share_meeting,
)

__all__ = [
    "FIELDS",
    "ITEM_FIELDS",
    "ItemChanged",
    "MeetingChanged",
    "MeetingRow",
    "Shared",
    "add_item",
    "add_standard_items",
    "agenda_changed",
    "announce_changes",
    "answer_share_request",
    "approve_agenda",
    "ask_co_chairs",
    "awaits_approval",
    "cancel_meeting",
    "change_item",
    "change_meeting",
    "charter_partners",
    "co_chairs_of",
    "create_meetings",
    "feed_for",
    "feed_meetings",
    "later_meetings",
    "move_item",
    "postpone_item",
    "record_approval",
    "renew_feed",
    "renumber",
    "send_agenda",
    "send_apology",
    "set_leader",
    "share_meeting",
    "substitutes_for",
    "tell_members",
    "time_slots",
    "withdraw_apology",
]
