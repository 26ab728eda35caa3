"""Amounts as the customer reads them: one place for both languages."""

from __future__ import annotations


def money(cents: int, lang: str) -> str:
    """1234 -> "12,34 €" (French) or "€12.34" (English)."""
    sign = "-" if cents < 0 else ""
    euros = f"{abs(cents) / 100:.2f}"
    return f"{sign}€{euros}" if lang == "en" else f"{sign}{euros.replace('.', ',')} €"
