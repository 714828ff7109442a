"""The charter checked against reality: every rule of the charter in force on a date becomes checks.

Plain values in, findings out. A finding has a stable rule id (listed in docs/compliance.md), the
clause it cites, a severity — `error`: a breach on the date; `warning`: a breach coming within 60 days;
`info`: advice — a message rendered in Danish or English, and its subject (seat, organisation,
person). Findings for a date depend only on the appointments valid on that date, whatever their
order.

One module per rule family: seats, chairs (with the secretariat and sub-groups' chairs), terms,
ad-hoc groups, the meeting rules a year and the deadlines of agendas and minutes.
"""

from klynge.core.compliance.ad_hoc import check_ad_hoc_group
from klynge.core.compliance.chairs import check_sub_body_chairs
from klynge.core.compliance.deadlines import DEFAULT_MINUTES_DAYS, minutes_deadline
from klynge.core.compliance.engine import check_body
from klynge.core.compliance.facts import Holding, MeetingFact, Organisation
from klynge.core.compliance.findings import WARNING_DAYS, Finding, Message, Severity
from klynge.core.compliance.meeting_rules import check_meetings
from klynge.core.compliance.rules import RULES, rule_description

__all__ = [
    "DEFAULT_MINUTES_DAYS",
    "RULES",
    "WARNING_DAYS",
    "Finding",
    "Holding",
    "MeetingFact",
    "Message",
    "Organisation",
    "Severity",
    "check_ad_hoc_group",
    "check_body",
    "check_meetings",
    "check_sub_body_chairs",
    "minutes_deadline",
    "rule_description",
]
