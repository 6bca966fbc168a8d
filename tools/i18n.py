"""Keep the translations in step with the code.

    python tools/i18n.py            # update resources/i18n/*.ts from the sources, then build .qm
    python tools/i18n.py --check    # exit 1 if a source string is missing or untranslated

Translators edit the .ts files with Qt Linguist (``pyside6-linguist``); the .qm files are built
from them and committed, so the app runs without Qt's tools.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(str(p) for p in (ROOT / "postloan_desktop" / "ui").glob("*.py"))
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent)) or shutil.which(
        f"pyside6-{name}"
    )
    if found is None:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def lupdate(ts: Path) -> None:
    subprocess.run(
        [_tool("lupdate"), "-no-obsolete", "-locations", "none", *SOURCES, "-ts", str(ts)],
        check=True,
        capture_output=True,
    )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def problems(ts: Path) -> list[str]:
    """Messages of a .ts file that have no finished translation."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            texts = (
                [t.text for t in translation.iter("numerusform")]
                if translation is not None and message.get("numerus") == "yes"
                else [translation.text if translation is not None else None]
            )
            unfinished = translation is None or translation.get("type") == "unfinished"
            if unfinished or not all(texts):
                out.append(f"{ts.name}: {name}: {source!r} is not translated")
    return out


def check() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            ts = I18N / f"postloan_{lang}.ts"
            fresh = Path(tmp) / ts.name
            shutil.copy(ts, fresh)
            lupdate(fresh)  # adds what the code has and the file lacks, drops what is gone
            failures += problems(fresh)
            if fresh.read_bytes() != ts.read_bytes():
                failures.append(f"{ts.name} is out of date: run python tools/i18n.py")
            qm = Path(tmp) / f"postloan_{lang}.qm"
            lrelease(ts, qm)
            if qm.read_bytes() != (I18N / qm.name).read_bytes():
                failures.append(f"{qm.name} is out of date: run python tools/i18n.py")
    for line in failures:
        print(line)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        return check()
    for lang in LANGUAGES:
        ts = I18N / f"postloan_{lang}.ts"
        lupdate(ts)
        # Built beside it, then swapped in: a running app maps the .qm file, and rewriting it
        # in place kills that app with SIGBUS (seen: the test suite, while this ran).
        qm = I18N / f"postloan_{lang}.qm"
        fresh = qm.with_suffix(".qm.new")
        lrelease(ts, fresh)
        fresh.replace(qm)
    return check()


if __name__ == "__main__":
    raise SystemExit(main())
