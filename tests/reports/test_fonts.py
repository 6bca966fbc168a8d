"""The report font: found on the machine (Debian's fonts-wqy-zenhei here), or set by the
environment or postloan.toml; CFF fonts and fonts without Chinese are refused with reasons;
no font at all is a clear message naming what to install."""

from pathlib import Path

import pytest

from postloan_desktop.domain.errors import EnvironmentProblem
from postloan_desktop.reports.fonts import ENV_VAR, FontFile, FontNotFound, cjk_font

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # dev.sh installs it
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # CFF outlines
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # no Chinese


def test_the_debian_set_up_has_a_font_the_search_finds() -> None:
    assert WQY.is_file(), "dev.sh installs fonts-wqy-zenhei"
    name = cjk_font(environ={})
    from reportlab.pdfbase.pdfmetrics import getFont

    assert getFont(name).face.name.startswith(b"WenQuanYi")


def test_without_any_font_the_message_says_what_to_install() -> None:
    with pytest.raises(FontNotFound) as caught:
        cjk_font(environ={}, candidates=[], use_fontconfig=False)
    message = str(caught.value)
    assert isinstance(caught.value, EnvironmentProblem)
    assert "apt-get install fonts-wqy-zenhei" in message
    assert ENV_VAR in message
    assert "Noto Sans CJK cannot be embedded" in message


def test_fonts_that_cannot_serve_are_listed_with_why(tmp_path: Path) -> None:
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font at all")
    candidates = [FontFile(NOTO), FontFile(DEJAVU), FontFile(not_a_font)]
    with pytest.raises(FontNotFound) as caught:
        cjk_font(environ={}, candidates=candidates, use_fontconfig=False)
    message = str(caught.value)
    assert f"{NOTO}: OpenType/CFF (PostScript) outlines" in message
    assert f"{DEJAVU}: has no Chinese characters" in message
    assert f"{not_a_font}:" in message


def test_the_first_usable_candidate_wins() -> None:
    name = cjk_font(
        environ={},
        candidates=[FontFile(NOTO), FontFile(DEJAVU), FontFile(WQY)],
        use_fontconfig=False,
    )
    assert name == cjk_font(environ={}, candidates=[FontFile(WQY)], use_fontconfig=False)


def test_fontconfig_finds_one_when_the_known_places_do_not() -> None:
    assert cjk_font(environ={}, candidates=[], use_fontconfig=True)


def test_the_environment_wins_over_the_settings_file() -> None:
    chosen = cjk_font("/nowhere/font.ttc", environ={ENV_VAR: f"{WQY}#1"}, candidates=[])
    assert chosen == cjk_font(environ={ENV_VAR: f"{WQY}#1"})
    assert chosen != cjk_font(environ={ENV_VAR: str(WQY)})  # another font of the collection


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("/nowhere/font.ttc", "no such file"),
        (str(NOTO), "OpenType/CFF"),
        (str(DEJAVU), "has no Chinese characters"),
    ],
)
def test_a_configured_font_that_does_not_work_is_an_error_not_a_fallback(
    spec: str, reason: str
) -> None:
    with pytest.raises(FontNotFound) as caught:
        cjk_font(spec, environ={}, candidates=[FontFile(WQY)])
    assert "[report] font" in str(caught.value)
    assert reason in str(caught.value)
    with pytest.raises(FontNotFound, match=ENV_VAR):
        cjk_font(None, environ={ENV_VAR: spec}, candidates=[FontFile(WQY)])


def test_font_file_specs() -> None:
    assert FontFile.parse("C:/Windows/Fonts/simsun.ttc#1") == FontFile(
        Path("C:/Windows/Fonts/simsun.ttc"), 1
    )
    assert FontFile.parse(" /x/a#b.ttf ") == FontFile(Path("/x/a#b.ttf"))
    assert str(FontFile(Path("/x/y.ttc"), 2)) == "/x/y.ttc#2"
