"""The radio briefing heard: espeak-ng renders today's SSML to a WAV, on both backends.

The main tests run the real espeak-ng (skipped, with the reason, where it is not installed);
the error paths run the real adapter against programs that misbehave on purpose, and a fake
of the `Synthesizer` interface checks what the endpoint hands to it.
"""

from __future__ import annotations

import io
import re
import shutil
import stat
import subprocess
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.channels.audio import (
    EspeakSynthesizer,
    SSMLRejected,
    Synthesizer,
    TTSFailed,
    espeak_ssml,
    get_synthesizer,
    wav_info,
)
from assistant.config import Settings
from assistant.customers.models import Household
from tests.api.channels.fakes import add_points
from tests.factories import customer_headers, make_household, make_member

ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(
    ESPEAK is None,
    reason="espeak-ng is not installed (Debian package espeak-ng; `make install` adds it)",
)


def _wav(seconds: float, framerate: int = 22050) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(framerate)
        writer.writeframes(b"\x00\x01" * int(seconds * framerate))
    return buffer.getvalue()


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session, name="Famille Zerty", slug="zerty")
    for first_name, role in [("Anne", "adult"), ("Marc", "adult"), ("André", "child")]:
        make_member(session, household, first_name=first_name, role=role)
    add_points(session, household, 58)
    session.commit()  # an error rolls the request's session back to its last commit
    return household


Install = Callable[[Synthesizer], None]


@pytest.fixture
def use_synthesizer(app: FastAPI) -> Iterator[Install]:
    def install(synthesizer: Synthesizer) -> None:
        app.dependency_overrides[get_synthesizer] = lambda: synthesizer

    yield install
    app.dependency_overrides.pop(get_synthesizer, None)


# The real espeak-ng.


