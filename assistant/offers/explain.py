"""Why an offer is shown, in French and English, from the engine's reasons."""

from __future__ import annotations

from assistant.offers.engine import Reason

PETS = {
    "fr": {"cat": "votre chat", "dog": "votre chien", "any": "votre animal"},
    "en": {"cat": "your cat", "dog": "your dog", "any": "your pet"},
}
GENERIC = {
    "fr": "Offre pour tous les clients, pas choisie d'après vos achats.",
    "en": "An offer for every customer, not picked from your purchases.",
}


def _days(days: int, lang: str) -> str:
    if lang == "en":
        return "today" if days <= 0 else ("yesterday" if days == 1 else f"{days} days ago")
    return "aujourd'hui" if days <= 0 else ("hier" if days == 1 else f"il y a {days} jours")


def reason_text(reason: Reason, lang: str) -> str | None:
    en = lang == "en"
    match reason.kind:
        case "product":
            return (
                f"you bought this product {reason.purchases} times, last "
                f"{_days(reason.days_ago, lang)}"
                if en
                else f"vous avez acheté ce produit {reason.purchases} fois, la dernière "
                f"{_days(reason.days_ago, lang)}"
            )
        case "category":
            return (
                f"you often buy {reason.value} ({reason.purchases} purchases)"
                if en
                else f"vous achetez souvent au rayon {reason.value} ({reason.purchases} achats)"
            )
        case "kids":
            return "for your children" if en else "pour vos enfants"
        case "baby":
            return "for your baby" if en else "pour votre bébé"
        case "pet":
            return (
                f"for {PETS['en' if en else 'fr'].get(reason.value, reason.value)}"
                if en
                else (f"pour {PETS['fr'].get(reason.value, reason.value)}")
            )
        case "taste":
            return f"you like {reason.value}" if en else f"vous aimez {reason.value}"
        case "assigned":
            return "picked for you" if en else "choisie pour vous"
        case _:
            return None


def explain(reasons: tuple[Reason, ...], lang: str, *, stored: str | None = None) -> str:
    """One sentence: the stored text of a durable or campaign assignment when there is one,
    otherwise the reasons joined; the generic offer says it is for everyone."""
    lang = "en" if lang == "en" else "fr"
    kinds = {reason.kind for reason in reasons}
    if "generic" in kinds:
        return GENERIC[lang]
    if stored and kinds & {"durable", "assigned"}:
        return stored
    pairs = [(r.kind, text) for r in reasons if (text := reason_text(r, lang))]
    if len(pairs) > 1:  # "picked for you" adds nothing next to a concrete reason
        pairs = [(kind, text) for kind, text in pairs if kind != "assigned"]
    texts = [text for _, text in pairs]
    sentence = " ; ".join(texts) if lang == "fr" else "; ".join(texts)
    return (sentence[:1].upper() + sentence[1:] + ".") if sentence else GENERIC[lang]
