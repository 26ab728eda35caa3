"""Push through Firebase Cloud Messaging with firebase-admin 7.x, without blocking the loop.

Sending uses `messaging.send_each_async` (httpx); the OAuth token is refreshed in a worker
thread first, since google-auth refreshes synchronously.

Two deliberate departures from the SDK's defaults, both on its messaging service object
(firebase-admin 7.x has no public option for either; `tests/assistant/notify/test_fcm.py`
fails if these attributes change in an upgrade):
- `settings.fcm_endpoint` replaces the base of the FCM v1 URL, which the SDK hard-codes as
  `https://fcm.googleapis.com/v1/projects/{project}/messages:send` (`_fcm_url`): tests point
  it at a local fake FCM server, exactly as the service account's `token_uri` points the
  OAuth exchange at the fake's `/token`.
- The SDK's own HTTP retries (4 retries on 500/503 inside one call) are turned off: the
  relay owns retries (exponential backoff with jitter, `notify_max_attempts`, `last_error`)
  and must not sit in a call for seconds while holding its lease.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import warnings
from typing import Any

import firebase_admin
import google.auth.exceptions
import google.auth.transport.requests
from firebase_admin import credentials, exceptions, messaging
from firebase_admin._http_client import HttpxAsyncClient
from firebase_admin._retry import HttpxRetry

from assistant.config import Settings
from assistant.notify.senders import Delivery, Outcome, SendResult

FCM_PATH = "/v1/projects/{project}/messages:send"
# The token is not the right one: the device uninstalled the app, or it never was a token.
INVALID_TOKEN_CODES = frozenset({"NOT_FOUND", "INVALID_ARGUMENT"})
INVALID_TOKEN_ERRORS = (messaging.UnregisteredError, messaging.SenderIdMismatchError)
TRANSIENT_CODES = frozenset({"RESOURCE_EXHAUSTED", "UNAVAILABLE", "INTERNAL", "UNKNOWN"})
_app_names = itertools.count(1)


def fcm_url(endpoint: str, project_id: str) -> str:
    return endpoint.rstrip("/") + FCM_PATH.format(project=project_id)


def _data(delivery: Delivery) -> dict[str, str]:
    """FCM data values must be strings; the explanation travels with every push."""
    data = {
        key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        for key, value in delivery.payload.items()
    }
    data.update(
        notification_id=str(delivery.message_id),
        idempotency_key=delivery.idempotency_key,
        kind=delivery.kind,
        explanation=delivery.explanation,
    )
    return data


def _retry_after(error: exceptions.FirebaseError) -> float | None:
    response = error.http_response
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class FcmSender:
    channel = "push"

    def __init__(
        self,
        settings: Settings,
        *,
        credentials_info: dict[str, Any] | None = None,
        timeout: int = 30,
    ) -> None:
        if credentials_info is not None:
            certificate = credentials.Certificate(credentials_info)
        elif settings.fcm_credentials_file is not None:
            certificate = credentials.Certificate(str(settings.fcm_credentials_file))
        else:
            raise ValueError("FCM_CREDENTIALS_FILE is not set")
        # An app of our own: the process may use firebase-admin elsewhere with other options.
        self._app = firebase_admin.initialize_app(
            certificate, name=f"assistant-notify-{next(_app_names)}"
        )
        self._credential = self._app.credential.get_credential()
        service = messaging._get_messaging_service(self._app)
        if settings.fcm_endpoint:
            service._fcm_url = fcm_url(settings.fcm_endpoint, service._project_id)
        service._async_client = HttpxAsyncClient(
            credential=self._credential, timeout=timeout, retry_config=HttpxRetry(max_retries=0)
        )
        self._service = service

    @property
    def url(self) -> str:
        url: str = self._service._fcm_url
        return url

    async def _ensure_token(self) -> None:
        if not self._credential.valid:
            await asyncio.to_thread(
                self._credential.refresh, google.auth.transport.requests.Request()
            )

    async def send(self, delivery: Delivery) -> SendResult:
        targets = list(delivery.push_tokens.items())
        if not targets:
            return SendResult(Outcome.failed, error="no device with a push token")
        try:
            await self._ensure_token()
        except google.auth.exceptions.GoogleAuthError as exc:
            return SendResult(Outcome.retry, error=f"FCM authentication: {exc}")
        data = _data(delivery)
        with warnings.catch_warnings():
            # Device.push_token holds FCM registration tokens (the app's getToken()), which
            # `token` addresses; 7.x deprecates it in favour of installation ids (`fid`).
            warnings.simplefilter("ignore", DeprecationWarning)
            messages = [
                messaging.Message(
                    token=token,
                    notification=messaging.Notification(title=delivery.title, body=delivery.body),
                    data=data,
                )
                for _device, token in targets
            ]
        batch = await messaging.send_each_async(messages, app=self._app)
        result = SendResult(Outcome.sent)
        errors: list[str] = []
        transient = False
        for (device_id, _token), response in zip(targets, batch.responses, strict=True):
            if response.success:
                result.delivered[str(device_id)] = response.message_id
                continue
            error = response.exception
            assert error is not None
            code = error.code
            errors.append(f"device {device_id}: {code}: {error}")
            if isinstance(error, INVALID_TOKEN_ERRORS) or code in INVALID_TOKEN_CODES:
                result.invalid_devices.append(device_id)
            elif code in TRANSIENT_CODES:
                transient = True
                after = _retry_after(error)
                if after is not None:
                    result.retry_after = max(result.retry_after or 0.0, after)
        result.error = "; ".join(errors)[:1000] or None
        if transient:
            result.outcome = Outcome.retry
        elif not result.delivered and errors:
            result.outcome = Outcome.failed
        return result

    async def aclose(self) -> None:
        """Close the HTTP client on the loop that used it, then drop the firebase app."""
        await self._service._async_client.aclose()
        # delete_app closes the (now closed) client again with asyncio.run: off this loop.
        await asyncio.to_thread(firebase_admin.delete_app, self._app)
