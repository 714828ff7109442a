"""Who gets what, at every address: a table written by hand of every URL pattern × every role →
the answer expected, for reading (GET) and for each write (POST). It does not ask
governance/access: the table says what the rules say, and the code is held to it. A URL
pattern with no row fails test_every_url_pattern_has_a_row; to add a page, add a Row.

Answers, one per role in the order of ROLES: a status (200, 403, 404, 405…); L, a 302 to the
sign-in page; R, a 302 elsewhere (a write's own URL read with GET goes to its page); ok, the right
to write: anything but 403, 404, 405, 5xx and the sign-in page (a 302, or a 400 for the minimal
data); no, refused by the write itself (see fits). A 403 or 404 must also write nothing.

The world is built once, in a transaction rolled back after the module; each request runs in a
savepoint rolled back after it, so every write meets the world as built.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.helpers import import_lines, make_person, png_file

ROLES = (
    "anon",  # signed out
    "outsider",  # signed in, no appointment anywhere
    "observer",  # Role.OBSERVER in FSG
    "member",  # a seat in FSG
    "substitute",  # substitute for the member
    "cochair",  # co-chair of FSG, in a seat
    "secretariat",  # FSG's secretariat
    "other_secretariat",  # the secretariat of the focus group Sundhed for voksne, not of FSG
    "ended_secretariat",  # FSG's secretariat until yesterday
    "admin",  # administrator
)
pytestmark = pytest.mark.django_db  # each test in a savepoint of the world's transaction
EMAILS = {role: f"{role.replace('_', '-')}@matrix.test" for role in ROLES[1:]}


@dataclass(frozen=True)
class Row:
    name: str  # the URL pattern's name ("admin:…" for Django's admin, "static" for a file)
    path: str  # with {fields} of World.values, and {feed}/{me}: the role's own
    get: str
    post: str = ""
    data: dict[str, str] = field(default_factory=dict)


# fmt: off
#                 anon  outsider observer member substitute cochair secretariat other ended admin
ROWS = [
    # ---- open to all, and the pages every signed-in user has ---------------------------------
    Row("login", "/login/",                 "200  R    R    R    R    R    R    R    R    R"),
    Row("logout", "/logout/",               "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    L    L    L    L    L    L    L    L    L"),
    Row("accept_invitation", "/invitation/{uid}/{token}/",
                                            "200  200  200  200  200  200  200  200  200  200",
        post=                               "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    Row("accessibility", "/accessibility/", "200  200  200  200  200  200  200  200  200  200"),
    Row("privacy", "/privacy/",             "200  200  200  200  200  200  200  200  200  200"),
    Row("set_language", "/language/",       "R    R    R    R    R    R    R    R    R    R",
        post=                               "R    R    R    R    R    R    R    R    R    R",
        data={"language": "en", "next": "/"}),
    Row("healthz", "/healthz",              "200  200  200  200  200  200  200  200  200  200"),
    Row("favicon", "/favicon.ico",          "R    R    R    R    R    R    R    R    R    R"),
    Row("static", "/static/klynge/klynge.css",
                                            "200  200  200  200  200  200  200  200  200  200"),
    Row("charter_schema", "/charters/schema.json",
                                            "200  200  200  200  200  200  200  200  200  200"),
    # Each person's own calendar (the administrator and the outsider are no person: none).
    Row("calendar_feed", "/calendar/{feed}.ics",
                                            "404  404  200  200  200  200  200  200  200  404"),
    Row("calendar_feed", "/calendar/not-a-token.ics",
                                            "404  404  404  404  404  404  404  404  404  404"),
    Row("overview", "/",                    "L    200  200  200  200  200  200  200  200  200"),
    Row("bodies", "/bodies/",               "L    200  200  200  200  200  200  200  200  200"),
    Row("followup", "/followup/",           "L    200  200  200  200  200  200  200  200  200"),
    Row("meetings", "/meetings/",           "L    200  200  200  200  200  200  200  200  200"),
    Row("search", "/search/?q=akutpladser", "L    200  200  200  200  200  200  200  200  200"),
    Row("calendar_address", "/meetings/calendar/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  ok   ok   ok   ok   ok   ok   ok   404"),
    Row("renew_calendar_address", "/meetings/calendar/renew/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  ok   ok   ok   ok   ok   ok   ok   404"),
    Row("person_detail", "/people/{member_person}/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("person_detail", "/people/{me}/",   "L    404  200  200  200  200  200  200  200  404"),
    # ---- member files: the secretariat of some body, while appointed, and administrators ------
    Row("member_import", "/members/import/",
                                            "L    403  403  403  403  403  200  200  403  200",
        post=                               "L    403  403  403  403  403  ok   ok   403  ok"),
    Row("member_import_confirm", "/members/import/confirm/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    403  403  403  403  403  ok   ok   403  ok"),
    Row("member_template", "/members/import/template.csv",
                                            "L    403  403  403  403  403  200  200  403  200"),
    # ---- FSG: read by everyone appointed to it today; changed by its secretariat --------------
    Row("body_detail", "/bodies/fsg/",      "L    404  200  200  200  200  200  404  404  200"),
    # Another body: FSG's secretariat runs the operative groups (seed 000 § 5), not the focus group.
    Row("body_detail", "/bodies/fog-voksen-somatik/",
                                            "L    404  404  404  404  404  200  404  404  200"),
    Row("body_detail", "/bodies/sundhed-for-voksne/",
                                            "L    404  404  404  404  404  404  200  404  200"),
    Row("charter_versions", "/bodies/fsg/charter/versions/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("charter_diff", "/bodies/fsg/charter/compare/?from={version}&to={version}",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("charter_download", "/bodies/fsg/charter/v{version}.md",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("chairs", "/bodies/fsg/chairs/",    "L    404  200  200  200  200  200  404  404  200"),
    Row("body_meetings", "/bodies/fsg/meetings/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("body_archive", "/bodies/fsg/archive/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("proposals", "/bodies/fsg/proposals/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    # Observers read, but do not propose; the secretariat puts items on agendas itself.
    Row("propose", "/bodies/fsg/proposals/new/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  ok   ok   ok   403  404  404  403"),
    Row("put_proposal_on_agenda", "/bodies/fsg/proposals/{proposal}/agenda/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("answer_proposal", "/bodies/fsg/proposals/{proposal}/answer/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    # The focus group sets up groups (seed 004), FSG does not: its own secretariat's, not FSG's.
    Row("new_group", "/bodies/sundhed-for-voksne/groups/new/",
                                            "L    404  404  404  404  404  404  200  404  200",
        post=                               "L    404  404  404  404  404  404  ok   404  ok"),
    Row("close_body", "/bodies/fsg/close/", "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("charter_import", "/bodies/fsg/charter/import/",
                                            "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("charter_edit", "/bodies/fsg/charter/edit/",
                                            "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("appoint", "/bodies/fsg/appoint/",  "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("end_appointment", "/bodies/fsg/appointments/{appointment}/end/",
                                            "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("edit_appointment", "/bodies/fsg/appointments/{appointment}/edit/",
                                            "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("replace_appointment", "/bodies/fsg/appointments/{appointment}/replace/",
                                            "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("chairs_rotation", "/bodies/fsg/chairs/rotation/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    # The steering group's co-chairs are chosen for periods; no role here sits in it.
    Row("chairs_periods", "/bodies/klyngestyregruppe/chairs/periods/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  404  404  404  404  404  404  404  ok"),
    Row("plan_year", "/bodies/fsg/meetings/plan/",
                                            "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("new_meeting", "/bodies/fsg/meetings/new/",
                                            "L    404  403  403  403  403  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    # ---- the coming meeting: agenda sent -------------------------------------------------------
    Row("meeting_detail", "/meetings/{coming}/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("agenda", "/meetings/{coming}/agenda/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("agenda_item", "/meetings/{coming}/agenda/{item}/",
                                            "L    404  200  200  200  200  200  404  404  200",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("meeting_attachment", "/meetings/{coming}/attachments/{attachment}/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("meeting_document", "/meetings/{coming}/documents/pack.pdf",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("meeting_document_status", "/meetings/{coming}/documents/pack/status/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("meeting_documents_zip", "/meetings/{coming}/documents.zip",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("build_meeting_document", "/meetings/{coming}/documents/pack/build/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  ok   ok   ok   ok   ok   404  404  ok"),
    # A member sends an apology for themselves; observers and those without a seat do not.
    Row("send_apology", "/meetings/{coming}/apology/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  ok   ok   ok   403  404  404  403"),
    Row("withdraw_apology", "/meetings/{coming}/apology/withdraw/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  no   ok   ok   ok   no   404  404  403"),
    # A co-chair approves; for another reader the approval itself refuses (no).
    Row("approve_agenda", "/meetings/{coming}/agenda/approve/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  no   no   no   ok   no   404  404  403"),
    Row("change_meeting", "/meetings/{coming}/change/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("cancel_meeting_page", "/meetings/{coming}/cancel/",
                                            "L    404  403  403  403  403  200  404  404  200"),
    Row("cancel_meeting", "/meetings/{coming}/cancel/confirm/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("set_meeting_leader", "/meetings/{coming}/leader/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("add_agenda_item", "/meetings/{coming}/agenda/add/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("send_agenda", "/meetings/{coming}/agenda/send/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("ask_agenda_approval", "/meetings/{coming}/agenda/ask/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("announce_agenda_changes", "/meetings/{coming}/agenda/announce/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("move_agenda_item", "/meetings/{coming}/agenda/{item}/move/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("postpone_agenda_item", "/meetings/{coming}/agenda/{item}/postpone/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("upload_attachment", "/meetings/{coming}/agenda/{item}/attachments/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("delete_attachment", "/meetings/{coming}/attachments/{attachment}/delete/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    # ---- the held meeting: minutes published, with an action -----------------------------------
    Row("minutes", "/meetings/{published}/minutes/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("minutes_summary", "/meetings/{published}/summary/",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("meeting_document", "/meetings/{published}/documents/minutes.pdf",
                                            "L    404  200  200  200  200  200  404  404  200"),
    Row("add_action", "/meetings/{published}/minutes/actions/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("action_done", "/meetings/{published}/minutes/actions/{action}/done/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("reopen_action", "/meetings/{published}/minutes/actions/{action}/reopen/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("remove_action", "/meetings/{published}/minutes/actions/{action}/remove/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    # ---- the meeting whose minutes are a draft: the secretariat's and the co-chairs' -----------
    Row("minutes", "/meetings/{draft}/minutes/",
                                            "L    404  404  404  404  200  200  404  404  200"),
    # The summary and the PDF of a draft stay with the secretariat, as today.
    Row("minutes_summary", "/meetings/{draft}/summary/",
                                            "L    404  404  404  404  404  200  404  404  200"),
    Row("meeting_document", "/meetings/{draft}/documents/minutes.pdf",
                                            "L    404  404  404  404  404  200  404  404  200"),
    Row("save_minutes", "/meetings/{draft}/minutes/save/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  404  404  404  403  ok   404  404  ok"),
    Row("approve_minutes", "/meetings/{draft}/minutes/approve/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  404  404  404  ok   no   404  404  403"),
    Row("publish_minutes", "/meetings/{draft}/minutes/publish/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  404  404  404  403  ok   404  404  ok"),
    Row("ask_minutes_approval", "/meetings/{draft}/minutes/ask/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  404  404  404  403  ok   404  404  ok"),
    # ---- public pages: FSG's are on, the focus group's off (as if it did not exist) -------------
    Row("public_index", "/offentlig/",      "200  200  200  200  200  200  200  200  200  200"),
    Row("public_body", "/offentlig/fsg/",   "200  200  200  200  200  200  200  200  200  200"),
    Row("public_body", "/offentlig/sundhed-for-voksne/",
                                            "404  404  404  404  404  404  404  404  404  404"),
    Row("public_charter", "/offentlig/fsg/kommissorium/",
                                            "200  200  200  200  200  200  200  200  200  200"),
    Row("public_meeting", "/offentlig/fsg/moeder/{coming}/",
                                            "200  200  200  200  200  200  200  200  200  200"),
    Row("public_attachment", "/offentlig/fsg/bilag/{public_attachment}/",
                                            "200  200  200  200  200  200  200  200  200  200"),
    # Not marked public: nobody gets it here, members included (they have the meeting's page).
    Row("public_attachment", "/offentlig/fsg/bilag/{attachment}/",
                                            "404  404  404  404  404  404  404  404  404  404"),
    Row("switch_public_pages", "/bodies/fsg/public/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    # ---- who sits elsewhere: the secretariat proposes, an administrator decides ---------------
    Row("appointed", "/bodies/fsg/appointments/{appointment}/appointed/",
                                            "L    404  403  403  403  403  200  404  404  200"),
    Row("propose_person_change", "/bodies/fsg/appointments/{appointment}/propose-person-change/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok"),
    Row("person_changes", "/people/changes/",
                                            "L    403  403  403  403  403  403  403  403  200"),
    Row("apply_person_change", "/people/changes/999999/apply/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    403  403  403  403  403  403  403  403  404"),
    Row("dismiss_person_change", "/people/changes/999999/dismiss/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    403  403  403  403  403  403  403  403  404"),
    # ---- theme days shared with consent: answered by the asked body's secretariat --------------
    Row("share_requests", "/meetings/sharing/",
                                            "L    403  403  403  403  403  200  200  403  200"),
    Row("accept_share_request", "/meetings/sharing/999999/accept/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    403  403  403  403  403  404  404  403  404"),
    Row("decline_share_request", "/meetings/sharing/999999/decline/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    403  403  403  403  403  404  404  403  404"),
    # ---- an attachment closed or public: the secretariat ---------------------------------------
    Row("attachment_access", "/meetings/{coming}/attachments/{attachment}/access/",
                                            "L    405  405  405  405  405  405  405  405  405",
        post=                               "L    404  403  403  403  403  ok   404  404  ok",
        data={"closed": "on"}),
    # ---- the audit trail and the access log ----------------------------------------------------
    Row("audit_trail", "/audit/",           "L    403  403  403  403  403  403  403  403  200"),
    Row("access_log", "/audit/access/",     "L    403  403  403  403  403  403  403  403  200"),
    Row("body_history", "/bodies/fsg/history/",
                                            "L    404  403  403  403  403  200  404  404  200"),
    # A person reads their own trail; a body's secretariat reads appointments in the body's.
    Row("person_history", "/people/{member_person}/history/",
                                            "L    404  403  200  403  403  403  404  404  200"),
    Row("person_history", "/people/{me}/history/",
                                            "L    404  200  200  200  200  200  200  200  404"),
    # ---- personal data: one's own, and administrators anyone's ---------------------------------
    Row("profile", "/profile/",             "L    200  200  200  200  200  200  200  200  200"),
    Row("my_data", "/profile/data.json",    "L    200  200  200  200  200  200  200  200  200"),
    Row("my_data", "/profile/data.pdf",     "L    200  200  200  200  200  200  200  200  200"),
    Row("person_data", "/people/{member_person}/data.json",
                                            "L    404  403  200  403  403  403  404  404  200"),
    Row("retention", "/privacy/retention/", "L    403  403  403  403  403  403  403  403  200"),
    Row("save_retention", "/privacy/retention/save/",
                                            "L    R    R    R    R    R    R    R    R    R",
        post=                               "L    403  403  403  403  403  403  403  403  ok",
        data={"retention_months": "36"}),
    # ---- Django's admin: administrators only --------------------------------------------------
    Row("admin:index", "/admin/",           "R    R    R    R    R    R    R    R    R    200"),
    Row("admin:login", "/admin/login/",     "200  200  200  200  200  200  200  200  200  R"),
]
# fmt: on


# ---- the world: FSG with someone in every role, and a meeting in each state ------------------

HEADER = "body,seat,organisation,name,email,start,end,continuing,appointed_by,substitute_for,role"


@dataclass
class World:
    values: dict[str, object]  # the sample values the paths name
    sessions: dict[str, str]  # the session cookie of each signed-in role
    own: dict[str, dict[str, object]]  # per role: {feed} and {me}, its own calendar and page


def build_world() -> World:
    from klynge.accounts.audit import SystemActor
    from klynge.governance.models import Appointment, Body, CharterVersion, Person
    from klynge.meetings import minutes, proposals, services
    from klynge.meetings.attachments import add_attachment
    from klynge.meetings.documents import ready_document
    from klynge.meetings.models import Attachment

    actor = SystemActor("test")
    today = timezone.localdate()
    # Explicit ends, so that no council period's end falls between the meetings and today.
    start = (today - datetime.timedelta(days=200)).isoformat()
    end = (today + datetime.timedelta(days=400)).isoformat()
    fsg = Body.objects.get(key="fsg")
    e = EMAILS
    import_lines([
        HEADER,
        f"fsg,patienter,patienter,Maja Medlem,{e['member']},{start},{end},,PIU,,",
        f"fsg,patienter,patienter,Sune Stedfortræder,{e['substitute']},{start},{end},,PIU,{e['member']},",
        f"fsg,hospitalsledelse,goedstrup,Rikke Medformand,{e['cochair']},{start},{end},,,,chair",
        f"fsg,,rm,Olga Observatør,{e['observer']},{start},{end},,,,observer",
        f"fsg,,goedstrup,Lars Sekretariat,{e['secretariat']},{start},{end},,,,secretariat",
        f"sundhed-for-voksne,,herning,Sara Sekretariat,{e['other_secretariat']},{start},{end},,,,secretariat",
        f"fsg,,goedstrup,Erik Fratrådt,{e['ended_secretariat']},{start},{end},,,,secretariat",
    ])  # fmt: skip
    Appointment.objects.filter(person__email=e["ended_secretariat"]).update(
        end=today - datetime.timedelta(days=1)
    )
    users = {
        role: make_person(email, role, is_staff=role == "admin", is_superuser=role == "admin")
        for role, email in e.items()
    }
    people = {p.email: p for p in Person.objects.filter(email__in=e.values())}
    member, cochair = people[e["member"]], people[e["cochair"]]

    def day(n: int) -> services.MeetingRow:
        when = today + datetime.timedelta(days=n)
        return services.MeetingRow(when, datetime.time(13), datetime.time(15), place="Gødstrup")

    published, draft, coming = services.create_meetings(
        acting_user=actor, body=fsg, notify=False, rows=[day(-70), day(-14), day(60)]
    )
    services.approve_agenda(acting_user=actor, meeting=published, person=cochair)
    services.send_agenda(acting_user=actor, meeting=published)  # before it was held
    for meeting in (published, draft):
        first = meeting.items.order_by("position")[0]
        typed = minutes.MinutesInput(decisions={first.pk: "Dagsordenen blev godkendt."})
        minutes.save_minutes(acting_user=actor, meeting=meeting, based_on=0, values=typed)
    action = minutes.add_action(
        acting_user=actor, meeting=published, title="Skriv til PIU", owner=member
    )
    published.refresh_from_db()
    minutes.approve_minutes(acting_user=actor, meeting=published, person=cochair)
    minutes.publish_minutes(acting_user=actor, meeting=published)
    item = services.add_item(
        acting_user=actor, meeting=coming, values={"title": "Akutpladser", "kind": "decision"}
    )
    attachment = add_attachment(
        acting_user=actor, item=item, upload=ContentFile(png_file(), name="Kort.png")
    )
    shown = add_attachment(
        acting_user=actor, item=item, upload=ContentFile(png_file(), name="Offentligt.png")
    )
    Attachment.objects.filter(pk=shown.pk).update(public=True)
    Body.objects.filter(pk=fsg.pk).update(public_pages=True)
    services.approve_agenda(acting_user=actor, meeting=coming, person=cochair)
    services.send_agenda(acting_user=actor, meeting=coming)
    proposal = proposals.propose(acting_user=actor, body=fsg, person=member, title="Transport")
    # Built once here: a download then reads the file instead of setting the PDF again.
    for meeting, kind in ((coming, "pack"), (published, "minutes"), (draft, "minutes")):
        meeting.refresh_from_db()
        ready_document(acting_user=actor, meeting=meeting, kind=kind)
    invited = make_person("invited@matrix.test", "Ida Inviteret")
    feeds = {r: services.feed_for(acting_user=actor, person=people[m]).token
             for r, m in e.items() if m in people}  # fmt: skip
    sessions = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    version = CharterVersion.objects.filter(body=fsg).order_by("version").first()
    assert version is not None
    values: dict[str, object] = dict(
        coming=coming.pk, published=published.pk, draft=draft.pk, item=item.pk,
        attachment=attachment.pk, public_attachment=shown.pk, action=action.pk, proposal=proposal.pk, version=version.version,
        appointment=Appointment.objects.get(body=fsg, person=member).pk, member_person=member.pk,
        uid=urlsafe_base64_encode(force_bytes(invited.pk)),  # type: ignore[attr-defined]
        token=default_token_generator.make_token(invited),  # type: ignore[arg-type]
    )  # fmt: skip
    own: dict[str, dict[str, object]] = {
        role: {"feed": feeds.get(role, "none"), "me": people[email].pk if email in people else 0}
        for role, email in {"anon": "", **e}.items()
    }
    return World(values, sessions, own)


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: object, shipped_cluster: object
) -> Iterator[World]:
    """The cluster, its charters and the world, in a transaction rolled back after the module's
    last test (the database stays open to the module's tests meanwhile)."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        shipped_cluster.cluster.copy_into_database()  # type: ignore[attr-defined]
        shipped_cluster.charters.copy_into_database()  # type: ignore[attr-defined]
        yield build_world()
        transaction.set_rollback(True)


# ---- asking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    code: str  # as the table writes it: "200", "L", "R", "500 (what failed)"…
    wrote: bool  # whether the request added to the audit trail


def answer(world: World, role: str, method: str, path: str, data: dict[str, str]) -> Answer:
    """What the role gets; the request's writes are undone after."""
    from klynge.accounts.models import AuditEntry

    client = Client()
    if role != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    try:
        with transaction.atomic():
            audited = AuditEntry.objects.count()
            response = client.get(path) if method == "GET" else client.post(path, data)
            wrote = AuditEntry.objects.count() != audited
            transaction.set_rollback(True)
    except Exception as error:  # the cell then says what went wrong
        return Answer(f"500 ({type(error).__name__}: {error})", False)
    if response.status_code != 302:
        return Answer(str(response.status_code), wrote)
    return Answer("L" if response["Location"].startswith("/login/") else "R", wrote)


def fits(expected: str, got: Answer) -> bool:
    """`ok`: the right to write, so anything but a refusal, the sign-in page, a wrong method or
    a failure. `no`: refused by the write itself (a co-chair's approval asked of someone who is
    none), so any answer but a failure, with nothing written. A 403 or 404 writes nothing."""
    if expected == "ok":
        return got.code not in {"L", "403", "404", "405"} and not got.code.startswith("5")
    if expected == "no":
        return not got.code.startswith("5") and not got.wrote
    return got.code == expected and not (expected in {"403", "404"} and got.wrote)


# ---- the tests ----------------------------------------------------------------------------------


def url_patterns() -> set[str]:
    """The name of every URL pattern (`admin:…` for the admin's, the route where unnamed)."""

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            else:
                yield f"{namespace}{pattern.name or pattern.pattern}"

    return set(walk(get_resolver().url_patterns, ""))


def test_every_url_pattern_has_a_row() -> None:
    patterns = url_patterns()
    covered = {row.name for row in ROWS}
    admin = {p for p in patterns if p.startswith("admin:")}
    missing = sorted(p for p in patterns - admin if p not in covered)
    assert missing == [], f"URL patterns with no row in the access matrix: {missing}"
    assert {"admin:index", "admin:login"} <= admin, "the admin's rows name pages it no longer has"
    stale = sorted(covered - patterns - {"static"})
    assert stale == [], f"rows for URL patterns that do not exist: {stale}"


def test_every_row_has_an_answer_for_every_role() -> None:
    tokens = {"200", "204", "400", "403", "404", "405", "409", "L", "R", "ok", "no"}
    for row in ROWS:
        for line in filter(None, (row.get, row.post)):
            assert len(line.split()) == len(ROLES), f"{row.name}: {line!r}"
            assert set(line.split()) <= tokens, f"{row.name}: {line!r}"


def test_every_row_reaches_the_pattern_it_names(world: World) -> None:
    for row in ROWS:
        if row.name == "static":
            continue
        path = row.path.format(**world.values, **world.own["member"]).split("?")[0]
        match = resolve(path)
        assert match.view_name == row.name, f"{row.path} reaches {match.view_name}"


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{index:02d}-{row.name}" for index, row in enumerate(ROWS)]
)
def test_access(world: World, row: Row) -> None:
    """Every role at one address; the cells that differ from the table are listed together."""
    wrong = []
    for role in ROLES:
        path = row.path.format(**world.values, **world.own[role])
        for method, line in (("GET", row.get), ("POST", row.post)):
            if not line:
                continue
            expected = line.split()[ROLES.index(role)]
            got = answer(world, role, method, path, row.data)
            if not fits(expected, got):
                wrote = ", and wrote to the audit trail" if got.wrote else ""
                wrong.append(
                    f"{method} {path} as {role}: expected {expected}, got {got.code}{wrote}"
                )
    assert not wrong, "\n".join(wrong)
