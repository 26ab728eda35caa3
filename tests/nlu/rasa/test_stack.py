"""Without Python 3.10 the Rasa end-to-end test skips, except in CI where it must fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.nlu.rasa import stack


@pytest.fixture
def no_python_310(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack, "VENV_RASA", tmp_path / "no-venv")
    monkeypatch.setenv("PYTHON_RASA", str(tmp_path / "no-python3.10"))


@pytest.mark.usefixtures("no_python_310")
def test_a_developer_machine_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match=r"Python 3\.10 for Rasa not found"):
        stack.ensure_rasa_model()


@pytest.mark.usefixtures("no_python_310")
def test_ci_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match=r"Python 3\.10 for Rasa not found"):
        stack.ensure_rasa_model()


def test_the_configured_interpreter_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_RASA", "/opt/python3.10/bin/python")

    assert stack.python_for_rasa() == Path("/opt/python3.10/bin/python")
