"""Money as integer fen (money.py): formatting and parsing."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postloan_desktop.domain.money import format_fen, format_fen_wan, yuan_to_fen

properties = settings(max_examples=80, database=None)

fens = st.integers(min_value=-(10**15), max_value=10**15)


# format_fen -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (1, "0.01"),
        (10, "0.10"),
        (99, "0.99"),
        (100, "1.00"),
        (123_456, "1,234.56"),
        (1_234_567, "12,345.67"),
        (100_000_000, "1,000,000.00"),
        (5_000_000_000, "50,000,000.00"),
        (-1, "-0.01"),
        (-99, "-0.99"),
        (-1_234_567, "-12,345.67"),
    ],
)
def test_format_fen(fen: int, text: str) -> None:
    assert format_fen(fen) == text


@properties
@given(fen=fens)
def test_format_fen_round_trips_through_yuan_to_fen(fen: int) -> None:
    text = format_fen(fen)
    assert text.count(".") == 1
    assert len(text.split(".")[1]) == 2
    assert yuan_to_fen(text.replace(",", "")) == fen


# format_fen_wan ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (123_456_700, "123.46"),  # 1,234,567 yuan = 123.4567 万
        (1_000_000, "1.00"),  # 10,000 yuan = 1 万
        (4_999, "0.00"),
        (5_000, "0.01"),  # 50 yuan = 0.005 万: half rounds up
        (15_000, "0.02"),  # 0.015 万: half up, not half even
        (25_000, "0.03"),  # 0.025 万: half up, not half even
        (5_000_000_000, "5,000.00"),  # 50 million yuan
        (1_000_000_000_000, "1,000,000.00"),
        (-123_456_700, "-123.46"),
        (-5_000, "-0.01"),
    ],
)
def test_format_fen_wan(fen: int, text: str) -> None:
    assert format_fen_wan(fen) == text


@pytest.mark.parametrize("fen", [-1, -4_999])
def test_format_fen_wan_has_no_negative_zero(fen: int) -> None:
    assert format_fen_wan(fen) == "0.00"


@properties
@given(fen=fens)
def test_format_fen_wan_is_within_half_a_hundredth_of_the_exact_amount(fen: int) -> None:
    text = format_fen_wan(fen)
    assert len(text.split(".")[1]) == 2
    shown = Decimal(text.replace(",", ""))
    exact = Decimal(fen) / 1_000_000
    assert abs(shown - exact) <= Decimal("0.005")


# yuan_to_fen ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [
        ("12.34", 1234),
        ("0.01", 1),
        ("0.1", 10),
        ("1.230", 123),  # trailing zeros are not extra precision
        ("-3.5", -350),
        ("0", 0),
        ("1e2", 10_000),
        ("50000000", 5_000_000_000),
        ("100000000.01", 10_000_000_001),
        (12, 1200),
        (0, 0),
        (-7, -700),
        (Decimal("0.01"), 1),
        (Decimal("99999.99"), 9_999_999),
    ],
)
def test_yuan_to_fen(yuan: Decimal | int | str, fen: int) -> None:
    result = yuan_to_fen(yuan)
    assert result == fen
    assert type(result) is int


@pytest.mark.parametrize("yuan", ["0.001", "12.345", "-0.005", Decimal("1.001"), "1e-3"])
def test_yuan_to_fen_rejects_sub_fen_precision(yuan: Decimal | str) -> None:
    with pytest.raises(ValueError, match="more precise than one fen"):
        yuan_to_fen(yuan)


@pytest.mark.parametrize("yuan", ["", "abc", "12.3.4", "1,234.56", "¥12", "12元"])
def test_yuan_to_fen_rejects_non_numbers(yuan: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        yuan_to_fen(yuan)


def test_yuan_to_fen_rejects_nan() -> None:
    with pytest.raises(ValueError):
        yuan_to_fen("NaN")


@pytest.mark.parametrize("yuan", ["Infinity", "-inf"])
def test_yuan_to_fen_rejects_infinity_with_value_error(yuan: str) -> None:
    with pytest.raises(ValueError):
        yuan_to_fen(yuan)


def test_yuan_to_fen_rejects_signalling_nan_with_value_error() -> None:
    with pytest.raises(ValueError):
        yuan_to_fen("sNaN")


@pytest.mark.parametrize(
    "yuan", ["1.0000000000000000000000000001", "12345678901234567890123456.789"]
)
def test_yuan_to_fen_rejects_sub_fen_precision_beyond_28_digits(yuan: str) -> None:
    with pytest.raises(ValueError):
        yuan_to_fen(yuan)


@properties
@given(yuan=st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_yuan_are_a_hundred_fen(yuan: int) -> None:
    assert yuan_to_fen(yuan) == yuan * 100
    assert yuan_to_fen(str(yuan)) == yuan * 100


@properties
@given(fen=fens)
def test_two_decimal_places_are_exact(fen: int) -> None:
    assert yuan_to_fen(Decimal(fen).scaleb(-2)) == fen
    assert yuan_to_fen(str(Decimal(fen).scaleb(-2))) == fen


@properties
@given(fen=fens, extra=st.integers(min_value=1, max_value=9))
def test_a_third_decimal_place_is_refused(fen: int, extra: int) -> None:
    mils = fen * 10 + (extra if fen >= 0 else -extra)
    with pytest.raises(ValueError, match="more precise than one fen"):
        yuan_to_fen(Decimal(mils).scaleb(-3))
