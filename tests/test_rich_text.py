"""Case texts as rich text: what survives a paste from Word, what is stripped, and the editor in a
real browser under the Content Security Policy."""

import datetime
import importlib
import re

import pytest
from django.test import Client

from klynge.meetings.rich_text import clean_html, clean_input, plain_to_html
from tests.helpers import Visit, make_member, sign_in

# What Word for Windows puts on the clipboard (text/html) for a heading, a paragraph with bold,
# italic and underline, an empty paragraph, a bulleted list with a second level, a numbered list,
# a table and a link; written by hand in Word's own shape. A <script>, an onclick and an
# onerror are added, as a hostile page could.
WORD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List
href="file:///C:/Users/LARS~1/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml>
 <o:OfficeDocumentSettings>
  <o:AllowPNG/>
 </o:OfficeDocumentSettings>
</xml><![endif]-->
<style>
<!--
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{mso-style-unhide:no;
\tmargin:0cm;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;}
p.MsoListParagraph
\t{mso-style-priority:34;
\tmargin-left:36.0pt;}
-->
</style>
</head>

<body lang=DA style='tab-interval:65.2pt;word-wrap:break-word'>
<!--StartFragment-->

<h1><a name="_Toc187340021"></a><span style='mso-fareast-language:DA'>Akutpladser i
Gødstrup-Klyngen<o:p></o:p></span></h1>

<p class=MsoNormal><span style='font-size:11.0pt;mso-bidi-font-family:Calibri'>Klyngen har
siden <b>1. januar 2026</b> haft <i>fælles</i> akutpladser &amp; <u>én</u>
visitation.<o:p></o:p></span></p>

<p class=MsoNormal><o:p>&nbsp;</o:p></p>

<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>Herning<o:p></o:p></p>

<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;
text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
style='font-family:"Courier New";mso-fareast-font-family:"Courier New"'><span
style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>Regionshospitalet Gødstrup<o:p></o:p></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span onclick="alert(1)">Holstebro</span><o:p></o:p></p>

<p class=MsoNormal><o:p>&nbsp;</o:p></p>

<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Første
skridt<o:p></o:p></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Andet
skridt<o:p></o:p></p>

<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;
 mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b>Kommune<o:p></o:p></b></p>
  </td>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b>Pladser<o:p></o:p></b></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  border-top:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Herning<o:p></o:p></p>
  </td>
  <td width=301 valign=top style='width:225.4pt;border-top:none;border-left:none'>
  <p class=MsoNormal><span style='color:red'>12</span><o:p></o:p></p>
  </td>
 </tr>
</table>

<p class=MsoNormal>Se <a href="https://www.rm.dk/akut" target="_blank"><span
class=MsoHyperlink>rm.dk</span></a> og <a href="javascript:alert(1)">dette</a>.<script>alert("x")</script><img
src="x" onerror="alert(1)"><o:p></o:p></p>

<!--EndFragment-->
</body>

</html>"""


def squeezed(text: str) -> str:
    """HTML with the whitespace Word wraps its lines with made single spaces, between tags none."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text))


# ---- the sanitiser ---------------------------------------------------------------------------


