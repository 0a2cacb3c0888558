"""Phone numbers: mainland mobiles and landlines, and +international numbers."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers


@dataclass(frozen=True, slots=True)
class Phone:
    e164: str
    raw: str


def find_phones(text: str, region: str = "CN") -> tuple[Phone, ...]:
    """Valid numbers only (libphonenumber's VALID leniency rejects 12345 and fictional ranges)."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.append(Phone(e164=e164, raw=match.raw_string))
    return tuple(dict.fromkeys(found))


def phone_spans(text: str, region: str = "CN") -> list[tuple[int, int]]:
    """Where the phone numbers are, so that other extractors can leave them alone."""
    return [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    ]
