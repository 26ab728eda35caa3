"""Entity values from their surface text, in French and English.

Each parser takes the entity's text (what the extractor matched) and returns the
normalised value the dialogue and the actions work with: an int for quantities, people
and durations (minutes), an ISO date relative to `now`, "HH:MM" for times, an English
slug for units and event types. `None` means "not a value of that kind".
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from assistant.clock import zone
from assistant.text import fold_aligned as fold

__all__ = [
    "DAY_PARTS",
    "EVENT_TYPES",
    "NUMBER_WORDS",
    "UNITS",
    "WEEKDAYS",
    "fold",
    "local_now",
    "normalise_event_type",
    "normalise_unit",
    "ordinal",
    "parse_date",
    "parse_duration",
    "parse_number",
    "parse_time",
]


NUMBER_WORDS: dict[str, int] = {
    # French (folded: no accents)
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "vingts": 20,
    # English
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "seventy": 70, "eighty": 80, "ninety": 90,
    # Belgian and Swiss French
    "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
    "couple": 2, "dozen": 12, "douzaine": 12,
}  # fmt: skip
# Multi-word amounts checked before single numbers.
_AMOUNT_PHRASES: tuple[tuple[str, int], ...] = (
    (r"(?:une )?demi[- ]douzaine|half a dozen", 6),
    (r"(?:une |a |one )?douzaine|(?:a |one )?dozen", 12),
    (r"(?:deux|two) douzaines?|two dozens?", 24),
    (r"a couple(?: of)?|une paire|a pair", 2),
)

UNITS: dict[str, str] = {
    "kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogramme": "kg",
    "kilogrammes": "kg", "kilogram": "kg", "kilograms": "kg",
    "g": "g", "gr": "g", "gramme": "g", "grammes": "g", "gram": "g", "grams": "g",
    "l": "l", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "cl": "cl", "ml": "ml",
    "paquet": "pack", "paquets": "pack", "pack": "pack", "packs": "pack",
    "packet": "pack", "packets": "pack",
    "bouteille": "bottle", "bouteilles": "bottle", "bottle": "bottle", "bottles": "bottle",
    "boite": "box", "boites": "box", "box": "box", "boxes": "box",
    "can": "can", "cans": "can", "canette": "can", "canettes": "can", "tin": "can",
    "tins": "can", "conserve": "can", "conserves": "can",
    "sachet": "bag", "sachets": "bag", "sac": "bag", "sacs": "bag", "bag": "bag",
    "bags": "bag",
    "brique": "carton", "briques": "carton", "carton": "carton", "cartons": "carton",
    "rouleau": "roll", "rouleaux": "roll", "roll": "roll", "rolls": "roll",
    "pot": "jar", "pots": "jar", "jar": "jar", "jars": "jar",
    "tranche": "slice", "tranches": "slice", "slice": "slice", "slices": "slice",
    "caisse": "case", "caisses": "case", "case": "case", "cases": "case",
    "barquette": "tray", "barquettes": "tray", "tray": "tray", "trays": "tray",
    "piece": "piece", "pieces": "piece", "unite": "piece", "unites": "piece",
}  # fmt: skip

# Longest phrases first when matching; values are the `events.kind` slugs.
EVENT_TYPES: dict[str, str] = {
    "cirque": "circus", "circus": "circus", "circuses": "circus",
    "cinema": "cinema", "cine": "cinema", "film": "cinema", "films": "cinema",
    "movie": "cinema", "movies": "cinema", "seance de cinema": "cinema", "avant-premiere": "cinema",
    "concert": "concert", "concerts": "concert", "gig": "concert", "gigs": "concert",
    "theatre": "theatre", "theater": "theatre", "piece de theatre": "theatre",
    "spectacle": "theatre", "spectacles": "theatre", "show": "theatre", "shows": "theatre",
    "kids show": "theatre", "kids shows": "theatre", "spectacle de marionnettes": "theatre",
    "puppet show": "theatre", "marionnettes": "theatre", "spectacle de noel": "theatre",
    "christmas show": "theatre", "christmas shows": "theatre", "play": "theatre",
    "degustation": "store_event", "degustations": "store_event", "tasting": "store_event",
    "tastings": "store_event", "wine tasting": "store_event", "degustation de vin": "store_event",
    "atelier": "store_event", "ateliers": "store_event", "atelier cuisine": "store_event",
    "ateliers cuisine": "store_event", "atelier patisserie": "store_event",
    "atelier enfants": "store_event", "cours de cuisine": "store_event",
    "workshop": "store_event", "workshops": "store_event", "cooking workshop": "store_event",
    "cooking workshops": "store_event", "baking workshop": "store_event",
    "kids workshop": "store_event", "cooking class": "store_event",
    "cooking course": "store_event", "animation": "store_event", "animations": "store_event",
    "in-store event": "store_event", "evenement en magasin": "store_event",
    "match": "sport", "matchs": "sport", "matches": "sport", "game": "sport", "games": "sport",
    "match de foot": "sport", "football match": "sport", "bowling": "sport",
    "exposition": "exhibition", "expo": "exhibition", "exhibition": "exhibition",
    "musee": "exhibition", "museum": "exhibition",
    "parc d'attractions": "theme_park", "theme park": "theme_park",
    "feu d'artifice": "festival", "feux d'artifice": "festival", "fireworks": "festival",
    "marche de noel": "festival", "christmas market": "festival", "festival": "festival",
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
MONTHS: dict[str, int] = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janv": 1, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
}  # fmt: skip
# A part of the day: its representative clock time and the day offset it implies.
DAY_PARTS: dict[str, tuple[str, int]] = {
    "ce matin": ("09:00", 0), "ce midi": ("12:00", 0), "cet apres-midi": ("15:00", 0),
    "cet aprem": ("15:00", 0), "cet aprem'": ("15:00", 0), "ce soir": ("19:00", 0),
    "cette nuit": ("23:00", 0), "du soir": ("19:00", 0), "demain matin": ("09:00", 1),
    "demain midi": ("12:00", 1), "demain apres-midi": ("15:00", 1), "demain soir": ("19:00", 1),
    "this morning": ("09:00", 0), "this afternoon": ("15:00", 0), "this evening": ("19:00", 0),
    "tonight": ("19:00", 0), "overnight": ("23:00", 0), "lunchtime": ("12:00", 0),
    "tomorrow morning": ("09:00", 1), "tomorrow afternoon": ("15:00", 1),
    "tomorrow evening": ("19:00", 1), "tomorrow night": ("19:00", 1),
    "matin": ("09:00", 0), "soir": ("19:00", 0), "morning": ("09:00", 0),
    "afternoon": ("15:00", 0), "evening": ("19:00", 0), "lunch": ("12:00", 0),
    "midi": ("12:00", 0), "noon": ("12:00", 0), "minuit": ("00:00", 1),
    "midnight": ("00:00", 1),
}  # fmt: skip


def local_now(now: datetime, tz: str) -> datetime:
    """`now` on the customer's wall clock: the anchor of "demain", "samedi", "ce soir"."""
    return now.astimezone(zone(tz))


