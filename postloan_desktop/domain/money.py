"""Money is integer fen (分) everywhere; these helpers turn it into text and back."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

FEN_PER_YUAN = 100
WAN = 10_000  # 万: how bank staff say large amounts


def yuan_to_fen(yuan: Decimal | int | str) -> int:
    """'12.34' -> 1234. Refuses non-numbers, infinities and amounts finer than one fen."""
    try:
        value = Decimal(yuan)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {yuan!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {yuan!r}")
    with localcontext() as ctx:
        # enough digits that nothing is rounded away before the check
        ctx.prec = len(value.as_tuple().digits) + 4
        fen = value.scaleb(2)
        if fen != fen.to_integral_value():
            raise ValueError(f"more precise than one fen: {yuan!r}")
        return int(fen)


def format_fen(fen: int) -> str:
    """1234567 -> '12,345.67' (yuan with thousands separators)."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan:,}.{cents:02d}"


def format_fen_wan(fen: int) -> str:
    """1_234_567_00 fen -> '123.46' (万元, rounded half up to two places)."""
    value = (Decimal(fen) / (FEN_PER_YUAN * WAN)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # no '-0.00'
    return f"{value:,}"
