"""Is this really Alexa calling? The checks a skill endpoint must make on every request.

Amazon signs each request: `SignatureCertChainUrl` names a PEM certificate chain on
s3.amazonaws.com under /echo.api/, and `Signature-256` is the base64 RSA-SHA256 signature of
the raw body by that chain's leaf, whose subject alternative names include
echo-api.amazon.com. The chain must lead to a trusted root and be valid now; the request's
own timestamp must be within 150 seconds of now (a replayed request is refused). Without
these checks anyone who obtained a customer's linked token could speak as that customer's
speaker.

The chain is fetched through a `CertificateFetcher` (HTTP in production, a fake serving test
certificates in tests) and cached by URL until it expires.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import posixpath
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import certifi
import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import DNSName, PolicyBuilder, Store, VerificationError

from assistant.errors import AppError

SIGNING_NAME = "echo-api.amazon.com"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
MAX_AGE = dt.timedelta(seconds=150)
MAX_CHAIN_BYTES = 64 * 1024
FETCH_TIMEOUT_SECONDS = 3.0
CACHE_FOR = dt.timedelta(hours=12)


class AlexaRequestRefused(AppError):
    """Amazon's rule: a request that fails verification gets 400 Bad Request."""

    status_code = 400
    code = "alexa_request_unverified"


class CertificateFetcher(Protocol):
    def fetch(self, url: str) -> bytes:
        """The PEM chain at `url` (raises on any transport error)."""
        ...


class HttpCertificateFetcher:
    """Downloads the chain over HTTPS (the system's trust store), refusing big answers."""

    def __init__(self, timeout: float = FETCH_TIMEOUT_SECONDS) -> None:
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)

    def fetch(self, url: str) -> bytes:
        with self._client.stream("GET", url) as response:
            response.raise_for_status()
            data = b""
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > MAX_CHAIN_BYTES:
                    raise ValueError("certificate chain too large")
            return data


def check_chain_url(url: str) -> None:
    """Amazon's rules for the URL: https, s3.amazonaws.com (any case), port 443 if given, and a
    path under /echo.api/ once `..` segments are resolved (case-sensitive)."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError as exc:
        raise AlexaRequestRefused(
            "bad certificate URL port", code="alexa_cert_url_invalid"
        ) from exc
    path = posixpath.normpath(parts.path) if parts.path else ""
    if (
        parts.scheme.lower() != "https"
        or (parts.hostname or "").lower() != CERT_HOST
        or port not in (None, 443)
        or not path.startswith(CERT_PATH_PREFIX)
    ):
        raise AlexaRequestRefused(
            "the certificate URL is not Amazon's", code="alexa_cert_url_invalid"
        )


def trusted_roots(path: Path | None) -> Store:
    """The roots a chain must lead to: a PEM bundle, or the certifi bundle by default."""
    pem = Path(path or certifi.where()).read_bytes()
    return Store(x509.load_pem_x509_certificates(pem))


@dataclass(frozen=True)
class _Verified:
    public_key: rsa.RSAPublicKey
    until: dt.datetime


class AlexaVerifier:
    def __init__(self, *, fetcher: CertificateFetcher, roots: Store, skill_id: str | None) -> None:
        self.fetcher = fetcher
        self.roots = roots
        self.skill_id = skill_id
        self._cache: dict[str, _Verified] = {}
        self._lock = threading.Lock()

    def verify(
        self,
        *,
        body: bytes,
        chain_url: str | None,
        signature: str | None,
        timestamp: dt.datetime | None,
        application_id: str | None,
        now: dt.datetime,
    ) -> None:
        """Raises `AlexaRequestRefused` unless the request is Amazon's, fresh and for us."""
        if not chain_url or not signature:
            raise AlexaRequestRefused("the request is not signed", code="alexa_signature_missing")
        if timestamp is None or abs(now - timestamp) > MAX_AGE:
            raise AlexaRequestRefused(
                "the request is too old or from the future", code="alexa_request_stale"
            )
        if self.skill_id is not None and application_id != self.skill_id:
            raise AlexaRequestRefused("the request is for another skill", code="alexa_wrong_skill")
        key = self._public_key(chain_url, now)
        try:
            decoded = base64.b64decode(signature, validate=True)
            key.verify(decoded, body, padding.PKCS1v15(), hashes.SHA256())
        except (binascii.Error, ValueError, InvalidSignature) as exc:
            raise AlexaRequestRefused(
                "the request's signature does not match", code="alexa_signature_invalid"
            ) from exc

    def _public_key(self, url: str, now: dt.datetime) -> rsa.RSAPublicKey:
        check_chain_url(url)
        with self._lock:
            cached = self._cache.get(url)
        if cached is not None and now < cached.until:
            return cached.public_key
        try:
            pem = self.fetcher.fetch(url)
            certificates = x509.load_pem_x509_certificates(pem)
        except Exception as exc:
            raise AlexaRequestRefused(
                "the certificate chain cannot be read", code="alexa_cert_invalid"
            ) from exc
        leaf, intermediates = certificates[0], certificates[1:]
        verifier = (
            PolicyBuilder()
            .store(self.roots)
            .time(now.replace(tzinfo=None))
            .build_server_verifier(DNSName(SIGNING_NAME))
        )
        try:
            verifier.verify(leaf, intermediates)
        except VerificationError as exc:
            raise AlexaRequestRefused(
                f"the certificate chain is not trusted: {exc}", code="alexa_cert_invalid"
            ) from exc
        public_key = leaf.public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise AlexaRequestRefused("the certificate is not RSA", code="alexa_cert_invalid")
        until = min(leaf.not_valid_after_utc, now + CACHE_FOR)
        with self._lock:
            self._cache[url] = _Verified(public_key, until)
        return public_key
