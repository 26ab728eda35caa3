"""The demo's loyalty earning rule, shared by the Zerty story and the population."""

from __future__ import annotations

# Voucher conversion of the Carchan card: every 100 points become a 10 EUR voucher.
VOUCHER_POINTS = 100


def points_for_receipt(total_cents: int, kind: str) -> int:
    """Points earned by one receipt: 1 point per full 10 EUR, fuel 1 point per full 5 EUR.

    Fuel earns double so that a 50 EUR fill-up brings 10 points (the story's fuel stop
    takes the Zertys from 48 to 58 points). Refunds (negative totals) earn nothing.
    """
    if total_cents <= 0:
        return 0
    return total_cents // (500 if kind == "fuel" else 1000)
