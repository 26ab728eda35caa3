"""Is it Amazon calling? Signature, certificate chain, timestamp and skill id of every speaker
request, with a test certificate authority standing for Amazon's; and the speaker shares the
chat's rate limit."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import Store
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.channels.alexa_auth import AlexaRequestRefused, AlexaVerifier, check_chain_url
from api.channels.voice import get_alexa_verifier
from assistant.auth.service import issue_customer_token
from assistant.config import Settings
from tests.api.channels.fakes import FakeDialogue, add_points
from tests.api.channels.test_voice import URL, alexa, speech_text
from tests.clock import NOW
from tests.factories import make_household

CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
SKILL = "amzn1.ask.skill.carchan-test"


@dataclass
class Authority:
    """A root, an intermediate and a leaf for echo-api.amazon.com, as Amazon's chain is."""

    root: x509.Certificate
    chain_pem: bytes
    leaf_key: rsa.RSAPrivateKey

    @property
    def store(self) -> Store:
        return Store([self.root])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(
    *, subject: str, key: rsa.RSAPrivateKey, issuer: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey, ca: bool, not_before: dt.datetime, not_after: dt.datetime,
    san: str | None = None,
) -> x509.Certificate:  # fmt: skip
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=False, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=True, crl_sign=True, encipher_only=False,
                          decipher_only=False),
            critical=True,
        )  # fmt: skip
    else:
        usage = x509.KeyUsage(digital_signature=True, content_commitment=False,
                              key_encipherment=True, data_encipherment=False, key_agreement=False,
                              key_cert_sign=False, crl_sign=False, encipher_only=False,
                              decipher_only=False)  # fmt: skip
        builder = (
            builder.add_extension(usage, critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(san or "")]), False)
        )
    return builder.sign(issuer_key, hashes.SHA256())


def authority(
    *, san: str = "echo-api.amazon.com", leaf_from: dt.datetime | None = None,
    leaf_until: dt.datetime | None = None,
) -> Authority:  # fmt: skip
    root_key, middle_key, leaf_key = _key(), _key(), _key()
    start, end = NOW - dt.timedelta(days=365), NOW + dt.timedelta(days=365)
    root = _certificate(subject="Test Root CA", key=root_key, issuer=None, issuer_key=root_key,
                        ca=True, not_before=start, not_after=end)  # fmt: skip
    middle = _certificate(subject="Test Intermediate CA", key=middle_key, issuer=root,
                          issuer_key=root_key, ca=True, not_before=start,
                          not_after=end)  # fmt: skip
    leaf = _certificate(subject=san, key=leaf_key, issuer=middle, issuer_key=middle_key,
                        ca=False, not_before=leaf_from or start, not_after=leaf_until or end,
                        san=san)  # fmt: skip
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, middle))
    return Authority(root, pem, leaf_key)


@pytest.fixture(scope="module")
def amazon() -> Authority:
    return authority()


@dataclass
class FakeFetcher:
    """`CertificateFetcher` over a dict: what s3.amazonaws.com would serve."""

    served: dict[str, bytes]
    calls: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> bytes:
        self.calls.append(url)
        return self.served[url]


def sign(body: bytes, key: rsa.RSAPrivateKey) -> str:
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def signed_request(
    payload: dict[str, Any], authority: Authority, *, at: dt.datetime = NOW,
    skill: str = SKILL,
) -> tuple[bytes, dict[str, str]]:  # fmt: skip
    payload = json.loads(json.dumps(payload))
    payload["request"]["timestamp"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    payload["context"]["System"]["application"] = {"applicationId": skill}
    body = json.dumps(payload).encode()
    headers = {
        "SignatureCertChainUrl": CHAIN_URL,
        "Signature-256": sign(body, authority.leaf_key),
        "Content-Type": "application/json",
    }
    return body, headers


def verifier_for(authority: Authority, fetcher: FakeFetcher | None = None) -> AlexaVerifier:
    return AlexaVerifier(
        fetcher=fetcher or FakeFetcher({CHAIN_URL: authority.chain_pem}),
        roots=authority.store,
        skill_id=SKILL,
    )


# Amazon's own examples of chain URLs (developer documentation).
@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
        "HTTPS://s3.AmazonAWS.com/echo.api/echo-api-cert.pem",
    ],
)
def test_amazon_chain_urls_are_accepted(url: str) -> None:
    check_chain_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../../other/cert.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/cert.pem",
    ],
)
def test_other_chain_urls_are_refused(url: str) -> None:
    with pytest.raises(AlexaRequestRefused) as refused:
        check_chain_url(url)
    assert (refused.value.status_code, refused.value.code) == (400, "alexa_cert_url_invalid")


def _verify(
    verifier: AlexaVerifier, signed: bytes, headers: dict[str, str], **changes: Any
) -> None:
    payload = json.loads(signed)
    arguments: dict[str, Any] = {
        "body": signed,
        "chain_url": headers.get("SignatureCertChainUrl"),
        "signature": headers.get("Signature-256"),
        "timestamp": dt.datetime.fromisoformat(payload["request"]["timestamp"]),
        "application_id": payload["context"]["System"]["application"]["applicationId"],
        "now": NOW,
    }
    arguments.update(changes)
    verifier.verify(**arguments)


