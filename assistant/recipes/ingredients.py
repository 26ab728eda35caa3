"""Free-text ingredient lines ("2 suprêmes de pintade", "1 ½ cups flour") as a quantity,
a unit and an ingredient key, in French and English.

The key is French when we know the word (the catalog and the demo recipes are French),
so "guinea fowl", "pintades" and "Suprêmes de pintade" all meet on "pintade".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.recipes.service import _normalise_numbers
from assistant.text import fold_words

# English (and French variants) → the French key. Folded and singular on both sides.
_SYNONYMS: dict[str, str] = {
    "guinea fowl": "pintade", "guinea hen": "pintade", "chicken": "poulet", "beef": "boeuf",
    "pork": "porc", "lamb": "agneau", "veal": "veau", "duck": "canard", "rabbit": "lapin",
    "fish": "poisson", "salmon": "saumon", "cod": "cabillaud", "tuna": "thon",
    "mussel": "moule", "shrimp": "crevette", "prawn": "crevette", "ham": "jambon",
    "bacon": "lardon", "sausage": "saucisse", "cabbage": "chou", "mushroom": "champignon",
    "potato": "pomme de terre", "potatoe": "pomme de terre", "carrot": "carotte",
    "onion": "oignon", "shallot": "echalote", "garlic": "ail", "leek": "poireau",
    "tomato": "tomate", "tomatoe": "tomate", "pumpkin": "potiron", "spinach": "epinard",
    "bean": "haricot", "lentil": "lentille", "cheese": "fromage", "egg": "oeuf",
    "apple": "pomme", "pear": "poire", "lemon": "citron", "honey": "miel",
    "chocolate": "chocolat", "cream": "creme", "pasta": "pate", "rice": "riz",
    "flour": "farine", "sugar": "sucre", "butter": "beurre", "milk": "lait", "salt": "sel",
    "pepper": "poivre", "bell pepper": "poivron", "water": "eau", "oil": "huile",
    "olive oil": "huile", "vinegar": "vinaigre", "wine": "vin", "cider": "cidre",
    "stock": "bouillon", "broth": "bouillon", "yogurt": "yaourt", "yoghurt": "yaourt",
    "bread": "pain", "walnut": "noix", "thyme": "thym", "bay leaf": "laurier",
    "parsley": "persil", "zucchini": "courgette", "courgette": "courgette",
    "eggplant": "aubergine", "aubergine": "aubergine", "cucumber": "concombre",
    "lettuce": "salade", "orange": "orange", "banana": "banane", "strawberry": "fraise",
    "raspberry": "framboise", "peach": "peche", "cherry": "cerise", "almond": "amande",
    "turkey": "dinde", "trout": "truite", "pea": "petit pois", "corn": "mais",
    "cocotte minute": "autocuiseur", "pressure cooker": "autocuiseur",
    "pomme de terre": "pomme de terre", "petit poi": "petit pois", "lardon": "lardon",
    "creme fraiche": "creme", "oeuf": "oeuf", "pate": "pate", "bouquet garni": "bouquet garni",
    # The demo's recipes in English meet their French originals on the same keys.
    "red pepper": "poivron", "green pepper": "poivron", "yellow pepper": "poivron",
    "spring onion": "cebette", "turnip": "navet", "celery": "celeri", "chicory": "endive",
    "cauliflower": "chou fleur", "olive": "olive", "anchovy": "anchois", "beer": "biere",
    "mustard": "moutarde", "nutmeg": "muscade", "chive": "ciboulette", "tarragon": "estragon",
    "vanilla": "vanille", "breadcrumb": "chapelure", "brown sugar": "cassonade",
    "dried prune": "pruneau", "pork lard": "saindoux", "marrow bone": "os", "cherrie": "cerise",
    "short rib": "plat de cotes", "pastry": "pate", "dough": "pate",
    # "demi-sel" is the butter's kind, not salt to buy.
    "beurre demi sel": "beurre",
}  # fmt: skip
# French keys we recognise in French lines (they are their own key).
_FRENCH_KEYS = frozenset(_SYNONYMS.values()) | {
    "chataigne",
    "marron",
    "noisette",
    "echalote",
    "miel",
    "moutarde",
    "navet",
    "celeri",
    "endive",
    "radis",
    "betterave",
    "cresson",
    "figue",
    "prune",
    "abricot",
    "raisin",
    "roquefort",
    "comte",
    "gruyere",
    "camembert",
    "reblochon",
    "chevre",
    "cantal",
    "saucisson",
    "andouillette",
    "boudin",
    "magret",
    "foie gras",
    "confit",
    "crabe",
    "sardine",
    "maquereau",
    "lotte",
    "sole",
    "bar",
    "dorade",
    "huitre",
    "coquille saint jacque",
    "semoule",
    "quinoa",
    "polenta",
    "boulgour",
    "pois chiche",
    "fenouil",
    "asperge",
    "artichaut",
    "brocoli",
    "chou fleur",
    "potimarron",
    "butternut",
    "mache",
    "roquette",
    "paprika",
    "cumin",
    "cannelle",
    "vanille",
    "muscade",
    "basilic",
    "ciboulette",
    "estragon",
    "romarin",
    "sauge",
    "menthe",
    "coriandre",
    "gingembre",
    "levure",
    "cacao",
    "caramel",
}


def _canonical(phrase: str) -> str:
    return " ".join(fold_words(phrase))


_KEYS: dict[str, str] = {**{k: k for k in _FRENCH_KEYS}, **_SYNONYMS}
# Longest first, so "pomme de terre" wins over "pomme" and "olive oil" over "oil".
_KEY_PATTERNS: list[tuple[list[str], str]] = sorted(
    ((fold_words(phrase), _canonical(key)) for phrase, key in _KEYS.items()),
    key=lambda item: -len(item[0]),
)
# Kitchen staples nobody needs reminding to buy.
PANTRY = frozenset(map(_canonical, ("sel", "poivre", "eau", "huile", "sucre", "farine")))
MEATS = frozenset({
    "pintade", "poulet", "boeuf", "porc", "agneau", "veau", "canard", "lapin", "jambon",
    "lardon", "saucisse", "dinde", "saucisson", "andouillette", "boudin", "magret", "foie gras",
    "poisson", "saumon", "cabillaud", "thon", "moule", "crevette", "truite", "crabe",
    "sardine", "maquereau", "lotte", "sole", "bar", "dorade", "huitre", "coquille saint jacque",
    "bouillon",
})  # fmt: skip

_UNITS: dict[str, str] = {
    "g": "g", "gr": "g", "gramme": "g", "gram": "g", "kg": "kg", "kilo": "kg",
    "mg": "mg", "l": "l", "litre": "l", "liter": "l", "dl": "dl", "cl": "cl", "ml": "ml",
    "cup": "cup", "tasse": "cup", "verre": "glass", "glass": "glass",
    "tbsp": "tbsp", "tablespoon": "tbsp", "tbs": "tbsp", "cas": "tbsp", "c. a s.": "tbsp",
    "cuillere a soupe": "tbsp", "cuilleree a soupe": "tbsp",
    "tsp": "tsp", "teaspoon": "tsp", "cac": "tsp", "c. a c.": "tsp",
    "cuillere a cafe": "tsp", "cuilleree a cafe": "tsp",
    "oz": "oz", "ounce": "oz", "lb": "lb", "pound": "lb", "pint": "pint", "quart": "quart",
    "pincee": "pinch", "pinch": "pinch", "pinche": "pinch", "dash": "dash", "clove": "clove",
    "gousse": "clove", "tranche": "slice", "slice": "slice", "can": "can", "boite": "can",
    "botte": "bunch", "bunch": "bunch", "bunche": "bunch", "bouquet": "bunch",
    "branche": "sprig",
    "sprig": "sprig", "brin": "sprig", "feuille": "leaf", "leaf": "leaf", "leave": "leaf",
    "noi": "knob", "knob": "knob", "sachet": "packet", "packet": "packet", "stick": "stick",
}  # fmt: skip
_UNIT_RE = re.compile(
    r"^(" + "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True)) + r")s?\b\.?"
)
_WORD_QUANTITIES = {
    "un": 1.0, "une": 1.0, "a": 1.0, "an": 1.0, "one": 1.0, "deux": 2.0, "two": 2.0,
    "trois": 3.0, "three": 3.0, "quatre": 4.0, "four": 4.0, "cinq": 5.0, "five": 5.0,
    "six": 6.0, "half": 0.5, "demi": 0.5, "quelques": 3.0, "some": 3.0, "few": 3.0,
}  # fmt: skip
_NUMBER_RE = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*(?:-|to|a|à|ou|or)\s*\d+(?:\.\d+)?)?\s*")
_ARTICLE_RE = re.compile(r"^(?:de |d'|d\u2019|des |du |of |the |la |le |les |l'|l\u2019)+")


@dataclass(frozen=True)
class ParsedIngredient:
    text: str
    quantity: float | None
    unit: str | None
    name: str  # the line without quantity and unit, as written
    key: str  # folded, singular, French when known; "" when nothing is left


def _matches(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, size, key) of the known phrases, none inside a longer one."""
    found: list[tuple[int, int, str]] = []
    covered: set[int] = set()
    for phrase, key in _KEY_PATTERNS:  # longest first
        size = len(phrase)
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if words[start : start + size] == phrase and not span & covered:
                found.append((start, size, key))
                covered |= span
    return found


