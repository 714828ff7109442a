"""Danish is complete: every text in the code and templates has its Danish translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.helpers import ROOT, require

PO = ROOT / "src" / "klynge" / "locale" / "da" / "LC_MESSAGES" / "django.po"


def entries(path: Path) -> dict[object, object]:
    with path.open("rb") as f:
        return {m.id: m for m in read_po(f) if m.id}


def test_every_danish_entry_is_translated_and_not_fuzzy() -> None:
    for message in entries(PO).values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)  # type: ignore[attr-defined]
        assert all(strings), f"untranslated: {message.id}"  # type: ignore[attr-defined]
        assert not message.fuzzy, f"fuzzy: {message.id}"  # type: ignore[attr-defined]


def test_the_catalogue_holds_every_text_in_the_source(tmp_path: Path) -> None:
    require("GNU gettext (xgettext)", shutil.which("xgettext") is not None)
    copy = tmp_path / "klynge"
    shutil.copytree(
        ROOT / "src" / "klynge", copy, ignore=shutil.ignore_patterns("vendor", "__pycache__")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "da",
            "--no-location",
            "--ignore",
            "static/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(ROOT),
        },
    )
    fresh = entries(copy / "locale" / "da" / "LC_MESSAGES" / "django.po")
    missing = set(fresh) - set(entries(PO))
    assert not missing, f"texts without a Danish translation: {sorted(map(str, missing))}"


# ---- Danish that reads as Danish (/work/shared's glossary, issue 11) ------------------------

TEMPLATES = ROOT / "src" / "klynge"
# Words the glossary rejects: a draft is "udkast", an appointing body "udpeger", the co-chairs
# take turns (never the chairmanship), and the search's word between alternatives is "eller".
REJECTED = [
    re.compile(r"\bkladde", re.IGNORECASE),
    re.compile(r"\budnævn", re.IGNORECASE),
    re.compile(r"formandskabet skiftes", re.IGNORECASE),
    re.compile(r"»[^«]*\bor\b[^«]*«"),
]


def danish_texts() -> list[tuple[str, str]]:
    """Every Danish text: the catalogue's translations and the pages written in Danish only."""
    texts = []
    for message in entries(PO).values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)  # type: ignore[attr-defined]
        texts += [(str(message.id), s) for s in strings]  # type: ignore[attr-defined]
    texts += [(str(path), path.read_text()) for path in TEMPLATES.rglob("*.da.html")]
    return texts


def test_no_danish_text_uses_a_word_the_glossary_rejects() -> None:
    found = [
        (where, text)
        for where, text in danish_texts()
        for pattern in REJECTED
        if pattern.search(text)
    ]
    assert not found, found


def test_the_rejected_words_are_found_where_they_are() -> None:
    """The check above can fail: each rejected word is caught in a sentence that has it."""
    caught = ["Gem som kladde", "De udnævnes", "formandskabet skiftes hvert år", "skriv »or«"]
    assert all(any(p.search(text) for p in REJECTED) for text in caught)
    assert not any(p.search("Gem som udkast; skriv »eller«") for p in REJECTED)


def test_no_catalogue_entry_keeps_an_old_source_text() -> None:
    """Entries that were once fuzzy were re-read: none still carries its old source ("#|")."""
    old = [line for line in PO.read_text().splitlines() if line.startswith(("#|", "# |"))]
    assert not old, old[:5]


def test_every_e_mail_ends_with_the_one_signature() -> None:
    mails = [
        path
        for path in TEMPLATES.glob("*/templates/*/email/*.txt")
        if not path.name.endswith("_subject.txt")
    ]
    assert len(mails) >= 9
    unsigned = [
        path.name
        for path in mails
        if '{% include "partials/email_signature.txt"' not in path.read_text()
    ]
    assert not unsigned, unsigned


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CLOCK_WITH_COLON = re.compile(r"\b\d{1,2}:\d{2}\b")


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def test_pages_give_dates_and_times_the_danish_way_and_seats_by_name(
    client: object, charters: object
) -> None:
    """As the demo's secretariat, on the demo's data: no ISO date, no "13:00", and no seat's key
    on the pages where meetings, members and findings are shown."""
    from klynge.accounts.audit import SystemActor
    from klynge.accounts.models import User
    from klynge.core.charter import Charter
    from klynge.demo import load_demo_data, load_demo_members
    from klynge.governance.models import Appointment, CharterVersion
    from klynge.meetings.models import Meeting

    load_demo_data(acting_user=SystemActor("test"))
    load_demo_members(acting_user=SystemActor("test"))
    client.force_login(User.objects.get(email="lars.oestergaard@klynge.test"))  # type: ignore[attr-defined]
    meeting = Meeting.objects.filter(body__key="fsg").order_by("-date").first()
    assert meeting is not None
    person = Appointment.objects.filter(body__key="fsg", seat="kommune-fagdirektoer").first()
    assert person is not None
    year = meeting.date.year
    pages = [
        "/", "/bodies/fsg/", "/bodies/sundhed-for-voksne/", "/meetings/",
        f"/bodies/fsg/meetings/?year={year}", f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/agenda/", f"/meetings/{meeting.pk}/minutes/",
        f"/people/{person.person_id}/", "/search/?q=eller",
    ]  # fmt: skip
    seat_keys = {
        seat.key
        for data in CharterVersion.objects.values_list("data", flat=True)
        for seat in Charter.model_validate(data).seats
        if "-" in seat.key  # a key like "kommune-fagdirektoer", not a word like "patienter"
    }
    assert "kommune-fagdirektoer" in seat_keys
    shown = 0
    for path in pages:
        response = client.get(path)  # type: ignore[attr-defined]
        if response.status_code == 404:
            continue  # a page another part of the product renamed; the rest still count
        assert response.status_code == 200, path
        shown += 1
        text = visible_text(response.content.decode())
        assert not ISO_DATE.findall(text), (path, ISO_DATE.findall(text))
        assert not CLOCK_WITH_COLON.findall(text), (path, CLOCK_WITH_COLON.findall(text))
        assert not [k for k in seat_keys if k in text], (path, [k for k in seat_keys if k in text])
    assert shown >= 8
    year_page = visible_text(client.get(f"/bodies/fsg/meetings/?year={year}").content.decode())  # type: ignore[attr-defined]
    assert "kl. " in year_page  # the meetings are there, with their times
    body_page = visible_text(client.get("/bodies/fsg/").content.decode())  # type: ignore[attr-defined]
    assert "Pladsen »" in body_page  # the findings name their seats, and some are shown


def test_the_admin_menu_is_danish(client: object, admin: object) -> None:
    """The admin shows Klynge's own models, named in Danish; the libraries' English-only models
    (django-axes's log-in attempts, the background tasks' results) are left out of it."""
    client.force_login(admin)  # type: ignore[attr-defined]
    html = client.get("/admin/").content.decode()  # type: ignore[attr-defined]
    assert "Udpegninger" in html and "Ændringslog" in html
    for english in ("Access attempts", "Access logs", "Access failures", "Task Results", "Axes"):
        assert english not in html
