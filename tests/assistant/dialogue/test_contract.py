"""The dialogue and the action package meet only at `assistant.dialogue.contract`: the actions
import the dialogue's contract, the dialogue loads the actions by name and imports nothing of
theirs, so the two never import each other in a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.dialogue.contract import InProcessAction
from assistant.dialogue.executor import ActionRunner

ROOT = Path(__file__).resolve().parents[3]


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "assistant").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_the_backend_never_imports_the_action_package(path: Path) -> None:
    assert {name for name in _imported(path) if name.split(".")[0] == "actions"} == set()


def test_actions_reach_the_dialogue_only_through_its_contract() -> None:
    reached = {
        name
        for path in (ROOT / "actions").rglob("*.py")
        for name in _imported(path)
        if name.startswith("assistant.dialogue")
    }
    assert reached <= {"assistant.dialogue.contract", "assistant.dialogue.models"}


def test_importing_the_dialogue_loads_no_action() -> None:
    code = (
        "import sys, assistant.dialogue.service, assistant.dialogue.executor;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'actions'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_every_action_of_the_package_runs_in_process() -> None:
    runner = ActionRunner.from_package("actions")
    assert runner.knows("action_shopping_list_add") and runner.knows("validate_pickup_form")
    assert all(isinstance(runner.action(name), InProcessAction) for name in runner.names())


def test_an_action_that_cannot_run_in_process_is_refused(tmp_path: Path) -> None:
    package = tmp_path / "legacy_actions"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "old.py").write_text(
        "from rasa_sdk import Action\n\n"
        "class Old(Action):\n"
        "    def name(self):\n        return 'action_old'\n\n"
        "    async def run(self, dispatcher, tracker, domain):\n        return []\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        with pytest.raises(TypeError, match="cannot run in-process"):
            ActionRunner.from_package("legacy_actions")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == "legacy_actions"]:
            del sys.modules[name]