def ingredient_key(name: str) -> str:
    """The ingredient key of a name: its longest known phrase (the first one in French,
    "huile de noix" → huile; the last one in English, "walnut oil" → huile), else its head noun."""
    words = fold_words(name)
    if not words:
        return ""
    french = _looks_french(name)
    found = _matches(words)
    if found:
        longest = max(size for _, size, _ in found)
        ties = sorted(m for m in found if m[1] == longest)
        return ties[0][2] if french else ties[-1][2]
    content = [w for w in words if not w.isdigit() and w not in _STOPWORDS]
    if not content:
        return ""
    # English puts the noun last ("plain flour"), French first ("farine de blé").
    return content[0] if french else content[-1]


def ingredient_keys(text: str) -> list[str]:
    """Every known ingredient in a title or tag ("Chicken and leek pie" → poulet, poireau)."""
    return list(dict.fromkeys(key for _, _, key in sorted(_matches(fold_words(text)))))


_STOPWORDS = frozenset({
    "de", "du", "des", "la", "le", "les", "d", "l", "un", "une", "et", "ou", "of", "the", "and",
    "or", "a", "an", "to", "for", "with", "avec", "pour", "en", "au", "aux", "fresh", "frais",
    "fraiche", "large", "small", "big", "gro", "grosse", "petit", "petite", "chopped", "minced",
    "sliced", "diced", "hache", "emince", "taste", "about", "environ",
})  # fmt: skip


