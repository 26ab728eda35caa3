"""The dialogue contract read from the Rasa project: nlu/domain.yml and nlu/data/rules.yml.

Only what our in-process dialogue needs is interpreted (intents, slots and their mappings,
forms, responses with slot conditions, the intent rules and the form rules); the raw domain
is handed to rasa-sdk actions unchanged, as a Rasa server would.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nlu.parse import ParsedEntity

logger = logging.getLogger(__name__)

NLU_DIR = Path(__file__).resolve().parents[2] / "nlu"
DOMAIN_PATH = NLU_DIR / "domain.yml"
RULES_PATH = NLU_DIR / "data" / "rules.yml"
NLU_FALLBACK = "nlu_fallback"
_TEMPLATE_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class SlotMapping:
    type: str
    entity: str | None = None
    # The form that must be active for the mapping to apply (Rasa's `conditions`).
    active_loops: tuple[str | None, ...] = ()
    requested_slots: tuple[str | None, ...] = ()

    def applies(self, active_loop: str | None, requested_slot: str | None) -> bool:
        if self.active_loops and active_loop not in self.active_loops:
            return False
        return not self.requested_slots or requested_slot in self.requested_slots


@dataclass(frozen=True, slots=True)
class SlotSpec:
    name: str
    type: str
    initial_value: Any = None
    mappings: tuple[SlotMapping, ...] = ()

    @property
    def from_entities(self) -> bool:
        return any(mapping.type == "from_entity" for mapping in self.mappings)

    def coerce(self, value: Any) -> Any:
        """The value as the slot type stores it (a float slot keeps numbers only)."""
        if value is None or self.type != "float":
            return value
        try:
            return float(value)
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class Domain:
    intents: frozenset[str]
    slots: dict[str, SlotSpec]
    forms: dict[str, tuple[str, ...]]
    responses: dict[str, list[dict[str, Any]]]
    actions: frozenset[str]
    # intent -> the action or response its rule runs; intent -> the form its rule activates.
    intent_actions: dict[str, str]
    form_activations: dict[str, str]
    # form -> the action run once the form is complete.
    form_submits: dict[str, str]
    raw: dict[str, Any] = field(default_factory=dict)

    def initial_slots(self) -> dict[str, Any]:
        return {name: spec.initial_value for name, spec in self.slots.items()}

    def entity_slots(self) -> list[str]:
        """Slots the NLU fills, as opposed to `custom` ones only actions set."""
        return [name for name, spec in self.slots.items() if spec.from_entities]

    def slot_values(
        self,
        entities: tuple[ParsedEntity, ...],
        *,
        active_loop: str | None,
        requested_slot: str | None,
    ) -> dict[str, Any]:
        """The slot values a message's entities set through the `from_entity` mappings."""
        values: dict[str, Any] = {}
        for name, spec in self.slots.items():
            for mapping in spec.mappings:
                if mapping.type != "from_entity" or not mapping.applies(
                    active_loop, requested_slot
                ):
                    continue
                found = [entity.value for entity in entities if entity.entity == mapping.entity]
                if found:
                    value = spec.coerce(found[0])
                    if value is not None:
                        values[name] = value
                        break
        return values

    def has_response(self, name: str) -> bool:
        return name in self.responses

    def response(
        self, name: str, slots: dict[str, Any], extra: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """The variation of a response whose conditions hold (e.g. `lang: en`), templated.

        A variation without conditions is the default (French in our domain).
        """
        variations = self.responses.get(name)
        if not variations:
            return None
        chosen = next(
            (v for v in variations if v.get("condition") and _conditions_hold(v, slots)),
            None,
        ) or next((v for v in variations if not v.get("condition")), None)
        if chosen is None:
            return None
        values = {**slots, **(extra or {})}
        rendered = dict(chosen)
        rendered.pop("condition", None)
        if isinstance(rendered.get("text"), str):
            rendered["text"] = fill_template(rendered["text"], values)
        rendered["buttons"] = [
            {**button, "title": fill_template(str(button.get("title", "")), values)}
            for button in rendered.get("buttons") or []
        ]
        return rendered


def fill_template(text: str, values: dict[str, Any]) -> str:
    """Rasa's `{slot}` templating; an unknown or empty name stays as written."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match[1])
        if value is None:
            return match[0]
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return _TEMPLATE_FIELD.sub(replace, text)


def _conditions_hold(variation: dict[str, Any], slots: dict[str, Any]) -> bool:
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and slots.get(condition.get("name")) != condition.get(
            "value"
        ):
            return False
    return True


def _mapping(raw: dict[str, Any]) -> SlotMapping:
    conditions = raw.get("conditions") or []
    return SlotMapping(
        type=str(raw.get("type")),
        entity=raw.get("entity"),
        active_loops=tuple(c.get("active_loop") for c in conditions if "active_loop" in c),
        requested_slots=tuple(c.get("requested_slot") for c in conditions if "requested_slot" in c),
    )


def _rules(
    raw_rules: list[dict[str, Any]], forms: dict[str, tuple[str, ...]]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Reads the two rule shapes we use: `intent -> action` (a form activation when the action
    is a form) and the form submission `form, active_loop: null, ..., action`."""
    intent_actions: dict[str, str] = {}
    form_activations: dict[str, str] = {}
    form_submits: dict[str, str] = {}
    for rule in raw_rules:
        steps = rule.get("steps") or []
        first = steps[0] if steps else {}
        if "intent" in first and len(steps) > 1 and "action" in steps[1]:
            intent, action = str(first["intent"]), str(steps[1]["action"])
            target = form_activations if action in forms else intent_actions
            # The first rule wins: a duplicate (deny appears twice) must agree anyway.
            target.setdefault(intent, action)
        elif "action" in first and first["action"] in forms:
            actions = [step["action"] for step in steps[1:] if "action" in step]
            if actions:
                form_submits[str(first["action"])] = str(actions[-1])
        else:
            logger.debug("rule %r is not interpreted by the in-process dialogue", rule.get("rule"))
    return intent_actions, form_activations, form_submits


def load_domain(domain_path: Path = DOMAIN_PATH, rules_path: Path = RULES_PATH) -> Domain:
    raw = yaml.safe_load(domain_path.read_text(encoding="utf-8")) or {}
    raw_rules = (yaml.safe_load(rules_path.read_text(encoding="utf-8")) or {}).get("rules") or []
    slots = {
        name: SlotSpec(
            name=name,
            type=str(spec.get("type", "any")),
            initial_value=spec.get("initial_value"),
            mappings=tuple(_mapping(m) for m in spec.get("mappings") or []),
        )
        for name, spec in (raw.get("slots") or {}).items()
    }
    forms = {
        name: tuple((spec or {}).get("required_slots") or [])
        for name, spec in (raw.get("forms") or {}).items()
    }
    intent_actions, form_activations, form_submits = _rules(raw_rules, forms)
    return Domain(
        intents=frozenset(str(i) for i in raw.get("intents") or []),
        slots=slots,
        forms=forms,
        responses={str(k): list(v) for k, v in (raw.get("responses") or {}).items()},
        actions=frozenset(str(a) for a in raw.get("actions") or []),
        intent_actions=intent_actions,
        form_activations=form_activations,
        form_submits=form_submits,
        raw=raw,
    )


@lru_cache(maxsize=1)
def default_domain() -> Domain:
    """The project's domain, read once per process (the files do not change at run time)."""
    return load_domain()
