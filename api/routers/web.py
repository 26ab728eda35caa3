"""The customer's app page (`/app/`), its static assets, and demo sign-in (dev and test only).

The page is plain HTML, CSS and JavaScript modules served from `api/web/`: no build step and
nothing fetched from a CDN, so it works offline and under a strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends
from fastapi.responses import FileResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from api.deps import NowDep, SessionDep, SettingsDep
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import issue_customer_token
from assistant.config import Settings
from assistant.customers.models import Household, Member
from assistant.demo.population import SOURCE as SYNTHETIC_SOURCE
from assistant.errors import NotFound
from assistant.i18n import catalogue

router = unit_of_work_router()

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
# Everything the page needs comes from this origin; sockets too ('self' covers ws: in CSP 3).
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
DEMO_SYNTHETIC_SHOWN = 5  # a few synthetic households besides the story's
PAGE_WORDS = "app.page."  # the catalogue's messages the page shows, served by /app/words


# --- the page -----------------------------------------------------------------------------


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/app/", status_code=307)


@router.get("/app", include_in_schema=False)
def app_no_slash() -> RedirectResponse:
    return RedirectResponse("/app/", status_code=307)


@router.get("/app/", include_in_schema=False)
def app_page() -> FileResponse:
    """The single page; every view is rendered by `static/app.js`."""
    return FileResponse(WEB_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)


def _static_files() -> dict[str, Path]:
    # A fixed map of the files that exist: a request can never name a path outside it.
    return {
        path.name: path
        for path in STATIC_DIR.iterdir()
        if path.is_file() and path.suffix in MEDIA_TYPES
    }


@router.get(
    "/app/static/{name}",
    include_in_schema=False,
    responses={404: {"model": ErrorResponse, "description": "asset_not_found"}},
)
def static_asset(name: str) -> FileResponse:
    path = _static_files().get(name)
    if path is None:
        raise NotFound("no such asset", code="asset_not_found")
    return FileResponse(
        path, media_type=MEDIA_TYPES[path.suffix], headers={"Cache-Control": "no-cache"}
    )


class PageWords(BaseModel):
    lang: str
    words: dict[str, str | dict[str, str]] = Field(
        description="id (without 'app.page.') -> text with {placeholders}, or its plural "
        "forms by CLDR category, chosen by the value `count`"
    )


@router.get("/app/words", response_model=PageWords, tags=["app"])
def page_words(lang: Literal["fr", "en"] = "fr") -> PageWords:
    """The words of the app page in one language (its labels, statuses and error messages by
    API error code), from the same catalogue as the assistant's replies."""
    words = {
        msg_id.removeprefix(PAGE_WORDS): entry.text
        for msg_id, entry in catalogue(lang).items()
        if msg_id.startswith(PAGE_WORDS)
    }
    return PageWords(lang=lang, words=words)


# --- demo sign-in -------------------------------------------------------------------------


def require_demo(settings: SettingsDep) -> Settings:
    """Demo sign-in does not exist in production: its endpoints answer like unknown paths."""
    if settings.assistant_env == "production":
        raise NotFound("not found", code="not_found")
    return settings


DemoSettings = Annotated[Settings, Depends(require_demo)]
DEMO_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse, "description": "not_found (production), household_not_found"}
}


class DemoHousehold(BaseModel):
    slug: str = Field(description="what POST /demo/token takes")
    name: str
    lang: str
    members: list[str] = Field(description="first names")
    story: bool = Field(description="a household of the demo story (the Zertys)")


class DemoTokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(min_length=1, max_length=64)


class DemoToken(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: dt.datetime
    household_id: int
    name: str
    lang: str


def _demo_households(session: Session) -> list[tuple[str, Household]]:
    story = session.exec(
        select(Household).where(col(Household.slug).is_not(None)).order_by(col(Household.id))
    ).all()
    synthetic = session.exec(
        select(Household)
        .where(Household.source == SYNTHETIC_SOURCE, col(Household.external_ref).is_not(None))
        .order_by(col(Household.id))
        .limit(DEMO_SYNTHETIC_SHOWN)
    ).all()
    # The Zertys first: the story's household is the one the page is shown with.
    ordered = sorted(story, key=lambda h: (h.slug != "zerty", h.id or 0))
    return [(h.slug or "", h) for h in ordered] + [(h.external_ref or "", h) for h in synthetic]


def _members(session: Session, household_id: int) -> list[str]:
    rows = session.exec(
        select(Member.first_name)
        .where(Member.household_id == household_id)
        .order_by(col(Member.id))
    ).all()
    return list(rows)


@router.get(
    "/demo/households", response_model=list[DemoHousehold], tags=["demo"], responses=DEMO_ERRORS
)
def demo_households(_settings: DemoSettings, session: SessionDep) -> list[DemoHousehold]:
    """The households one may sign in as on the demo page (not in production)."""
    return [
        DemoHousehold(
            slug=slug,
            name=household.name,
            lang=household.lang,
            members=_members(session, household.id or 0),
            story=household.slug is not None,
        )
        for slug, household in _demo_households(session)
    ]


def _find(session: Session, slug: str) -> Household | None:
    found = session.exec(select(Household).where(Household.slug == slug)).first()
    if found is not None:
        return found
    return session.exec(
        select(Household).where(
            Household.source == SYNTHETIC_SOURCE, Household.external_ref == slug
        )
    ).first()


@router.post("/demo/token", response_model=DemoToken, tags=["demo"], responses=DEMO_ERRORS)
def demo_token(
    body: DemoTokenRequest, settings: DemoSettings, session: SessionDep, now: NowDep
) -> DemoToken:
    """A customer token for a demo household, without the app's real sign-in (not in
    production)."""
    household = _find(session, body.slug)
    if household is None or household.id is None:
        raise NotFound(f"no demo household {body.slug!r}", code="household_not_found")
    ttl = dt.timedelta(minutes=settings.token_ttl_minutes)
    token = issue_customer_token(settings=settings, household=household, now=now, ttl=ttl)
    return DemoToken(
        token=token,
        expires_at=now + ttl,
        household_id=household.id,
        name=household.name,
        lang=household.lang,
    )