@needs_espeak
@pytest.mark.parametrize(
    ("params", "accept", "lang"),
    [
        ({}, "audio/wav", "fr"),
        ({"format": "wav"}, None, "fr"),
        ({"format": "wav", "lang": "en"}, None, "en"),
        ({}, "application/ssml+xml;q=0.5, audio/*", "fr"),
    ],
)
def test_the_briefing_is_heard(
    client: TestClient,
    settings: Settings,
    household: Household,
    params: dict[str, str],
    accept: str | None,
    lang: str,
) -> None:
    headers = customer_headers(settings, household) | ({"Accept": accept} if accept else {})
    response = client.get(f"/radio/{household.slug}/briefing", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "audio/wav"
    assert response.headers["content-language"] == lang
    assert re.fullmatch(
        r'inline; filename="briefing-zerty-\d{4}-\d{2}-\d{2}\.wav"',
        response.headers["content-disposition"],
    )
    data = response.content
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    with wave.open(io.BytesIO(data), "rb") as reader:
        channels, framerate = reader.getnchannels(), reader.getframerate()
        width, frames = reader.getsampwidth(), reader.getnframes()
        samples = reader.readframes(frames)
    assert (channels, framerate, width) == (1, 22050, 2)
    # Greeting, date and balance: several seconds of speech, not a blip.
    assert frames > 3 * framerate
    assert len(samples) == frames * width
    assert any(samples[i] != 0 for i in range(0, len(samples), 997))  # not silence


def _phonemes(text: str, lang: str, *, ssml: bool) -> list[str]:
    """What espeak-ng would say in the synthesizer's voice, as phoneme words (no pauses)."""
    assert ESPEAK is not None
    voice = EspeakSynthesizer().voices[lang]
    command = [ESPEAK, "-q", "-x", "-v", voice] + (["-m"] if ssml else [])
    done = subprocess.run(command, input=text.encode(), capture_output=True, check=True)
    words = done.stdout.decode().split()
    return [word for word in (re.sub(r"^[_:!|]+|[_:!|]+$", "", w) for w in words) if word]


@needs_espeak
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_espeak_says_our_ssml_as_its_text_and_no_markup(
    client: TestClient, settings: Settings, household: Household, lang: str
) -> None:
    headers = customer_headers(settings, household)
    ssml = client.get(
        f"/radio/{household.slug}/briefing", params={"lang": lang}, headers=headers
    ).text
    text = client.get("/me/briefing", params={"lang": lang}, headers=headers).json()["text"]
    spoken = _phonemes(espeak_ssml(ssml), lang, ssml=True)
    assert spoken == _phonemes(text, lang, ssml=False)
    # The W3C document as the briefing writes it is read the same way.
    assert _phonemes(ssml, lang, ssml=True) == spoken


@needs_espeak
def test_the_adapter_renders_foreign_tags_as_espeak_reads_them() -> None:
    ssml = (
        '<speak xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">'
        '<p><s>Hello <sub alias="World Wide Web">WWW</sub><mark name="m"/> '
        '<audio src="chime.wav">ding</audio></s></p></speak>'
    )
    synthesizer = EspeakSynthesizer()
    info = wav_info(synthesizer.synthesize(ssml, lang="en"))
    assert info.seconds > 1
    assert _phonemes(espeak_ssml(ssml), "en", ssml=True) == _phonemes(
        "Hello World Wide Web ding", "en", ssml=False
    )


# The adapter, without the binary.


@pytest.mark.parametrize(
    ("ssml", "expected"),
    [
        (
            '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="fr-FR">'
            "<p><s>Bonjour Anne &amp; Marc !</s></p></speak>",
            '<speak xml:lang="fr-FR"><p><s>Bonjour Anne &amp; Marc !</s></p></speak>',
        ),
        (
            '<speak><s>Il fait <prosody rate="slow" foo="x">4 degrés</prosody>'
            '<break time="300ms"/> <emphasis level="strong">couvrez-vous</emphasis>'
            '<say-as interpret-as="characters">SNCF</say-as></s></speak>',
            '<speak><s>Il fait <prosody rate="slow">4 degrés</prosody><break time="300ms"></break>'
            ' <emphasis level="strong">couvrez-vous</emphasis>'
            '<say-as interpret-as="characters">SNCF</say-as></s></speak>',
        ),
        (
            '<speak><voice name="x"><lang xml:lang="en">Hi</lang></voice> '
            '<sub alias="Carchan">CCN</sub><mark name="a"/>!<!-- note --></speak>',
            "<speak>Hi Carchan!</speak>",
        ),
        (
            '<speak><audio src="a.wav">bip</audio><desc>a chime</desc> ok</speak>',
            "<speak>bip ok</speak>",
        ),
    ],
)
def test_ssml_is_adapted_to_espeak(ssml: str, expected: str) -> None:
    assert espeak_ssml(ssml) == expected


@pytest.mark.parametrize("ssml", ["<speak><p>open", "plain text", "<p>not speak</p>"])
def test_unusable_ssml_is_rejected(ssml: str) -> None:
    with pytest.raises(SSMLRejected) as error:
        espeak_ssml(ssml)
    assert error.value.code == "ssml_invalid"


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        (_wav(2.0), True),
        (_wav(1.0, framerate=16000), True),
        (_wav(0.1), False),  # a blip
        (_wav(0.0), False),
        (b"RIFF\x00\x00\x00\x00WAVEjunk" + b"\x00" * 40, False),
        (b"ID3" + b"\x00" * 100, False),  # an MP3
        (b"", False),
        # A streamed header (espeak --stdout) claims frames the file does not hold.
        (_wav(0.5)[:40] + (0x7FFFFFFF).to_bytes(4, "little") + _wav(0.5)[44:], False),
    ],
)
def test_wav_files_are_checked(data: bytes, ok: bool) -> None:
    if ok:
        assert wav_info(data).seconds >= 1
    else:
        with pytest.raises(TTSFailed):
            wav_info(data)


# Error paths: coded answers, never a 500.


