"""Customer tokens: issued to the app's sign-in back-end, revoked by the customer."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response, status

from api.channels.hub import publish_from_thread, revocation
from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep, require_scopes
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import ApiKeyIdentity
from assistant.customers import service
from assistant.customers.schemas import TokenPublic, TokenRequest

router = unit_of_work_router(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenPublic,
    summary="Exchange a verified identity for a customer token",
    responses={404: {"model": ErrorResponse, "description": "household_not_found"}},
)
def issue_token(
    body: TokenRequest,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    _key: Annotated[ApiKeyIdentity, Depends(require_scopes("tokens:issue"))],
) -> TokenPublic:
    """The app's own sign-in back-end has verified who the customer is; name the household
    by exactly one of its id, phone or loyalty card."""
    household = service.find_household(
        session=session,
        household_id=body.household_id,
        phone=body.phone,
        loyalty_card=body.loyalty_card,
    )
    return service.issue_token(settings=settings, household=household, now=now)


@router.post(
    "/revoke",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Sign out everywhere: refuse every token issued so far",
)
def revoke(customer: CurrentCustomer, session: SessionDep, request: Request) -> Response:
    service.revoke_tokens(session=session, household=customer)
    assert customer.id is not None
    # The sockets already open (this process's and, through Redis, the others') close now:
    # a signed-out phone must not keep receiving pushes.
    publish_from_thread(request.app.state, customer.id, revocation(customer.token_version))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