def test_a_paste_from_word_keeps_headings_lists_bold_tables_and_links() -> None:
    cleaned = clean_html(WORD)
    html = squeezed(cleaned)
    assert html.startswith("<h2>Akutpladser i Gødstrup-Klyngen</h2>")  # Word's h1 is our h2
    assert (
        "<p>Klyngen har siden <b>1. januar 2026</b> haft <i>fælles</i> akutpladser &amp; "
        "<u>én</u> visitation.</p>"
    ) in html
    # Word's list paragraphs are real lists, the second level nested, the numbers an <ol>.
    assert (
        "<ul><li>Herning<ul><li>Regionshospitalet Gødstrup</li></ul></li><li>Holstebro</li></ul>"
        "<ol><li>Første skridt</li><li>Andet skridt</li></ol>"
    ) in html
    assert (
        "<table><tbody><tr><td><p><b>Kommune</b></p></td><td><p><b>Pladser</b></p></td></tr>"
        "<tr><td><p>Herning</p></td><td><p>12</p></td></tr></tbody></table>"
    ) in html
    assert html.endswith(
        '<p>Se <a href="https://www.rm.dk/akut" rel="noopener noreferrer">rm.dk</a> og dette.</p>'
    )
    for gone in ["style", "class", "mso", "o:p", "<span", "<img", "<script", "alert", "onclick",
                 "onerror", "javascript", "target", "·", "<!--", "[if", "Calibri", "lang=",
                 "width", "<a>", "_Toc", "<p></p>", "&nbsp;", "<xml", "AllowPNG"]:  # fmt: skip
        assert gone not in cleaned, gone
    assert clean_html(cleaned) == cleaned  # a second save changes nothing


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("<script>alert(1)</script><p>Tekst</p>", "<p>Tekst</p>"),
        ('<p onclick="alert(1)" style="color:red" class="x">Tekst</p>', "<p>Tekst</p>"),
        ("<style>p { color: red }</style><p>Tekst</p>", "<p>Tekst</p>"),
        ('<iframe src="https://x.test/"></iframe><p>Tekst</p>', "<p>Tekst</p>"),
        ('<p><font face="Arial" size="3">Tekst</font></p>', "<p>Tekst</p>"),
        ("<h1>Et</h1><h3>To</h3><h5>Tre</h5>", "<h2>Et</h2><h3>To</h3><h4>Tre</h4>"),
        ("<div><p>Tekst</p></div>", "<p>Tekst</p>"),
        ("<blockquote><p>Citat</p></blockquote>", "<blockquote><p>Citat</p></blockquote>"),
        ("<p><strong>S</strong> <em>E</em></p>", "<p><strong>S</strong> <em>E</em></p>"),
        (
            '<p><a href="mailto:lars@klynge.test">Lars</a></p>',
            '<p><a href="mailto:lars@klynge.test" rel="noopener noreferrer">Lars</a></p>',
        ),
        ('<p><a href="data:text/html,x">Link</a> <a href="/intern">Intern</a></p>',
         "<p>Link Intern</p>"),
        (
            '<table><tr><th colspan="2" scope="col">A</th></tr>'
            '<tr><td rowspan="2">B</td><td colspan="x">C</td></tr></table>',
            '<table><tbody><tr><th colspan="2">A</th></tr>'
            '<tr><td rowspan="2">B</td><td>C</td></tr></tbody></table>',
        ),
        ("<p>Linje<br></p><p><br></p><p>&nbsp;</p>", "<p>Linje</p>"),
        ("", ""),
        ("   ", ""),
    ],
)  # fmt: skip
def test_what_is_not_on_the_allow_list_is_stripped(given: str, kept: str) -> None:
    assert clean_html(given) == kept


def test_list_paragraphs_without_words_list_markup() -> None:
    """The "List Paragraph" style with a typed bullet or number is a list; without one it is a
    paragraph, still readable."""
    assert clean_html(
        "<p class=MsoListParagraph>•&nbsp;Første</p><p class=MsoListParagraph>-&nbsp;Anden</p>"
        "<p class=MsoListParagraph>Bare indrykket</p>"
        "<p class=MsoListParagraphCxSpFirst>a) Et</p><p class=MsoListParagraphCxSpLast>b) To</p>"
    ) == (
        "<ul><li>Første</li><li>Anden</li></ul><p>Bare indrykket</p><ol><li>Et</li><li>To</li></ol>"
    )


def test_google_docs_styles_become_bold_italic_and_underline() -> None:
    assert (
        clean_html(
            '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
            '<p dir="ltr"><span style="font-weight:700;">Fed</span> '
            '<span style="font-style:italic;text-decoration:underline;">kursiv</span> almindelig</p></b>'
        )
        == "<p><strong>Fed</strong> <em><u>kursiv</u></em> almindelig</p>"
    )


def test_plain_text_becomes_paragraphs_and_line_breaks() -> None:
    assert plain_to_html("Første linje\r\nanden linje\n\n\nNyt afsnit: 2 < 3 & <b>\n") == (
        "<p>Første linje<br>anden linje</p><p>Nyt afsnit: 2 &lt; 3 &amp; &lt;b&gt;</p>"
    )
    assert plain_to_html("") == plain_to_html("\n \n") == ""
    assert clean_input("Bare tekst, 1 < 2") == "<p>Bare tekst, 1 &lt; 2</p>"
    assert clean_input("<p>Allerede <b>HTML</b></p>") == "<p>Allerede <b>HTML</b></p>"


# ---- saving and showing ----------------------------------------------------------------------


