"""The meeting pack for a meeting of 20 items with 10 PDF attachments (target: under 3 s).

The meeting is made through the write functions on a fresh SQLite database, its attachments
checked by content as an upload would be. Figures: the pack's time (median of the rounds), the
peak memory it adds to the process, and, as a reference in the same run, the pack's time as a
ratio to WeasyPrint setting the same HTML on its own, which shows what the attachments, the
bookmarks and the reading of the meeting cost on top of the layout, on whatever machine runs it.
"""

import argparse
import datetime
import io
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from django_in import log, start_django

ITEMS, PDFS, PAGES_PER_PDF = 20, 10, 4

CASE_TEXT = (
    "<h3>Baggrund</h3><p>Kommunerne og hospitalet har i 2026 afprøvet en fælles model for "
    "akutpladser, hvor borgere, der ikke behøver en hospitalsseng, kan modtages døgnet rundt "
    "tæt på deres eget hjem. Erfaringerne fra Holstebro, Herning og Lemvig viser færre "
    "genindlæggelser og kortere ventetid på udskrivning.</p>"
    "<ul><li>Holstebro: 6 pladser</li><li>Herning: 8 pladser</li><li>Lemvig: 2 pladser</li></ul>"
    "<h3>Økonomi</h3><p>Udgifterne deles efter befolkningstal. Regionen betaler lægedækningen "
    "og kommunerne sygeplejen; den samlede udgift er 4,2 mio. kr. om året.</p>"
    "<table><tr><th>Kommune</th><th>Andel</th></tr><tr><td>Herning</td><td>48 %</td></tr>"
    "<tr><td>Holstebro</td><td>33 %</td></tr><tr><td>Lemvig</td><td>19 %</td></tr></table>"
)


def pdf_attachment(number: int) -> bytes:
    """A few pages of text, as a scanned-and-OCRed or exported report would carry."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for page_number in range(1, PAGES_PER_PDF + 1):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        lines = "".join(
            f"BT /F1 10 Tf 60 {780 - 14 * line} Td (Bilag {number}, side {page_number}, "
            f"linje {line}: notat om akutpladser i klyngen) Tj ET\n"
            for line in range(50)
        )
        page.Contents = pdf.make_stream(lines.encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def set_up(workdir: Path) -> int:
    """A fresh database with the cluster and one meeting of ITEMS items and PDFS attachments;
    returns the meeting's id."""
    start_django(workdir)
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from klynge.accounts.audit import SystemActor
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path
    from klynge.governance.models import Body
    from klynge.governance.services import load_cluster
    from klynge.meetings.attachments import add_attachment
    from klynge.meetings.services import MeetingRow, add_item, create_meetings

    actor = SystemActor("bench")
    call_command("migrate", verbosity=0)
    load_cluster(read_cluster_file(shipped_cluster_path("goedstrup")), acting_user=actor)
    [meeting] = create_meetings(
        acting_user=actor,
        body=Body.objects.get(key="fsg"),
        rows=[
            MeetingRow(
                datetime.date(2027, 5, 19),
                datetime.time(9),
                datetime.time(15),
                place="Regionshuset Viborg",
            )
        ],
        notify=False,
    )
    standard = meeting.items.count()
    for number in range(1, ITEMS - standard + 1):
        add_item(
            acting_user=actor,
            meeting=meeting,
            values={
                "title": f"Akutpladser, fase {number}: fælles model og økonomi",
                "kind": "decision",
                "presenter": "Anne Birk, Regionshospitalet Gødstrup",
                "minutes": 15,
                "case_number": f"1-30-72-{number}-26",
                "summary": "Kommunerne og hospitalet foreslår en fælles model for akutpladser.",
                "recommendation": "Det indstilles, at FSG godkender modellen og økonomien.",
                "case_text": CASE_TEXT,
            },
        )
    items = list(meeting.items.exclude(standard=True).order_by("position"))
    for number in range(1, PDFS + 1):
        add_attachment(
            acting_user=actor,
            item=items[(number - 1) % len(items)],
            upload=ContentFile(pdf_attachment(number), name=f"Bilag {number}.pdf"),
        )
    return meeting.pk


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 1 if args.quick else 5

    log(f"set-up: a meeting of {ITEMS} items with {PDFS} PDF attachments on a fresh database")
    meeting_id = set_up(Path(tempfile.mkdtemp(prefix="klynge-bench-pack-")))
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle

    from klynge.meetings.documents import PDF_VARIANT, STATIC_DIR, pack_pdf, pack_source
    from klynge.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    # Warm-up: fonts and hyphenation dictionaries load once per process, as in a worker.
    HTML(string="<p lang='da'>Opvarmning</p>", base_url=str(STATIC_DIR)).write_pdf()

    before = max_rss_mb()
    pack_times, pack_cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        data, pages = pack_pdf(meeting)
        pack_times.append(time.perf_counter() - start)
        pack_cpu.append(time.process_time() - start_cpu)
    peak = max_rss_mb() - before
    with pack_source(meeting) as source:
        html, page_css = source.html, source.page_css()
    bare_times = []
    for _ in range(rounds):
        start = time.perf_counter()
        counter_style = CounterStyle()
        HTML(string=html, base_url=str(STATIC_DIR)).write_pdf(
            stylesheets=[CSS(string=page_css, counter_style=counter_style)],
            counter_style=counter_style,
            pdf_variant=PDF_VARIANT,
        )
        bare_times.append(time.perf_counter() - start)

    pack_s, bare_s = statistics.median(pack_times), statistics.median(bare_times)
    log(
        f"pack {pack_s:.2f} s, {statistics.median(pack_cpu):.2f} s CPU ({pages} pages, {len(data) / 1e6:.1f} MB), WeasyPrint alone on "
        f"the same HTML {bare_s:.2f} s, {rounds} round(s) each; peak memory +{peak:.0f} MB"
    )
    size = f"{ITEMS}_items_{PDFS}_pdfs"
    figures = [
        {
            "name": f"meetings.pack.{size}",
            "value": round(pack_s, 2),
            "unit": "s",
            "target": 3,
            "better": "lower",
        },
        {
            # The process's own CPU time: what the pack costs when other work shares the machine.
            "name": f"meetings.pack_cpu.{size}",
            "value": round(statistics.median(pack_cpu), 2),
            "unit": "s",
            "better": "lower",
        },
        {
            "name": f"meetings.pack_vs_weasyprint_ratio.{size}",
            "value": round(pack_s / bare_s, 2),
            "unit": "ratio",
            "better": "lower",
        },
        {
            "name": f"meetings.pack_peak_memory.{size}",
            "value": round(peak, 1),
            "unit": "MB",
            "better": "lower",
        },
    ]
    for figure in figures:
        print(json.dumps(figure))


if __name__ == "__main__":
    main()
