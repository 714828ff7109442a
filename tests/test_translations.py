"""Danish is complete: every text in the code and templates has its Danish translation."""

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
