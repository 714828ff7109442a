"""Copies the front-end files Klynge serves from node_modules into a git-ignored static folder.

Only what the pages use is copied, so no third-party code is committed to the repository.
"""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "src" / "klynge" / "static" / "vendor"

COPIES = {
    NODE / "dkfds/dist/css/dkfds.min.css": VENDOR / "dkfds/css/dkfds.min.css",
    NODE / "dkfds/dist/css/dkfds.min.css.map": VENDOR / "dkfds/css/dkfds.min.css.map",
    NODE / "dkfds/dist/js/dkfds.min.js": VENDOR / "dkfds/js/dkfds.min.js",
    NODE / "dkfds/dist/js/dkfds.min.js.map": VENDOR / "dkfds/js/dkfds.min.js.map",
    NODE / "dkfds/dist/fonts": VENDOR / "dkfds/fonts",
    NODE / "dkfds/dist/img": VENDOR / "dkfds/img",
    NODE / "htmx.org/dist/htmx.min.js": VENDOR / "htmx/htmx.min.js",
    # The case text editor (docs/decisions/0002-rich-text-editor.md): Squire and its sanitiser.
    NODE / "squire-rte/dist/squire.js": VENDOR / "squire/squire.js",
    NODE / "squire-rte/dist/squire.js.map": VENDOR / "squire/squire.js.map",
    NODE / "squire-rte/LICENSE": VENDOR / "squire/LICENSE",
    NODE / "dompurify/dist/purify.min.js": VENDOR / "dompurify/purify.min.js",
    NODE / "dompurify/dist/purify.min.js.map": VENDOR / "dompurify/purify.min.js.map",
    NODE / "dompurify/LICENSE": VENDOR / "dompurify/LICENSE",
}


def main() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for source, target in COPIES.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


if __name__ == "__main__":
    main()
