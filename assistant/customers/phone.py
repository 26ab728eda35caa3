"""Phone numbers in one canonical form (E.164), so that enrolment, sign-in and the
receipts sent by the tills all match on the same string.

French national numbers are the common case ("06 12 34 56 78"); international numbers
written with their "+" or "00" prefix are kept in their country.
"""

from __future__ import annotations

import re

from assistant.errors import Unprocessable

# What people type between digits: spaces, dots, dashes, slashes and parentheses.
_SEPARATORS = re.compile(r"[\s.\-/()]")
# "+33 (0)6 ..." is a common, wrong but unambiguous, way of writing a French number.
_TRUNK_IN_PARENS = re.compile(r"^(\+|00)33\s*\(0\)")
_FRENCH_NATIONAL = re.compile(r"^0[1-9]\d{8}$", re.ASCII)
_FRENCH_SUBSCRIBER = re.compile(r"^[1-9]\d{8}$", re.ASCII)
# E.164: a country code that never starts with 0, at most 15 digits in all.
_INTERNATIONAL = re.compile(r"^[1-9]\d{7,14}$", re.ASCII)


class InvalidPhone(Unprocessable):
    code = "invalid_phone"


def normalise_phone(raw: str) -> str:
    """The E.164 form of `raw` ("06 12 34 56 78" -> "+33612345678").

    Raises `InvalidPhone` (422 `invalid_phone`) when `raw` is not a phone number.
    """
    text = _TRUNK_IN_PARENS.sub(r"\g<1>33", raw.strip())
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("+"):
        international = compact[1:]
    elif compact.startswith("00"):
        international = compact[2:]
    elif _FRENCH_NATIONAL.match(compact):
        return "+33" + compact[1:]
    else:
        raise InvalidPhone(f"{raw!r} is not a phone number", details={"phone": raw})
    if international.startswith("33"):
        if not _FRENCH_SUBSCRIBER.match(international[2:]):
            raise InvalidPhone(f"{raw!r} is not a French phone number", details={"phone": raw})
        return "+" + international
    if not _INTERNATIONAL.match(international):
        raise InvalidPhone(f"{raw!r} is not a phone number", details={"phone": raw})
    return "+" + international
