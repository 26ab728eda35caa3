"""The radio: a household's spoken segment (SSML) for an in-store or streaming voice, and
today's briefing as SSML or as audio (WAV, rendered by the synthesizer in `audio`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Header, Path, Query, Response
from fastapi.responses import JSONResponse

from api.channels.audio import WAV_MEDIA_TYPE, SynthesizerDep
from api.channels.segments import Segment, briefing_segments, script
from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.briefing.service import briefing_for, traffic_provider, weather_provider
from assistant.customers.models import Household
from assistant.errors import AppError, NotFound

router = unit_of_work_router(tags=["channels"])

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
    now: NowDep,
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
        session=session, household=household, lang=spoken, now=now, settings=settings
    )
    ssml = script(segments, spoken)
    if format == "json":
        return JSONResponse(
            {
                "kind": kind,
                "lang": spoken,
                "ssml": ssml,
                "segments": [_segment_json(s) for s in segments],
            }
        )
    return Response(content=ssml, media_type=SSML_MEDIA_TYPE)


def _segment_json(segment: Segment) -> dict[str, object]:
    found: dict[str, object] = {"kind": segment.kind, "text": segment.text, "ssml": segment.ssml}
    if segment.track is not None:
        # What the playout plays after the announcement.
        found["track"] = {"title": segment.track.title, "artist": segment.track.artist,
                          "seconds": segment.track.seconds}  # fmt: skip
    return found


WAV_ALIASES = frozenset({WAV_MEDIA_TYPE, "audio/x-wav", "audio/wave", "audio/vnd.wave"})


class NotAcceptable(AppError):
    status_code = 406
    code = "not_acceptable"


def _quality(ranges: list[tuple[str, float]], offered: frozenset[str]) -> float:
    """The q of the most specific media range matching one of `offered` (0 when none)."""
    best: tuple[int, float] = (-1, 0.0)
    for media_range, q in ranges:
        kind = media_range.split("/", 1)[0]
        if media_range in offered:
            specificity = 2
        elif media_range == f"{kind}/*" and any(o.startswith(f"{kind}/") for o in offered):
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        best = max(best, (specificity, q))
    return best[1]


def wants_audio(accept: str | None) -> bool:
    """Content negotiation between the SSML script (preferred on a tie) and the WAV."""
    if not accept or not accept.strip():
        return False
    ranges = []
    for part in accept.split(","):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media_range:
            ranges.append((media_range.lower(), q))
    ssml_q = _quality(ranges, frozenset({SSML_MEDIA_TYPE}))
    wav_q = _quality(ranges, WAV_ALIASES)
    if max(ssml_q, wav_q) <= 0:
        raise NotAcceptable(
            f"this resource is served as {SSML_MEDIA_TYPE} or {WAV_MEDIA_TYPE}",
            details={"accept": accept, "available": [SSML_MEDIA_TYPE, WAV_MEDIA_TYPE]},
        )
    return wav_q > ssml_q


def _is_own(customer: Household, ref: str) -> bool:
    return ref == str(customer.id) or (customer.slug is not None and ref == customer.slug)


@router.get(
    "/radio/{household}/briefing",
    response_class=Response,
    responses={
        200: {
            "content": {SSML_MEDIA_TYPE: {}, WAV_MEDIA_TYPE: {}},
            "description": "Today's briefing as an SSML script, or spoken (WAV) with "
            "`Accept: audio/wav` or `format=wav`",
        },
        **{
            status: {"model": ErrorResponse, "description": description}
            for status, description in [
                (404, "`household_not_found`: not the token's household"),
                (406, "`not_acceptable`: neither SSML nor WAV is accepted"),
                (422, "`ssml_too_long` / `ssml_invalid`: the script cannot be synthesized"),
                (502, "`tts_failed`: the synthesizer failed or gave no usable audio"),
                (503, "`tts_unavailable`: no synthesizer installed (espeak-ng)"),
                (504, "`tts_timeout`: the synthesizer took too long"),
            ]
        },
    },
)
def radio_briefing(
    household: Annotated[str, Path(min_length=1, max_length=64, description="id or slug")],
    customer: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    synthesizer: SynthesizerDep,
    format: Literal["ssml", "wav"] | None = None,
    lang: Annotated[Literal["fr", "en"] | None, Query()] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Today's briefing for the household (by id or slug), in its language unless `lang` is
    given. Another household's briefing is a 404, as if it did not exist. A sync endpoint:
    FastAPI runs it in its thread pool, so the synthesizer's subprocess never blocks the loop."""
    if not _is_own(customer, household):
        raise NotFound("no such household", code="household_not_found")
    audio = format == "wav" if format is not None else wants_audio(accept)
    briefing = briefing_for(session=session, household=customer, now=now,
                            weather=weather_provider(settings),
                            traffic=traffic_provider(settings),
                            lang=lang or ("en" if customer.lang == "en" else "fr"))  # fmt: skip
    headers = {"Vary": "Accept", "Content-Language": briefing.lang}
    if not audio:
        return Response(content=briefing.ssml, media_type=SSML_MEDIA_TYPE, headers=headers)
    data = synthesizer.synthesize(briefing.ssml, lang=briefing.lang)
    filename = f"briefing-{customer.slug or customer.id}-{briefing.day.isoformat()}.wav"
    headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(content=data, media_type=WAV_MEDIA_TYPE, headers=headers)
