"""The stamp on every page of an attachment appended to the meeting pack, "Bilag 3.1 · side 2 af 4",
in the top margin at the right of the page as it is shown, whatever its size and rotation.

The appended pages are other people's PDFs, set by nothing of ours. So the stamp is text of its
own in the pack's font: WeasyPrint embeds the font once, from one line holding every character the
stamps need, and the stamps are written with that font's codes and widths (which right-aligns
them). Each is marked as a pagination artifact, as the pack's own page numbers are; one layout of
one line costs a fraction of laying out a page per stamp.
"""

import io
import re
from dataclasses import dataclass

import pikepdf
from django.template.loader import render_to_string
from django.utils.html import escape

from klynge.printing import html_to_pdf

MM = 72 / 25.4
SIZE = 8.5  # points, as the pack's footer
BASELINE_FROM_TOP = 10 * MM  # above the 22 mm top margin of the pack's own pages
RIGHT_MARGIN = 20 * MM  # the pack's own right margin
GREY = 1 / 3  # #555, the footer's colour

_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(r"<([0-9a-fA-F]+)>")


@dataclass
class StampFont:
    """The pack's font as the stamps use it: the font object in the pack's PDF, the code of each
    character, and each code's width in thousandths of the font size."""

    font: pikepdf.Object
    codes: dict[str, int]
    widths: dict[int, float]
    default_width: float = 1000

    def encode(self, text: str) -> bytes:
        return b"<" + "".join(f"{self.codes[c]:04x}" for c in text).encode() + b">"

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.codes[c], self.default_width) for c in text) * size / 1000


def stamp_font(pdf: pikepdf.Pdf, characters: str) -> StampFont:
    """The pack's regular font with (at least) these characters, copied into `pdf`."""
    wanted = sorted(set(characters) - {" "})
    # Spaced apart, so that no two characters become one ligature glyph.
    line = " ".join(escape(c) for c in wanted)
    fonts = render_to_string("print/fonts.css", {"font_format": "ttf"})
    html = (
        f'<html lang="da"><head><style>{fonts} body {{ font: {SIZE}pt "IBM Plex Sans"; }}'
        f"</style></head><body><p>{line} </p></body></html>"
    )
    with pikepdf.open(io.BytesIO(html_to_pdf(html))) as sheet:
        for font in sheet.pages[0].Resources.Font.values():
            codes = _codes(font.ToUnicode.read_bytes().decode("latin-1"))
            if all(c in codes for c in [*wanted, " "]):
                return _read_widths(pdf.copy_foreign(font), codes)
    raise RuntimeError(f"the pack's font does not have every character of {characters!r}")


def _codes(cmap: str) -> dict[str, int]:
    """Character → code, from a ToUnicode CMap's single-character entries."""
    codes: dict[str, int] = {}
    for block in _BFCHAR.findall(cmap):
        pairs = _HEX.findall(block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=True):
            character = bytes.fromhex(text).decode("utf-16-be")
            if len(character) == 1:
                codes.setdefault(character, int(code, 16))
    for block in _BFRANGE.findall(cmap):
        for first, last, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            for offset in range(int(last, 16) - int(first, 16) + 1):
                codes.setdefault(chr(int(start, 16) + offset), int(first, 16) + offset)
    return codes


def _read_widths(font: pikepdf.Object, codes: dict[str, int]) -> StampFont:
    """The widths of a Type 0 font's descendant (its /W array: `c [w1 w2 …]` or `c1 c2 w`)."""
    descendant = font.DescendantFonts[0]
    entries = list(descendant.get(pikepdf.Name.W, pikepdf.Array()))
    widths: dict[int, float] = {}
    index = 0
    while index < len(entries):
        first = int(entries[index])
        following = entries[index + 1]
        if isinstance(following, pikepdf.Array):
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(following) + 1):
                widths[code] = float(entries[index + 2])
            index += 3
    default = float(descendant.get(pikepdf.Name.DW, 1000))
    return StampFont(font, codes, widths, default)


def stamp_page(page: pikepdf.Page, text: str, font: StampFont) -> None:
    """Write `text` in the page's top margin, right-aligned, upright as the page is shown."""
    left, bottom, right, top = (float(v) for v in page.cropbox)
    left, right = min(left, right), max(left, right)
    bottom, top = min(bottom, top), max(bottom, top)
    rotation = int(page.obj.get(pikepdf.Name.Rotate, 0)) % 360
    # The page as shown (u right, v up) in the page's own coordinates, turned by /Rotate
    # (degrees clockwise).
    matrix, shown_width, shown_height = {
        0: ((1, 0, 0, 1, left, bottom), right - left, top - bottom),
        90: ((0, 1, -1, 0, right, bottom), top - bottom, right - left),
        180: ((-1, 0, 0, -1, right, top), right - left, top - bottom),
        270: ((0, -1, 1, 0, left, top), top - bottom, right - left),
    }[rotation]
    u = max(shown_width - RIGHT_MARGIN - font.width(text, SIZE), 0)
    v = shown_height - BASELINE_FROM_TOP
    name = _font_name(page, font.font)
    cm = " ".join(f"{n:.4f}".rstrip("0").rstrip(".") for n in matrix)
    stamp = (
        (
            f"Q\nq {cm} cm /Artifact <</Type /Pagination /Subtype /Header>> BDC "
            f"BT {name} {SIZE} Tf {GREY:.3f} g {u:.2f} {v:.2f} Td "
        ).encode()
        + font.encode(text)
        + b" Tj ET EMC Q\n"
    )
    # The page's own content in a saved graphics state, so that what it leaves set does not
    # move or colour the stamp.
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(stamp)


def _font_name(page: pikepdf.Page, font: pikepdf.Object) -> str:
    """The font's name in the page's resources, added once (pages often share resources)."""
    resources = page.obj.get(pikepdf.Name.Resources)
    fonts = resources.get(pikepdf.Name.Font) if resources is not None else None
    if fonts is not None:
        for key, value in fonts.items():
            if value.is_indirect and value.objgen == font.objgen:
                return str(key)
    return str(page.add_resource(font, pikepdf.Name.Font, prefix="KlyngeStamp"))
