"""The demo's public pages: FSG publishes its pages, with one public attachment on the agenda it
has sent for about two months ahead, and two patient representatives, one of whom (Jens Aagaard)
agreed to be named and one (his substitute) who did not."""

from django.core.files.base import ContentFile

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.governance.models import Appointment, Body
from klynge.governance.public import switch_public_pages
from klynge.meetings.attachments import add_attachment
from klynge.meetings.models import AgendaItem

PATIENT_REPRESENTATIVE = "jens.aagaard@klynge.test"
UNNAMED_SUBSTITUTE = ("Birte Holm", "birte.holm@patienter.test")
NOTE_LINES = (
    "Statusnotat: sundhedsaftalens indsatser",
    "Faglig Strategisk Gruppe – til orientering",
    "Indsatserne for ældre medicinske patienter følger planen.",
)


def note_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF with a line of Helvetica text for each of `lines` (Danish letters
    included: WinAnsi), written by hand: the demo needs no PDF engine for a status note."""
    text = (
        b"BT /F1 14 Tf 72 770 Td 20 TL "
        + b" ".join(
            b"(" + line.replace("(", "[").replace(")", "]").encode("cp1252") + b") Tj T*"
            for line in lines
        )
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return out


def publish_fsg(*, acting_user: Actor, fsg: Body, item: AgendaItem) -> None:
    """FSG's public pages on, a public status note on `item` (an item of an agenda not yet
    sent: attached after sending, it would be marked as changed), Jens's consent to be named,
    and a substitute for him who has not consented."""
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members

    attachment = add_attachment(
        acting_user=acting_user,
        item=item,
        upload=ContentFile(note_pdf(NOTE_LINES), name="Statusnotat.pdf"),
        title="Statusnotat om sundhedsaftalens indsatser",
    )
    audit.update(attachment, acting_user=acting_user, action="attachment.change", public=True)
    switch_public_pages(acting_user=acting_user, body=fsg, on=True)
    for consenting in Appointment.objects.filter(
        body=fsg, seat="patienter", person__email=PATIENT_REPRESENTATIVE
    ):
        audit.update(
            consenting, acting_user=acting_user, action="appointment.update", named_in_public=True
        )
    name, email = UNNAMED_SUBSTITUTE
    lines = [
        "organ;plads;organisation;navn;e-mail;start;stedfortræder",
        f"fsg;patienter;patienter;{name};{email};2026-01-01;{PATIENT_REPRESENTATIVE}",
    ]
    rows = read_member_file("\n".join(lines).encode(), "demo")
    import_members(rows, source="demo", acting_user=acting_user)