def test_without_espeak_the_audio_is_503_and_the_script_still_served(
    client: TestClient,
    settings: Settings,
    household: Household,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # the default synthesizer finds no espeak-ng
    headers = customer_headers(settings, household)
    url = f"/radio/{household.slug}/briefing"
    audio = client.get(url, headers=headers | {"Accept": "audio/wav"})
    assert audio.status_code == 503
    error = audio.json()["error"]
    assert error["code"] == "tts_unavailable"
    assert "espeak-ng is not installed" in error["message"]
    script = client.get(url, headers=headers)
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("application/ssml+xml")


def _program(tmp_path: Path, body: str) -> str:
    """A stand-in for espeak-ng taking the same argv (the WAV path comes last)."""
    path = tmp_path / "fake-espeak"
    path.write_text(
        f'#!/bin/sh\nPATH="$PATH:/usr/bin:/bin"\nfor arg in "$@"; do target="$arg"; done\n{body}\n'
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.mark.parametrize(
    ("body", "timeout", "status", "code"),
    [
        ("exec sleep 30", 0.5, 504, "tts_timeout"),
        ('echo "voice not found" >&2; exit 3', 5.0, 502, "tts_failed"),
        ('echo "not a wav" > "$target"', 5.0, 502, "tts_failed"),
        ("exit 0", 5.0, 502, "tts_failed"),  # no file at all
        ('cp "{short}" "$target"', 5.0, 502, "tts_failed"),
    ],
)
def test_a_misbehaving_synthesizer_is_a_coded_error(
    client: TestClient,
    settings: Settings,
    household: Household,
    tmp_path: Path,
    use_synthesizer: Install,
    body: str,
    timeout: float,
    status: int,
    code: str,
) -> None:
    short = tmp_path / "short.wav"
    short.write_bytes(_wav(0.05))
    binary = _program(tmp_path, body.format(short=short))
    use_synthesizer(EspeakSynthesizer(binary=binary, timeout=timeout))
    response = client.get(
        f"/radio/{household.slug}/briefing",
        params={"format": "wav"},
        headers=customer_headers(settings, household),
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_a_crash_reports_its_exit_status_and_message(
    client: TestClient,
    settings: Settings,
    household: Household,
    tmp_path: Path,
    use_synthesizer: Install,
) -> None:
    binary = _program(tmp_path, 'echo "voice not found" >&2; exit 3')
    use_synthesizer(EspeakSynthesizer(binary=binary))
    response = client.get(
        f"/radio/{household.slug}/briefing",
        params={"format": "wav"},
        headers=customer_headers(settings, household),
    )
    assert response.json()["error"]["details"] == {"returncode": 3, "stderr": "voice not found"}


def test_a_script_too_long_is_422(
    client: TestClient, settings: Settings, household: Household, use_synthesizer: Install
) -> None:
    use_synthesizer(EspeakSynthesizer(max_chars=100))
    response = client.get(
        f"/radio/{household.slug}/briefing",
        params={"format": "wav"},
        headers=customer_headers(settings, household),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "ssml_too_long"
    assert error["details"]["max_chars"] == 100
    assert error["details"]["chars"] > 100


class RecordingSynthesizer:
    name = "recording"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def synthesize(self, ssml: str, *, lang: str) -> bytes:
        self.calls.append((ssml, lang))
        return _wav(1.5)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_synthesizer_gets_the_briefing_script_in_its_language(
    client: TestClient,
    settings: Settings,
    household: Household,
    use_synthesizer: Install,
    lang: str,
) -> None:
    synthesizer = RecordingSynthesizer()
    use_synthesizer(synthesizer)
    headers = customer_headers(settings, household)
    url = f"/radio/{household.id}/briefing"
    audio = client.get(url, params={"format": "wav", "lang": lang}, headers=headers)
    assert audio.status_code == 200
    assert audio.content == _wav(1.5)
    script = client.get(url, params={"lang": lang}, headers=headers).text
    assert synthesizer.calls == [(script, lang)]  # the SSML request did not synthesize