@pytest.fixture
def meeting(charters: object, secretary: object) -> object:
    """FSG's meeting on 19 May 2027 with Lars as the body's secretariat."""
    from klynge.accounts.audit import SystemActor
    from klynge.governance.models import Appointment, Body
    from klynge.meetings.services import MeetingRow, create_meetings

    make_member("lars@klynge.test", "Lars Østergaard", "fsg", start="2026-01-01")
    Appointment.objects.filter(person__email="lars@klynge.test").update(role="secretariat")
    [created] = create_meetings(
        acting_user=SystemActor("test"), body=Body.objects.get(key="fsg"), notify=False,
        rows=[MeetingRow(datetime.date(2027, 5, 19), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    return created


def test_the_form_saves_sanitised_html_and_the_page_shows_it(
    client: Client, secretary: object, meeting: object
) -> None:
    item = meeting.items.get(position=2)  # type: ignore[attr-defined]
    client.force_login(secretary)  # type: ignore[arg-type]
    form = {"version": "0", "title": item.title, "kind": item.kind, "minutes": "10",
            "case_text": '<h2>Status</h2><p onmouseover="alert(1)">Godkendt <b>uden</b> '
                         'bemærkninger.</p><script>alert("x")</script>'}  # fmt: skip
    response = client.post(f"/meetings/{item.meeting_id}/agenda/{item.pk}/", form)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.case_text == "<h2>Status</h2><p>Godkendt <b>uden</b> bemærkninger.</p>"
    page = client.get(f"/meetings/{item.meeting_id}/agenda/{item.pk}/").content.decode()
    assert (
        '<div class="klynge-rich-text"><h2>Status</h2><p>Godkendt <b>uden</b> bemærkninger.</p>'
        "</div>"
    ) in page
    assert "alert(" not in page and "onmouseover" not in page
    # The editor's data: the toolbar's names in the page's language, the scripts from our files.
    assert "data-rich-text" in page and 'data-label-bold="' in page
    assert "/static/vendor/squire/squire.js" in page and "/static/klynge/rich-text.js" in page

    # Saved again as the editor leaves it (a <br> at the end of a block): nothing has changed.
    again = form | {"version": "1", "case_text": item.case_text.replace("</p>", "<br></p>")}
    client.post(f"/meetings/{item.meeting_id}/agenda/{item.pk}/", again)
    item.refresh_from_db()
    assert item.version == 1

    # Typed without the editor: plain text becomes paragraphs.
    plain = form | {"version": "1", "case_text": "Første afsnit.\n\nAndet afsnit,\nanden linje."}
    client.post(f"/meetings/{item.meeting_id}/agenda/{item.pk}/", plain)
    item.refresh_from_db()
    assert item.case_text == "<p>Første afsnit.</p><p>Andet afsnit,<br>anden linje.</p>"


def test_every_write_sanitises_and_the_page_sanitises_what_got_past(
    client: Client, secretary: object, meeting: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.meetings.models import AgendaItem
    from klynge.meetings.services import add_item, change_item

    item = add_item(
        acting_user=SystemActor("test"), meeting=meeting,  # type: ignore[arg-type]
        values={"title": "Forslag fra et medlem", "case_text": "Linje et\nlinje to"},
    )  # fmt: skip
    assert item.case_text == "<p>Linje et<br>linje to</p>"
    item = change_item(
        acting_user=SystemActor("test"), item=item, based_on=item.version,
        values={"case_text": '<p class="MsoNormal">Ok<img src=x onerror="alert(1)"></p>'},
    )  # fmt: skip
    assert item.case_text == "<p>Ok</p>"
    # Written around the write functions (as the admin or a script could): still not a script.
    AgendaItem.objects.filter(pk=item.pk).update(case_text='<p>Hej</p><script>alert("x")</script>')
    client.force_login(secretary)  # type: ignore[arg-type]
    page = client.get(f"/meetings/{item.meeting_id}/agenda/{item.pk}/").content.decode()
    assert '<div class="klynge-rich-text"><p>Hej</p></div>' in page
    assert "<script>alert" not in page


def test_the_migration_makes_plain_case_texts_html(meeting: object) -> None:
    from django.apps import apps

    from klynge.meetings.models import AgendaItem

    migration = importlib.import_module("klynge.meetings.migrations.0008_case_text_html")
    items = list(meeting.items.order_by("position"))  # type: ignore[attr-defined]
    texts = ["Referatet er godkendt.\n\nBilag: 2 < 3", "<p>Allerede HTML</p>", ""]
    for item, text in zip(items, texts, strict=True):
        AgendaItem.objects.filter(pk=item.pk).update(case_text=text)
    migration.plain_case_texts_to_html(apps, None)
    assert [i.case_text for i in meeting.items.order_by("position")] == [  # type: ignore[attr-defined]
        "<p>Referatet er godkendt.</p><p>Bilag: 2 &lt; 3</p>", "<p>Allerede HTML</p>", "",
    ]  # fmt: skip


# ---- the editor in a real browser ------------------------------------------------------------

# Records every Content Security Policy violation the page meets, whatever the console says.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""

PASTE = """([selector, html]) => {
  const area = document.querySelector(selector);
  area.focus();
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "Akutpladser");
  area.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_secretariat_pastes_a_case_text_from_word(
    live_server: object, visit: Visit, secretary: object, meeting: object
) -> None:
    from playwright.sync_api import expect

    page = visit.page
    page.context.add_init_script(script=CSP_LISTENER)  # type: ignore[attr-defined]
    base = live_server.url  # type: ignore[attr-defined]
    item = meeting.items.get(position=2)  # type: ignore[attr-defined]
    sign_in(page, base, "lars@klynge.test")
    page.goto(f"{base}/meetings/{item.meeting_id}/agenda/{item.pk}/")  # type: ignore[attr-defined]

    area = page.get_by_role("textbox", name="Sagsfremstilling")  # type: ignore[attr-defined]
    assert area.get_attribute("contenteditable") == "true"
    assert page.locator("#id_case_text").is_hidden()  # type: ignore[attr-defined]
    toolbar = page.get_by_role("toolbar", name="Tekstformatering")  # type: ignore[attr-defined]
    assert toolbar.get_by_role("button", name="Fed").get_attribute("aria-pressed") == "false"
    visit.check("an agenda item with the editor")
    assert page.evaluate("window.__cspViolations") == []  # type: ignore[attr-defined]

    page.evaluate(PASTE, ["#id_case_text-editor", WORD])  # type: ignore[attr-defined]
    assert area.locator("table td").count() == 4
    assert area.locator("h2").inner_text() == "Akutpladser i Gødstrup-Klyngen"
    assert area.locator("ul li").count() == 3 and area.locator("ul ul li").count() == 1
    assert area.locator("ol li").count() == 2
    assert area.locator("[style], [class]").count() == 0
    area.locator("ol > li").first.click()
    pressed = expect(toolbar.get_by_role("button", name="Nummereret liste"))
    pressed.to_have_attribute("aria-pressed", "true")  # when the editor reports where the caret is
    # The toolbar from the keyboard: one tab stop before the text, the arrows between its buttons.
    area.locator("p").first.click()
    page.keyboard.press("Shift+Tab")  # type: ignore[attr-defined]
    focused = "document.activeElement.textContent"
    assert page.evaluate(focused) == "Fed"  # type: ignore[attr-defined]
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    assert page.evaluate(focused) == "Underoverskrift"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert area.locator("h3").inner_text().startswith("Klyngen har siden 1. januar 2026")
    expect(toolbar.get_by_role("button", name="Underoverskrift")).to_have_attribute(
        "aria-pressed", "true"
    )
    visit.check("the editor after a paste from Word")
    assert page.evaluate("window.__cspViolations") == []  # type: ignore[attr-defined]

    page.get_by_role("button", name="Gem punktet").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/meetings/{item.meeting_id}/agenda/")  # type: ignore[attr-defined]
    item.refresh_from_db()
    saved = squeezed(item.case_text)
    assert "<h2>Akutpladser i Gødstrup-Klyngen</h2><h3>Klyngen har siden <b>1. januar" in saved
    assert (
        "<ul><li>Herning<ul><li>Regionshospitalet Gødstrup</li></ul></li><li>Holstebro</li></ul>"
        in saved
    )
    assert "<ol><li>Første skridt</li><li>Andet skridt</li></ol>" in saved
    assert "<td><p><b>Kommune</b></p></td>" in saved and saved.count("<td>") == 4
    assert "style" not in saved and "class" not in saved and "script" not in saved

    page.goto(f"{base}/meetings/{item.meeting_id}/agenda/{item.pk}/")  # type: ignore[attr-defined]
    shown = page.locator(".klynge-rich-text").first  # type: ignore[attr-defined]
    assert shown.locator("table td").count() == 4 and shown.locator("ol > li").count() == 2
    visit.check("an agenda item with a case text from Word")
    assert page.evaluate("window.__cspViolations") == []  # type: ignore[attr-defined]

    # Opened and saved without a change, the item stays as it was (and is not marked as changed).
    assert page.locator("#id_case_text").input_value() == item.case_text  # type: ignore[attr-defined]
    version = item.version
    page.get_by_role("button", name="Gem punktet").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/meetings/{item.meeting_id}/agenda/")  # type: ignore[attr-defined]
    item.refresh_from_db()
    assert item.version == version
