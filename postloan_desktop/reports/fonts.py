"""The Chinese font reports are set in: found on this machine, embedded in every PDF.

A report is archived for years and read on machines that may have no Chinese font, so the
font must be embedded. ReportLab embeds TrueType-outline fonts only (``.ttf``, ``.ttc`` with
``glyf`` outlines): it cannot embed CFF-based OpenType such as Noto Sans CJK ``.otf``/``.ttc``,
and its built-in ``STSong-Light`` is never embedded. So the font is looked up, in order:

1. the ``POSTLOAN_REPORT_FONT`` environment variable, then ``font`` under ``[report]`` in
   ``postloan.toml`` — a path, ``PATH#N`` for the N-th font of a ``.ttc`` collection. A
   configured font that does not work is an error, never silently replaced;
2. fonts that ship with the system or a common package: Windows (SimSun 宋体, SimHei 黑体,
   Microsoft YaHei 微软雅黑, …), macOS (STHeiti, Songti, Arial Unicode), Linux (WenQuanYi
   Zen Hei and Micro Hei, AR PL UMing/UKai, Droid Sans Fallback);
3. fontconfig (``fc-list``), for any other TrueType font that covers Chinese.

Each candidate is opened by ReportLab itself and must cover the report's own Chinese
labels. When none works, ``FontNotFound`` says what to install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from postloan_desktop.domain.errors import EnvironmentProblem

ENV_VAR = "POSTLOAN_REPORT_FONT"
# Characters every report prints: a font without them is no use.
SAMPLE = "贷后检查报告编号第页共抵押物签名照片风险预警"


class FontNotFound(EnvironmentProblem):
    """No TrueType Chinese font to embed in reports; the message says what to install."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the font's number in a .ttc collection

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else str(self.path)

    @classmethod
    def parse(cls, spec: str) -> FontFile:
        """``PATH`` or ``PATH#N``."""
        path, sep, index = spec.strip().rpartition("#")
        if sep and index.isdigit():
            return cls(Path(path).expanduser(), int(index))
        return cls(Path(spec.strip()).expanduser())


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def system_candidates() -> list[FontFile]:
    """Where the usual TrueType Chinese fonts live, this platform's first."""
    win = _windows_fonts()
    windows = [
        FontFile(win / "simsun.ttc"),  # SimSun 宋体: the look of printed bank forms
        FontFile(win / "simsun.ttf"),
        FontFile(win / "msyh.ttc"),  # Microsoft YaHei 微软雅黑 (TrueType outlines)
        FontFile(win / "msyh.ttf"),
        FontFile(win / "simhei.ttf"),  # SimHei 黑体
        FontFile(win / "Deng.ttf"),  # DengXian 等线
        FontFile(win / "simkai.ttf"),
    ]
    macos = [
        FontFile(Path("/System/Library/Fonts/STHeiti Light.ttc")),
        FontFile(Path("/System/Library/Fonts/STHeiti Medium.ttc")),
        FontFile(Path("/System/Library/Fonts/Supplemental/Songti.ttc")),
        FontFile(Path("/Library/Fonts/Songti.ttc")),
        FontFile(Path("/Library/Fonts/Arial Unicode.ttf")),
        FontFile(Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf")),
    ]
    linux = [
        FontFile(Path(folder) / name)
        for name in ("wqy-zenhei.ttc", "wqy-microhei.ttc")
        for folder in (
            "/usr/share/fonts/truetype/wqy",  # Debian, Ubuntu (fonts-wqy-zenhei)
            "/usr/share/fonts/wenquanyi/wqy-zenhei",  # Fedora
            "/usr/share/fonts/wenquanyi/wqy-microhei",
            "/usr/share/fonts/wqy-zenhei",  # Arch
            "/usr/share/fonts/wqy-microhei",
        )
    ] + [
        FontFile(Path("/usr/share/fonts/truetype/arphic/uming.ttc")),
        FontFile(Path("/usr/share/fonts/truetype/arphic/ukai.ttc")),
        FontFile(Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")),
        FontFile(Path("/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf")),
    ]
    if sys.platform == "win32":
        return windows + linux + macos
    if sys.platform == "darwin":
        return macos + windows + linux
    return linux + windows + macos


def fontconfig_candidates() -> list[FontFile]:
    """TrueType (not CFF) fonts covering Simplified Chinese, as fontconfig knows them."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        result = subprocess.run(
            [fc_list, ":lang=zh-cn:fontformat=TrueType", "file", "index"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(result.stdout.splitlines()):
        path, _, rest = line.partition(":")
        index = rest.strip().removeprefix("index=")
        if path.strip():
            found.append(FontFile(Path(path.strip()), int(index) if index.isdigit() else 0))
    return found


_lock = threading.Lock()
_registered: dict[FontFile, str] = {}


def _register(font: FontFile) -> str:
    """Register the font with ReportLab (once per process); its ReportLab name. Raises
    ``ValueError`` saying why a file cannot be used."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    with _lock:
        name = _registered.get(font)
        if name is not None:
            return name
        if not font.path.is_file():
            raise ValueError("no such file")
        name = "PostloanCJK-" + hashlib.sha256(str(font).encode()).hexdigest()[:10]
        try:
            ttf = TTFont(name, str(font.path), subfontIndex=font.index)
        except TTFError as exc:
            text = str(exc)
            if "postscript outlines" in text.lower():
                raise ValueError(
                    "OpenType/CFF (PostScript) outlines, which cannot be embedded; "
                    "a TrueType (glyf) font is needed"
                ) from exc
            raise ValueError(text) from exc
        except (OSError, ValueError, IndexError) as exc:
            raise ValueError(f"not a usable TrueType font ({exc})") from exc
        missing = [c for c in SAMPLE if ord(c) not in ttf.face.charToGlyph]
        if missing:
            raise ValueError(f"has no Chinese characters (no glyph for {''.join(missing[:4])})")
        pdfmetrics.registerFont(ttf)
        _registered[font] = name
        return name


def _search(candidates: Sequence[FontFile] | None, use_fontconfig: bool) -> Iterator[FontFile]:
    """The known places first; fontconfig (a subprocess) only if none of them has a font."""
    yield from system_candidates() if candidates is None else candidates
    if use_fontconfig:
        yield from fontconfig_candidates()


def cjk_font(
    configured: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    candidates: Sequence[FontFile] | None = None,
    use_fontconfig: bool = True,
) -> str:
    """The ReportLab name of the Chinese font to set reports in, registered and embeddable.

    ``configured`` is ``[report] font`` from postloan.toml; the environment variable wins
    over it. ``candidates`` and ``use_fontconfig`` replace the system search (tests)."""
    env = os.environ if environ is None else environ
    for source, spec in ((ENV_VAR, env.get(ENV_VAR)), ("[report] font", configured)):
        if spec and spec.strip():
            font = FontFile.parse(spec)
            try:
                return _register(font)
            except ValueError as exc:
                raise FontNotFound(
                    f"the report font set by {source} cannot be used: {font}: {exc}. "
                    "Give a TrueType font file (.ttf, or .ttc with #N for its N-th font) "
                    "that has Chinese characters, e.g. simsun.ttc or wqy-zenhei.ttc."
                ) from exc
    tried: list[str] = []
    for font in _search(candidates, use_fontconfig):
        if not font.path.is_file():
            continue
        try:
            return _register(font)
        except ValueError as exc:
            tried.append(f"{font}: {exc}")
    raise FontNotFound(
        "No Chinese font that can be embedded in PDF reports was found. Reports need a "
        "TrueType-outline Chinese font (.ttf or .ttc); OpenType/CFF fonts such as Noto Sans "
        "CJK cannot be embedded. Install one: on Debian or Ubuntu `apt-get install "
        "fonts-wqy-zenhei`, on Fedora `dnf install wqy-zenhei-fonts`; Windows (SimSun, "
        "Microsoft YaHei) and macOS (STHeiti) have one unless it was removed. Or set "
        f"{ENV_VAR} (or `font` under [report] in postloan.toml) to a .ttf/.ttc file."
        + (" Fonts tried: " + "; ".join(tried) + "." if tried else "")
    )
