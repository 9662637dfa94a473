"""French number formatting: ``58 %``, ``3,5``, ``1 234`` (narrow no-break spaces).

Every function takes a raw number (a proportion in [0, 1] for percentages) and
returns the text a French reader expects; a missing value (None or NaN) gives
:data:`MISSING`. Presentation only: nothing here computes a statistic.
"""

from __future__ import annotations

import math

NNBSP = "\u202f"  # narrow no-break space: thousands and before "%"
NBSP = "\u00a0"  # no-break space: before ":" in French typography
COLON = f"{NBSP}: "  # "Base : 235", the French colon
SEMICOLON = f"{NNBSP}; "  # "46 % ; 59 %", the French semicolon
MISSING = "–"  # a value that does not exist (empty base, not applicable)
MASKED = "—"  # a value hidden by disclosure control (small count)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def integer(value: float) -> str:
    """``1234`` → ``1 234``."""
    if _missing(value):
        return MISSING
    return f"{round(value):,}".replace(",", NNBSP)


def decimal(value: float, digits: int = 1) -> str:
    """``3.5`` → ``3,5``."""
    if _missing(value):
        return MISSING
    return f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")


def percent(proportion: float, digits: int = 0) -> str:
    """``0.5787`` → ``58 %`` (a proportion in [0, 1])."""
    if _missing(proportion):
        return MISSING
    return f"{decimal(100 * proportion, digits)}{NNBSP}%"


def interval(low: float, high: float, digits: int = 0) -> str:
    """A confidence interval of proportions: ``(0.46, 0.59)`` → ``[46 % ; 59 %]``.

    Examples
    --------
    >>> interval(0.46, 0.59).replace(NNBSP, " ").replace(NBSP, " ")
    '[46 % ; 59 %]'
    """
    if _missing(low) or _missing(high):
        return MISSING
    return f"[{percent(low, digits)}{SEMICOLON}{percent(high, digits)}]"


def percent_with_interval(proportion: float, low: float, high: float, digits: int = 0) -> str:
    """``(0.52, 0.46, 0.59)`` → ``52 % [46 % ; 59 %]``.

    Examples
    --------
    >>> percent_with_interval(0.52, 0.46, 0.59).replace(NNBSP, " ").replace(NBSP, " ")
    '52 % [46 % ; 59 %]'
    """
    if _missing(low) or _missing(high):
        return percent(proportion, digits)
    return f"{percent(proportion, digits)} {interval(low, high, digits)}"


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun, in the French singular for 0 and 1.

    Examples
    --------
    >>> plural(1, "répondant")
    '1 répondant'
    >>> plural(1234, "répondant").replace(NNBSP, " ")
    '1 234 répondants'
    """
    noun = singular if not _missing(count) and abs(count) < 2 else (plural_form or singular + "s")
    return f"{integer(count)} {noun}"


def sentence(text: str) -> str:
    """``text`` with a capital first letter and a final full stop (unless it ends a sentence)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."