def test_a_signed_fresh_request_is_accepted_and_the_chain_cached(amazon: Authority) -> None:
    fetcher = FakeFetcher({CHAIN_URL: amazon.chain_pem})
    verifier = verifier_for(amazon, fetcher)
    body, headers = signed_request(alexa(token="t", query="bonjour"), amazon)
    _verify(verifier, body, headers)
    _verify(verifier, body, headers, now=NOW + dt.timedelta(seconds=30))
    assert fetcher.calls == [CHAIN_URL]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"signature": None}, "alexa_signature_missing"),
        ({"chain_url": None}, "alexa_signature_missing"),
        ({"body": b'{"tampered": true}'}, "alexa_signature_invalid"),
        ({"signature": "not base64!"}, "alexa_signature_invalid"),
        ({"now": NOW + dt.timedelta(seconds=151)}, "alexa_request_stale"),
        ({"now": NOW - dt.timedelta(seconds=151)}, "alexa_request_stale"),
        ({"timestamp": None}, "alexa_request_stale"),
        ({"application_id": "amzn1.ask.skill.someone-else"}, "alexa_wrong_skill"),
        ({"chain_url": "https://s3.amazonaws.com/other/cert.pem"}, "alexa_cert_url_invalid"),
    ],
)
def test_what_is_not_amazon_s_fresh_request_for_us_is_refused(
    amazon: Authority, change: dict[str, Any], code: str
) -> None:
    body, headers = signed_request(alexa(token="t", query="bonjour"), amazon)
    with pytest.raises(AlexaRequestRefused) as refused:
        _verify(verifier_for(amazon), body, headers, **change)
    assert (refused.value.status_code, refused.value.code) == (400, code)


@pytest.mark.parametrize(
    ("forged", "trust_its_root"),
    [
        (lambda: authority(), False),  # a chain that does not lead to the trusted root
        (lambda: authority(san="evil.example.com"), True),
        (lambda: authority(leaf_until=NOW - dt.timedelta(days=1)), True),
        (lambda: authority(leaf_from=NOW + dt.timedelta(days=1)), True),
    ],
    ids=["other-root", "other-name", "expired", "not-yet-valid"],
)
def test_a_chain_amazon_did_not_issue_is_refused(
    amazon: Authority, forged: Any, trust_its_root: bool
) -> None:
    other: Authority = forged()
    verifier = AlexaVerifier(
        fetcher=FakeFetcher({CHAIN_URL: other.chain_pem}),
        roots=other.store if trust_its_root else amazon.store,
        skill_id=SKILL,
    )
    body, headers = signed_request(alexa(token="t", query="bonjour"), other)
    with pytest.raises(AlexaRequestRefused) as refused:
        _verify(verifier, body, headers)
    assert refused.value.code == "alexa_cert_invalid"


# --- the endpoint -----------------------------------------------------------------------------


@pytest.fixture
def verified_app(channel_app: FastAPI, settings: Settings, amazon: Authority) -> Iterator[FastAPI]:
    settings.alexa_verify_requests = True
    channel_app.dependency_overrides[get_alexa_verifier] = lambda: verifier_for(amazon)
    yield channel_app
    settings.alexa_verify_requests = False


@pytest.fixture
def token(session: Session, settings: Settings) -> str:
    household = make_household(session, name="Famille Test")
    add_points(session, household, 48)
    return issue_customer_token(settings=settings, household=household, now=NOW)


def test_the_endpoint_answers_amazon_and_refuses_the_rest(
    verified_app: FastAPI, amazon: Authority, token: str, fake_dialogue: FakeDialogue
) -> None:
    with TestClient(verified_app, raise_server_exceptions=False) as client:
        body, headers = signed_request(alexa(token=token, query="combien de points ?"), amazon)
        answered = client.post(URL, content=body, headers=headers)
        assert answered.status_code == 200, answered.text
        assert speech_text(answered.json()) == "Vous avez 48 points."
        calls = len(fake_dialogue.calls)
        unsigned = client.post(URL, json=alexa(token=token, query="combien de points ?"))
        assert (unsigned.status_code, unsigned.json()["error"]["code"]) == (
            400, "alexa_signature_missing",
        )  # fmt: skip
        replayed = client.post(URL, content=body.replace(b"points", b"pointz"), headers=headers)
        assert (replayed.status_code, replayed.json()["error"]["code"]) == (
            400, "alexa_signature_invalid",
        )  # fmt: skip
        old, old_headers = signed_request(
            alexa(token=token, query="bonjour"), amazon, at=NOW - dt.timedelta(minutes=5)
        )
        stale = client.post(URL, content=old, headers=old_headers)
        assert (stale.status_code, stale.json()["error"]["code"]) == (400, "alexa_request_stale")
        # None of the refused requests reached the dialogue.
        assert len(fake_dialogue.calls) == calls


def test_the_speaker_shares_the_chat_rate_limit(
    channel_client: TestClient, channel_app: FastAPI, settings: Settings, token: str
) -> None:
    from api.ratelimit import MemoryRateLimiter

    channel_app.state.chat_limiter = MemoryRateLimiter(limit=3, window=60)
    answered = [
        channel_client.post(URL, json=alexa(token=token, query="combien de points ?"))
        for _ in range(3)
    ]
    assert all(speech_text(r.json()) == "Vous avez 48 points." for r in answered)
    refused = channel_client.post(URL, json=alexa(token=token, query="combien de points ?"))
    assert refused.status_code == 200  # a speaker is answered in speech, not with an HTTP error
    assert "réessayez dans" in speech_text(refused.json())
    assert refused.json()["response"]["shouldEndSession"] is True
    # The same budget as the REST webhook: it is spent there too.
    rest = channel_client.post(
        "/webhooks/rest/webhook",
        json={"sender": "s", "message": "combien de points ?"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert rest.status_code == 429 and rest.headers["Retry-After"].isdigit()