def _clean(text: str) -> str:
    return " ".join(fold(text).replace("\u00a0", " ").split()).strip(" .,!?;:")


def parse_number(text: str) -> int | None:
    """ "2", "deux", "a dozen", "une douzaine", "une demi-douzaine" -> 2, 2, 12, 12, 6."""
    cleaned = _clean(text)
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"\d+[.,]\d+", cleaned):
        return round(float(cleaned.replace(",", ".")))
    for pattern, value in _AMOUNT_PHRASES:
        if re.fullmatch(pattern, cleaned):
            return value
    if cleaned in NUMBER_WORDS:
        return NUMBER_WORDS[cleaned]
    return _compose(re.split(r"[- ]+", cleaned))


_TENS = frozenset({10, 20, 30, 40, 50, 60, 70, 80, 90})


def _compose(words: list[str]) -> int | None:
    """A number below 1,000 spelled in words: "vingt-cinq", "soixante-et-onze",
    "quatre-vingt-dix-sept", "a hundred and twenty", "deux cent trente"."""
    words = [w for w in words if w not in ("et", "and")]
    if not words or not all(w in NUMBER_WORDS for w in words):
        return None
    values = [NUMBER_WORDS[w] for w in words]
    # "quatre-vingt(s)": 4 x 20.
    for index in range(len(values) - 1):
        if values[index] == 4 and words[index + 1].startswith("vingt"):
            values[index : index + 2] = [80]
            break
    hundreds = 0
    if 100 in values:
        cut = values.index(100)
        head, values = values[:cut], values[cut + 1 :]
        if len(head) > 1 or (head and not 1 <= head[0] <= 9):
            return None
        hundreds = 100 * (head[0] if head else 1)
    if not values:
        return hundreds or None
    if len(values) == 1:
        return hundreds + values[0] if values[0] < 100 else None
    if len(values) == 2:
        tens, rest = values
        # "soixante-dix-sept" and "quatre-vingt-treize" count on from 60 and 80.
        if (tens in _TENS and tens >= 20 and 0 < rest < 10) or (tens in (60, 80) and rest < 20):
            return hundreds + tens + rest
        if tens == 10 and 6 < rest < 10:  # "dix-sept"
            return hundreds + tens + rest
        return None
    if len(values) == 3 and values[0] in (60, 80) and values[1] == 10 and 0 < values[2] < 10:
        return hundreds + sum(values)  # "soixante-dix-sept", "quatre-vingt-dix-neuf"
    return None


