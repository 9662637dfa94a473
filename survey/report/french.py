"""French number formatting: ``58 %``, ``3,5``, ``1 234`` (narrow no-break spaces)."""

from __future__ import annotations

import math

NNBSP = "\u202f"  # narrow no-break space: thousands and before "%"


def integer(value: float) -> str:
    """``1234`` → ``1 234``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{round(value):,}".replace(",", NNBSP)


def decimal(value: float, digits: int = 1) -> str:
    """``3.5`` → ``3,5``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")


def percent(proportion: float, digits: int = 0) -> str:
    """``0.5787`` → ``58 %`` (a proportion in [0, 1])."""
    if proportion is None or (isinstance(proportion, float) and math.isnan(proportion)):
        return "–"
    return f"{decimal(100 * proportion, digits)}{NNBSP}%"
