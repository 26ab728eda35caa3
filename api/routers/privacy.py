"""The customer's data rights: export everything (`GET /me/export`), erase everything
(`DELETE /me`)."""

from __future__ import annotations

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.channels.hub import publish_from_thread, revocation
from api.deps import CurrentCustomer, NowDep, SessionDep
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.privacy.erasure import check_confirmation, erase_household
from assistant.privacy.export import FORMAT, VERSION, build_export, export_filename

router = unit_of_work_router(tags=["privacy"])


class ErasureRequest(BaseModel):
    # In the body, not the query string: query strings end up in access logs.
    confirm: str | None = Field(
        default=None, max_length=200, description="The household's name (or its slug)."
    )


class ErasurePublic(BaseModel):
    erased: bool
    household_id: int
    deleted: dict[str, int]
    anonymised_receipts: int
    released_slots: int
    released_seats: int


@router.get(
    "/me/export",
    response_class=JSONResponse,
    summary="Everything stored about the household, as JSON (GDPR art. 15 and 20)",
    responses={
        200: {
            "description": f"A `{FORMAT}` document, version {VERSION}, sent as an attachment.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def export_me(customer: CurrentCustomer, session: SessionDep, now: NowDep) -> JSONResponse:
    document = build_export(session=session, household=customer, now=now)
    filename = export_filename(household=customer, now=now)
    return JSONResponse(
        jsonable_encoder(document),
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.delete(
    "/me",
    response_model=ErasurePublic,
    summary="Erase the household (GDPR art. 17); receipts are kept anonymised",
    responses={
        422: {
            "model": ErrorResponse,
            "description": "erasure_confirmation_required or erasure_confirmation_mismatch",
        }
    },
)
def erase_me(
    customer: CurrentCustomer, session: SessionDep, now: NowDep, request: Request,
    body: ErasureRequest | None = None,
) -> ErasurePublic:  # fmt: skip
    """Send `{"confirm": "<household name>"}`. Every token of the household stops working."""
    check_confirmation(household=customer, confirm=body.confirm if body else None)
    report = erase_household(session=session, household=customer, now=now)
    publish_from_thread(request.app.state, report.household_id, revocation(None))
    return ErasurePublic(
        erased=True,
        household_id=report.household_id,
        deleted=report.deleted,
        anonymised_receipts=report.anonymised_receipts,
        released_slots=report.released_slots,
        released_seats=report.released_seats,
    )
