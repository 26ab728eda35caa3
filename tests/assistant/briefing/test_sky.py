"""The sky named from Open-Meteo's WMO weather code."""

from __future__ import annotations

import pytest

from assistant.briefing.weather import sky


@pytest.mark.parametrize(
    ("code", "fr", "en"),
    [(0, "ensoleillé", "sunny"), (2, "partiellement nuageux", "partly cloudy"),
     (61, "pluvieux", "rainy"), (73, "neigeux", "snowy"), (95, "orageux", "stormy"),
     (None, None, None), (42, None, None)],
)  # fmt: skip
def test_sky(code: int | None, fr: str | None, en: str | None) -> None:
    assert (sky(code, "fr"), sky(code, "en")) == (fr, en)