def normalise_unit(text: str) -> str | None:
    """ "kg", "kilos", "litres", "paquets", "bottles" -> "kg", "kg", "l", "pack", "bottle"."""
    return UNITS.get(_clean(text))


def normalise_event_type(text: str) -> str | None:
    """ "cirque", "cinéma", "atelier cuisine", "movie" -> the `events.kind` slug."""
    cleaned = _clean(text)
    if cleaned in EVENT_TYPES:
        return EVENT_TYPES[cleaned]
    # "spectacle pour enfants", "concert de jazz": the head noun decides.
    for word in cleaned.split():
        if word in EVENT_TYPES:
            return EVENT_TYPES[word]
    return None


_RELATIVE_DAYS: dict[str, int] = {
    "aujourd'hui": 0, "aujourdhui": 0, "auj": 0, "today": 0, "maintenant": 0, "now": 0,
    "demain": 1, "tomorrow": 1, "apres-demain": 2, "apres demain": 2,
    "the day after tomorrow": 2, "day after tomorrow": 2, "hier": -1, "yesterday": -1,
    "avant-hier": -2, "cette semaine": 0, "this week": 0, "la semaine prochaine": 7,
    "semaine prochaine": 7, "next week": 7,
}  # fmt: skip
_WEEKEND = re.compile(r"^(?:ce |le |du |this |the |next )?week-?end(?: prochain)?$")
_DATE_PREFIX = re.compile(r"^(?:le |la |du |de |pour |on |for |the |ce |cette |this )+")


# "la deuxième", "the second one", "la 2e", "the last one": a rank among what was just shown.
_ORDINALS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), index)
    for pattern, index in (
        (r"\b(premi[eè]re?|first|1(?:re|er|st)?)\b", 0),
        (r"\b(deuxi[eè]me|seconde?|second|2(?:e|nd|eme)?)\b", 1),
        (r"\b(troisi[eè]me|third|3(?:e|rd|eme)?)\b", 2),
        (r"\b(quatri[eè]me|fourth|4(?:e|th|eme)?)\b", 3),
        (r"\b(cinqui[eè]me|fifth|5(?:e|th|eme)?)\b", 4),
        (r"\b(derni[eè]re?|last)\b", -1),
    )
)


def ordinal(text: str) -> int | None:
    """The rank `text` names (0 for the first, -1 for the last), or None."""
    folded = fold(text.lower())
    return next((index for pattern, index in _ORDINALS if pattern.search(folded)), None)


def names_weekend(text: str) -> bool:
    """ "ce week-end", "this weekend", "le week-end prochain": `parse_date` gives its Saturday."""
    return _WEEKEND.match(_clean(text)) is not None


