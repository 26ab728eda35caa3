"""Why an offer is shown, in French and English, from the engine's reasons.

The words are the catalogue's (`offers.reason.*`, `offers.why.generic`): a clause per reason,
joined as the language joins them ("… ; …" in French, "…; …" in English).
"""

from __future__ import annotations

from assistant.i18n import days_ago, render
from assistant.offers.engine import Reason

PETS = frozenset({"cat", "dog", "any"})


def reason_text(reason: Reason, lang: str) -> str | None:
    match reason.kind:
        case "product":
            return render(
                lang,
                "offers.reason.product",
                purchases=reason.purchases,
                last=days_ago(reason.days_ago, lang),
            )
        case "category":
            return render(
                lang, "offers.reason.category", category=reason.value, purchases=reason.purchases
            )
        case "kids" | "baby" | "assigned":
            return render(lang, f"offers.reason.{reason.kind}")
        case "taste":
            return render(lang, "offers.reason.taste", taste=reason.value)
        case "pet" if reason.value in PETS:
            return render(lang, f"offers.reason.pet.{reason.value}")
        case "pet":
            return render(lang, "offers.reason.pet.named", pet=reason.value)
        case _:
            return None


def explain(reasons: tuple[Reason, ...], lang: str, *, stored: str | None = None) -> str:
    """One sentence: the stored text of a durable or campaign assignment when there is one,
    otherwise the reasons joined; the generic offer says it is for everyone."""
    lang = "en" if lang == "en" else "fr"
    kinds = {reason.kind for reason in reasons}
    if "generic" in kinds:
        return render(lang, "offers.why.generic")
    if stored and kinds & {"durable", "assigned"}:
        return stored
    pairs = [(r.kind, text) for r in reasons if (text := reason_text(r, lang))]
    if len(pairs) > 1:  # "picked for you" adds nothing next to a concrete reason
        pairs = [(kind, text) for kind, text in pairs if kind != "assigned"]
    if not pairs:
        return render(lang, "offers.why.generic")
    sentence, *more = [text for _, text in pairs]
    for text in more:
        sentence = render(lang, "offers.reason.joined", reasons=sentence, reason=text)
    return sentence[:1].upper() + sentence[1:] + "."
