"""The app page's words (GET /app/words): from the catalogue, in both languages, in a form the
page's small formatter fills (plain placeholders, plural forms by CLDR category), and every
word the page asks for exists."""

from __future__ import annotations

import re
import string

import pytest
from fastapi.testclient import TestClient

from api.routers.web import STATIC_DIR, WEB_DIR
from assistant.i18n import LANGS

# t("list.title"), t('x'), data-i18n="tabs.chat", data-i18n-label="chat.log"...
ASKED = re.compile(r"""\bt\(\s*["']([\w.]+)["']|data-i18n(?:-[a-z]+)?=["']([\w.]+)["']""")
PLURAL = {"zero", "one", "two", "few", "many", "other"}


def _words(client: TestClient, lang: str) -> dict[str, str | dict[str, str]]:
    response = client.get("/app/words", params={"lang": lang})
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == lang
    words: dict[str, str | dict[str, str]] = body["words"]
    return words


def _asked() -> set[str]:
    sources = [WEB_DIR / "index.html", *sorted(STATIC_DIR.glob("*.js"))]
    return {
        first or second
        for path in sources
        for first, second in ASKED.findall(path.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize(
    ("lang", "msg_id", "text"),
    [("fr", "status.closed", "hors ligne"), ("en", "status.closed", "offline"),
     ("fr", "errors.product_not_found",
      "Aucun produit ne porte ce code EAN : vérifiez les chiffres."),
     ("en", "errors.product_not_found", "No product has this EAN code: please check the digits."),
     ("en", "order.open", "Order this list")],
)  # fmt: skip
def test_the_words_are_the_catalogue_s(
    client: TestClient, lang: str, msg_id: str, text: str
) -> None:
    assert _words(client, lang)[msg_id] == text


def test_both_languages_have_the_same_words(client: TestClient) -> None:
    french, english = (_words(client, lang) for lang in LANGS)
    assert set(french) == set(english)
    assert "greeting.ask" not in french, "only the page's words are served"


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_s_formatter_can_fill_every_word(client: TestClient, lang: str) -> None:
    for msg_id, forms in _words(client, lang).items():
        if isinstance(forms, dict):
            assert set(forms) <= PLURAL and "other" in forms, msg_id
        for text in [forms] if isinstance(forms, str) else forms.values():
            fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name]
            # i18n.js fills {name} only: values arrive already written (money, dates).
            assert all(re.fullmatch(r"\w+", name) and not spec for name, spec in fields), msg_id


def test_every_word_the_page_asks_for_exists(client: TestClient) -> None:
    asked = _asked()
    assert {"tabs.chat", "chat.retry", "list.store"} <= asked, "the scan finds the page's ids"
    assert asked - set(_words(client, "fr")) == set()


def test_a_language_we_do_not_speak_is_refused(client: TestClient) -> None:
    response = client.get("/app/words", params={"lang": "de"})
    assert response.status_code == 422