def _looks_french(text: str) -> bool:
    return bool(re.search(r"[àâçéèêëîïôûù]|\b(?:de|du|des|d'|la|le|les|aux?)\b", text.lower()))


# Ingredients whose name begins with a word that is a unit elsewhere ("un bouquet de persil").
_UNIT_LOOKALIKES = ("bouquet garni",)


def parse_ingredient_line(text: str) -> ParsedIngredient:
    """Quantity, unit and key of one line: "2 suprêmes de pintade fermière" → (2, None,
    "suprêmes de pintade fermière", "pintade"); "20 cl de crème" → (20, "cl", "crème", "creme");
    "une pincée de sel" → (1, "pinch", "sel", "sel"); "1 ½ cups flour" → (1.5, "cup", ...)."""
    original = text.strip()
    # What follows a comma or a parenthesis is a preparation note ("coupée en 8").
    bare = re.sub(r"\([^)]*\)", " ", original)
    head = re.split(r",(?!\d)|;", bare, maxsplit=1)[0].strip() or original
    # "1 1/2 cups": a mixed number, not 1 then 0.5.
    head = re.sub(
        r"\b(\d+)\s+(\d+)/(\d+)\b",
        lambda m: f"{int(m[1]) + int(m[2]) / max(int(m[3]), 1):g}",
        head,
    )
    rest = _normalise_numbers(head).strip()
    quantity: float | None = None
    match = _NUMBER_RE.match(rest)
    if match:
        quantity = float(match.group(1))
        rest = rest[match.end() :]
    else:
        first, _, tail = rest.partition(" ")
        if first.lower() in _WORD_QUANTITIES and tail:
            quantity = _WORD_QUANTITIES[first.lower()]
            rest = tail
    unit: str | None = None
    folded = " ".join(fold_words_keep_dots(rest))
    unit_match = _UNIT_RE.match(folded)
    # "1 bouquet garni" is one herb bundle, not a bunch of something called "garni".
    if unit_match and folded.startswith(_UNIT_LOOKALIKES):
        unit_match = None
    if unit_match and (quantity is not None or unit_match.group(1) in {"pincee", "pinch"}):
        unit = _UNITS[unit_match.group(1)]
        quantity = quantity if quantity is not None else 1.0
        consumed = len(unit_match.group(0).split())
        if rest.split()[consumed:]:  # "quelques noix": the walnuts, not a knob of nothing
            rest = " ".join(rest.split()[consumed:])
        else:
            unit = None
    rest = _ARTICLE_RE.sub("", rest.strip().lower()).strip()
    name = rest or head.strip()
    return ParsedIngredient(original, quantity, unit, name, ingredient_key(name))


def fold_words_keep_dots(text: str) -> list[str]:
    """Folded words with plurals dropped, keeping abbreviation dots ("c. à s." → "c. a s.")."""
    out: list[str] = []
    for token in text.split():
        folded = "".join(fold_words(token)) if re.search(r"[a-zA-Z\u00C0-\u017F]", token) else token
        out.append(folded + ("." if token.endswith(".") else ""))
    return out


def terms_for(text: str) -> list[str]:
    """The ingredient keys a customer's word may mean ("guinea fowl" → ["pintade"])."""
    key = ingredient_key(text)
    folded = " ".join(fold_words(text))
    return [k for k in dict.fromkeys([key, folded]) if k]