def parse_date(text: str, now: datetime) -> str | None:
    """An ISO date for "demain", "samedi", "ce week-end", "le 12 décembre", "next Friday"...

    Weekdays mean the next such day (today counts, "prochain"/"next" does not); a
    day-month in the past means next year's.
    """
    today = now.date()
    cleaned = _clean(text)
    if cleaned in DAY_PARTS:
        return (today + timedelta(days=DAY_PARTS[cleaned][1])).isoformat()
    bare = _DATE_PREFIX.sub("", cleaned)
    for candidate in (cleaned, bare):
        if candidate in _RELATIVE_DAYS:
            return (today + timedelta(days=_RELATIVE_DAYS[candidate])).isoformat()
        if candidate in DAY_PARTS:
            return (today + timedelta(days=DAY_PARTS[candidate][1])).isoformat()
    if names_weekend(cleaned):
        saturday = _next_weekday(today, 5, strictly_after=False)
        if "next" in cleaned or "prochain" in cleaned:
            saturday = _next_weekday(today + timedelta(days=7 - today.weekday()), 5, False)
        return saturday.isoformat()
    if (days := _days_from_now(cleaned)) is not None:
        return (today + timedelta(days=days)).isoformat()
    found = _weekday_date(bare, today)
    if found is not None:
        return found.isoformat()
    # "vendredi 18", "friday the 18th": the date decides, the weekday only confirms it.
    if (m := re.fullmatch(r"(\w+?)s? (?:the )?(\d.*)", bare)) and m.group(1) in WEEKDAYS:
        found = _day_month_date(m.group(2), today)
        return found.isoformat() if found and found.weekday() == WEEKDAYS[m.group(1)] else None
    found = _day_month_date(re.sub(r"^premier\b", "1", bare), today)
    return found.isoformat() if found is not None else None


_DAYS_FROM_NOW = re.compile(r"(?:dans|in|d'ici) (.+?) (jours?|days?|semaines?|weeks?)")


def _days_from_now(text: str) -> int | None:
    """ "dans 3 jours", "dans une semaine", "in a week", "in two days" -> days."""
    if not (m := _DAYS_FROM_NOW.fullmatch(text)):
        return None
    amount = parse_number(m.group(1))
    if amount is None:
        return None
    if m.group(2) == "jours" and amount in (8, 15):
        return amount - 1  # "dans huit jours", "dans quinze jours": a week, a fortnight
    return amount * (7 if m.group(2).startswith(("semaine", "week")) else 1)


def _next_weekday(today: date, weekday: int, strictly_after: bool) -> date:
    delta = (weekday - today.weekday()) % 7
    if delta == 0 and strictly_after:
        delta = 7
    return today + timedelta(days=delta)


def _weekday_date(text: str, today: date) -> date | None:
    match = re.fullmatch(r"(?:(next|this|coming) )?(\w+?)s?(?: (prochain|qui vient))?", text)
    if match is None or match.group(2) not in WEEKDAYS:
        return None
    strictly = bool(match.group(1) == "next" or match.group(3))
    return _next_weekday(today, WEEKDAYS[match.group(2)], strictly)


def _day_month_date(text: str, today: date) -> date | None:
    day: int | None = None
    month: int | None = None
    if m := re.fullmatch(r"(\d{1,2})(?:er|st|nd|rd|th)?(?: of)? ([a-z]+)\.?(?: (\d{4}))?", text):
        day, month, year = int(m.group(1)), MONTHS.get(m.group(2)), m.group(3)
    elif m := re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", text):
        day, month, year = int(m.group(2)), MONTHS.get(m.group(1)), m.group(3)
    elif m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?", text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    elif m := re.fullmatch(r"(\d{1,2})(?:er|st|nd|rd|th)?", text):
        # "le 12": the next 12th of a month.
        day, month, year = int(m.group(1)), today.month, None
        try:
            found = date(today.year, month, day)
        except ValueError:
            return None
        if found < today:
            nxt = date(today.year + (month == 12), month % 12 + 1, 1)
            try:
                found = nxt.replace(day=day)
            except ValueError:
                return None
        return found
    else:
        return None
    if month is None:
        return None
    try:
        found = date(int(year) if year else today.year, month, day)
    except ValueError:
        return None
    if not year and found < today:
        found = found.replace(year=today.year + 1)
    return found


_CLOCK_FR = re.compile(r"^(?:a )?(\d{1,2}) ?(?:h|heures?) ?(\d{2})?(?: du (matin|soir))?$")
_CLOCK_EN = re.compile(r"^(?:at )?(\d{1,2})(?:[:.](\d{2}))? ?(am|pm|a\.m\.|p\.m\.|o'clock)?$")


_SPOKEN_CLOCK_FR = re.compile(
    r"(.+?) heures?(?: (?!du |de l)(et demie|et quart|moins le quart|moins quart|.+?))?"
    r"(?: (du matin|du soir|de l'apres-midi|de l'apres midi))?"
)
_SPOKEN_CLOCK_EN = re.compile(
    r"(?:(half|quarter|\S+ minutes|\S+) (past|to) )?(.+?)(?: o'clock)?(?: (am|pm|in the \w+))?"
)
_FR_MINUTES = {"et demie": 30, "et quart": 15, "moins le quart": -15, "moins quart": -15}
_EN_MINUTES = {"half": 30, "quarter": 15}


