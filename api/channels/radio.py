"""The radio: a household's spoken segment (SSML) for an in-store or streaming voice."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from api.channels.segments import briefing_segments, script
from api.deps import CurrentCustomer, SessionDep, SettingsDep
from assistant.db import utcnow
from assistant.errors import NotFound

router = APIRouter(tags=["channels"])

SSML_MEDIA_TYPE = "application/ssml+xml"


@router.get(
    "/radio/{household_id}/segment",
    responses={
        200: {
            "content": {SSML_MEDIA_TYPE: {}, "application/json": {}},
            "description": "The SSML script, or `{ssml, segments}` with format=json",
        }
    },
)
def radio_segment(
    household_id: int,
    household: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    kind: Literal["briefing"] = "briefing",
    format: Literal["ssml", "json"] = "ssml",
    lang: Annotated[Literal["fr", "en"] | None, Query()] = None,
) -> Response:
    """The household's briefing segment, in its language unless `lang` is given. Another
    household's segment is a 404, as if it did not exist."""
    if household.id != household_id:
        raise NotFound("no such household", code="household_not_found")
    spoken = lang or ("en" if household.lang == "en" else "fr")
    segments = briefing_segments(
        session=session, household=household, lang=spoken, now=utcnow(), settings=settings
    )
    ssml = script(segments, spoken)
    if format == "json":
        return JSONResponse(
            {
                "kind": kind,
                "lang": spoken,
                "ssml": ssml,
                "segments": [{"kind": s.kind, "text": s.text, "ssml": s.ssml} for s in segments],
            }
        )
    return Response(content=ssml, media_type=SSML_MEDIA_TYPE)
