"""The API's documentation pages in headless Chromium with every other origin refused, as on a
machine without internet: Swagger UI and ReDoc render from the server's own files. (ReDoc's
bundle still asks a CDN for the small logo of its "API docs by Redocly" credit: an image the
page does without.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.web.conftest import WebServer

pytestmark = pytest.mark.slow


@pytest.fixture
def offline_page(browser: Browser, web_server: WebServer) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    refused: list[str] = []

    def only_this_server(route: Route) -> None:
        if route.request.url.startswith(web_server.base):
            route.continue_()
        else:
            refused.append(route.request.resource_type)
            route.abort()

    context.route("**/*", only_this_server)
    page = context.new_page()
    yield page, refused
    context.close()


@pytest.mark.parametrize(
    ("path", "title"),
    [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")],
)
def test_the_api_docs_render_offline(
    offline_page: tuple[Page, list[str]], web_server: WebServer, path: str, title: str
) -> None:
    page, refused = offline_page
    page.goto(web_server.base + path)
    expect(page.locator(title).first).to_contain_text("Carchan customer assistant", timeout=30_000)
    assert set(refused) <= {"image"}