def _spoken_clock(text: str) -> tuple[int, int] | None:
    """Hours and minutes said in words: "dix-huit heures", "onze heures et demie",
    "half past ten", "quarter to seven", "eleven o'clock"."""
    if m := _SPOKEN_CLOCK_FR.fullmatch(text):
        hour = parse_number(m.group(1))
        tail = m.group(2)
        minute = _FR_MINUTES.get(tail) if tail else 0
        if minute is None and tail:
            minute = parse_number(tail)
        if hour is None or minute is None:
            return None
        if m.group(3) and m.group(3) != "du matin" and hour < 12:
            hour += 12
        return (hour - 1, 60 + minute) if minute < 0 else (hour, minute)
    m = _SPOKEN_CLOCK_EN.fullmatch(text)
    if m is None or not (m.group(1) or m.group(4) or "o'clock" in text):
        return None
    hour = parse_number(m.group(3))
    minute = 0
    if m.group(1):
        said = m.group(1).removesuffix(" minutes")
        minute = _EN_MINUTES[said] if said in _EN_MINUTES else parse_number(said) or -1
    if hour is None or not 0 <= minute < 60:
        return None
    if m.group(4) and m.group(4) not in ("am", "in the morning") and hour < 12:
        hour += 12
    return (hour - 1, 60 - minute) if m.group(2) == "to" else (hour, minute)


def parse_time(text: str) -> str | None:
    """ "18h", "à 18h30", "at 6 pm", "6:30pm", "midi", "ce soir", "onze heures et demie",
    "half past ten" -> "HH:MM"."""
    cleaned = _clean(text)
    bare = re.sub(r"^(?:a |at |vers |around |pour |for )", "", cleaned)
    if bare in DAY_PARTS:
        return DAY_PARTS[bare][0]
    hour: int
    minute: int
    if not re.match(r"\d", bare) and (spoken := _spoken_clock(bare)) is not None:
        hour, minute = spoken
    elif m := _CLOCK_FR.match(bare):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if m.group(3) == "soir" and hour < 12:
            hour += 12
    elif m := _CLOCK_EN.match(bare):
        if m.group(2) is None and m.group(3) is None:
            return None  # a bare number is not a time
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        suffix = (m.group(3) or "").replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
    else:
        return None
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


_DURATION_UNITS: dict[str, int] = {
    "minute": 1, "minutes": 1, "min": 1, "mins": 1, "mn": 1, "h": 60, "heure": 60,
    "heures": 60, "hour": 60, "hours": 60, "hr": 60, "hrs": 60, "jour": 1440,
    "jours": 1440, "day": 1440, "days": 1440, "semaine": 10080, "semaines": 10080,
    "week": 10080, "weeks": 10080, "mois": 43200, "month": 43200, "months": 43200,
}  # fmt: skip
_DURATION_PREFIX = re.compile(
    r"^(?:en |in |dans |within |pendant |for |during |max(?:imum)? )?"
    r"(?:moins d'|moins de |under |less than |at most |au plus |a peine )?"
)


def parse_duration(text: str) -> int | None:
    """Minutes: "en moins de 30 minutes", "under 30 minutes", "1h30", "une demi-heure"."""
    cleaned = _DURATION_PREFIX.sub("", _clean(text))
    if cleaned in ("une demi-heure", "une demi heure", "half an hour", "a half hour"):
        return 30
    if cleaned in ("un quart d'heure", "a quarter of an hour", "quarter of an hour"):
        return 15
    if cleaned in ("une heure et demie", "an hour and a half", "one and a half hours"):
        return 90
    if m := re.fullmatch(r"(\d{1,2}) ?h ?(\d{2})(?: ?min)?", cleaned):
        return int(m.group(1)) * 60 + int(m.group(2))
    if m := re.fullmatch(r"(.+?) ?([a-z]+)", cleaned):
        unit = _DURATION_UNITS.get(m.group(2))
        amount = parse_number(m.group(1))
        if unit is not None and amount is not None:
            return amount * unit
    return None
