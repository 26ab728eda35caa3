"""Speech synthesis for the radio: SSML in, a WAV file out, behind a small interface.

The renderer we ship is espeak-ng (the Debian package), run as a subprocess with a timeout.
It reads only a subset of SSML, so the document is first rewritten for it: supported tags
are kept with their supported attributes, others are unwrapped to their text (or to what they
stand for: a `<sub>`'s alias), namespaces are dropped. The briefing's own SSML stays W3C.
Every failure is a coded error (503 when no synthesizer is installed, 504 on timeout,
502 on a crash or an unusable file, 422 when the script is too long), never a 500.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import wave
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Protocol
from xml.sax.saxutils import escape, quoteattr

from fastapi import Depends

from assistant.errors import AppError

WAV_MEDIA_TYPE = "audio/wav"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A briefing is 1-3 kB of SSML; this bounds a subprocess's work, not a real script.
MAX_SSML_CHARS = 20_000
TIMEOUT_SECONDS = 20.0
# Shorter than this is not speech: an empty or truncated rendering.
MIN_SECONDS = 0.25

# Tags espeak-ng 1.5x interprets, with the attributes it reads; anything else would be
# read aloud (its text) or silently ignored (its attributes).
ESPEAK_TAGS: Mapping[str, frozenset[str]] = {
    "speak": frozenset({XML_LANG}),
    "p": frozenset({XML_LANG}),
    "s": frozenset({XML_LANG}),
    "break": frozenset({"time", "strength"}),
    "prosody": frozenset({"rate", "pitch", "volume", "range"}),
    "say-as": frozenset({"interpret-as", "format", "detail"}),
    "emphasis": frozenset({"level"}),
}
# Tags whose content is not to be said at all.
_SILENT = frozenset({"mark", "desc", "metadata", "lexicon", "meta"})


class TTSUnavailable(AppError):
    status_code = 503
    code = "tts_unavailable"


class TTSTimeout(AppError):
    status_code = 504
    code = "tts_timeout"


class TTSFailed(AppError):
    status_code = 502
    code = "tts_failed"


class SSMLRejected(AppError):
    status_code = 422
    code = "ssml_invalid"


@dataclass(frozen=True)
class WavInfo:
    channels: int
    framerate: int
    sample_width: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.framerate


class Synthesizer(Protocol):
    """Renders a standalone SSML document in `lang` ("fr" | "en") to WAV bytes, or raises
    one of this module's errors."""

    name: str

    def synthesize(self, ssml: str, *, lang: str) -> bytes: ...


def wav_info(data: bytes, *, min_seconds: float = MIN_SECONDS) -> WavInfo:
    """The WAV's format, checked: a RIFF/WAVE header, PCM frames, at least `min_seconds`."""
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise TTSFailed("the synthesizer did not produce a WAV file", details={"bytes": len(data)})
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            info = WavInfo(
                channels=reader.getnchannels(),
                framerate=reader.getframerate(),
                sample_width=reader.getsampwidth(),
                frames=reader.getnframes(),
            )
    except (wave.Error, EOFError) as exc:
        raise TTSFailed(f"the synthesizer's WAV file is unreadable: {exc}") from exc
    # A header may claim more frames than the file holds (a streamed header).
    payload = info.frames * info.channels * info.sample_width
    if info.framerate <= 0 or payload > len(data) or info.seconds < min_seconds:
        raise TTSFailed(
            "the synthesizer's WAV file holds no usable speech",
            details={"frames": info.frames, "framerate": info.framerate, "bytes": len(data)},
        )
    return info


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _render(element: ET.Element, out: list[str]) -> None:
    tag = _local(element.tag) if isinstance(element.tag, str) else ""
    allowed = ESPEAK_TAGS.get(tag)
    if tag in _SILENT:
        out.append(escape(element.tail or ""))
        return
    if allowed is not None:
        attributes = "".join(
            f" {'xml:lang' if name == XML_LANG else name}={quoteattr(value)}"
            for name, value in element.attrib.items()
            if name in allowed
        )
        out.append(f"<{tag}{attributes}>")
    if tag == "sub" and element.get("alias") is not None:
        out.append(escape(element.get("alias", "")))
    else:
        out.append(escape(element.text or ""))
        for child in element:
            _render(child, out)
    if allowed is not None:
        out.append(f"</{tag}>")
    out.append(escape(element.tail or ""))


def espeak_ssml(ssml: str) -> str:
    """The document rewritten to the SSML subset espeak-ng reads (see ESPEAK_TAGS)."""
    try:
        root = ET.fromstring(ssml)
    except ET.ParseError as exc:
        raise SSMLRejected(f"the SSML script is not well-formed XML: {exc}") from exc
    if _local(root.tag) != "speak":
        raise SSMLRejected("the SSML script's root is not <speak>")
    out: list[str] = []
    root.tail = None
    _render(root, out)
    return "".join(out)


@dataclass
class EspeakSynthesizer:
    """espeak-ng as a subprocess: `-m` (SSML), a voice per language, `-w` to a temp file
    (a `--stdout` stream carries no sizes in its header)."""

    binary: str = "espeak-ng"
    timeout: float = TIMEOUT_SECONDS
    max_chars: int = MAX_SSML_CHARS
    # The voices of the SSML's locales (fr-FR, en-GB): espeak-ng switches to the voice of
    # `xml:lang` anyway, so the command line agrees with it.
    voices: Mapping[str, str] = field(default_factory=lambda: {"fr": "fr", "en": "en-gb"})
    name: str = "espeak-ng"

    def executable(self) -> str | None:
        return shutil.which(self.binary)

    def synthesize(self, ssml: str, *, lang: str) -> bytes:
        if len(ssml) > self.max_chars:
            raise SSMLRejected(
                "the SSML script is too long to synthesize",
                code="ssml_too_long",
                details={"chars": len(ssml), "max_chars": self.max_chars},
            )
        executable = self.executable()
        if executable is None:
            raise TTSUnavailable(
                f"speech synthesis is not available on this server ({self.binary} is not "
                "installed: apt-get install espeak-ng); the SSML script is served without it",
                details={"synthesizer": self.name},
            )
        voice = self.voices.get(lang, self.voices["fr"])
        script = espeak_ssml(ssml)
        with tempfile.TemporaryDirectory(prefix="radio-tts-") as tmp:
            source, target = Path(tmp) / "script.ssml", Path(tmp) / "speech.wav"
            source.write_text(script, encoding="utf-8")
            command = [executable, "-m", "-v", voice, "-f", str(source), "-w", str(target)]
            try:
                done = subprocess.run(  # a fixed argv, no shell
                    command, capture_output=True, timeout=self.timeout, check=False
                )
            except FileNotFoundError as exc:  # removed between which() and exec
                raise TTSUnavailable(f"{self.binary} could not be started: {exc}") from exc
            except subprocess.TimeoutExpired as exc:
                raise TTSTimeout(
                    f"speech synthesis took longer than {self.timeout:g} s",
                    details={"timeout_seconds": self.timeout},
                ) from exc
            if done.returncode != 0:
                stderr = done.stderr.decode("utf-8", "replace").strip()[-500:]
                raise TTSFailed(
                    f"{self.name} failed (exit status {done.returncode})",
                    details={"returncode": done.returncode, "stderr": stderr},
                )
            data = target.read_bytes() if target.exists() else b""
        wav_info(data)
        return data


def get_synthesizer() -> Synthesizer:
    """The app's synthesizer; tests override this dependency (a fake, or another binary)."""
    return EspeakSynthesizer()


SynthesizerDep = Annotated[Synthesizer, Depends(get_synthesizer)]
