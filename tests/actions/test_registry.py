"""What `python -m rasa_sdk --actions actions` registers is exactly the domain's actions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# A fresh interpreter, as the action server starts: rasa-sdk registers every Action subclass
# the process has imported, and this test process also holds the tests' fake actions.
LOADER = (
    "import json; from rasa_sdk.executor import ActionExecutor; e = ActionExecutor(); "
    "e.register_package('actions'); print(json.dumps(sorted(e.actions)))"
)


def test_the_action_server_finds_every_action_of_the_domain() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOADER], cwd=ROOT, capture_output=True, text=True, check=True
    )
    registered = set(json.loads(result.stdout.strip().splitlines()[-1]))
    declared = set(yaml.safe_load((ROOT / "nlu" / "domain.yml").read_text("utf-8"))["actions"])
    assert registered == declared


def test_the_dialogue_sends_corrections_only_to_confirmations_that_take_them() -> None:
    from actions.confirm import CORRECTIONS
    from assistant.dialogue.contract import CORRECTABLE

    assert set(CORRECTIONS) == CORRECTABLE
