"""Contact details and BSN-like numbers in free text: found (before a git commit) and
blanked out (in an anonymized report). Pure text work, no Textual.

Every pattern runs in linear time on any text: a run of word characters is tried from its
start only (a look-behind refuses to start inside one), and nothing it repeats can match
the same characters two ways, so a note of 100,000 ``x`` or ``"a@" + "x" * 99990`` costs one
pass. Phone numbers: Dutch ones written in every common way ("06-12345678", "06/12345678",
"(020) 123 4567", "+31 (0)6 1234 5678") and international ones ("+32 470 12 34 56").
BSNs: nine digits passing the elfproef, plain, grouped ("1112.22.333", "835-337-406"),
glued to a word ("bsn278683873"), and eight digits that are one with a leading zero dropped.
"""

from __future__ import annotations

import re

_APOSTROPHES = "'\u2019\u2018\u02bc"
EMAIL = re.compile(rf"(?<![\w.+{_APOSTROPHES}-])[\w.+{_APOSTROPHES}-]+@[\w-]+(?:\.[\w-]+)+")
_SEP = r"[ \t./-]?"
PHONE = re.compile(
    r"(?<![\w+])(?:"
    # international: + or 00, a country code, an optional (0), then 7 to 12 digits
    rf"(?:\+|00)[1-9]\d{{0,2}}{_SEP}(?:\(0\){_SEP})?\d(?:{_SEP}\d){{6,11}}"
    # Dutch: 0 and nine digits, the area code maybe in brackets
    rf"|0(?:{_SEP}\d){{9}}"
    rf"|\(0\d\){_SEP}\d(?:{_SEP}\d){{7}}"
    rf"|\(0\d\d\){_SEP}\d(?:{_SEP}\d){{6}}"
    rf"|\(0\d\d\d\){_SEP}\d(?:{_SEP}\d){{5}}"
    r")(?!\d)")
NINE_DIGITS = re.compile(
    r"(?<![\d.,])(?<!\d[-/])"
    r"(\d{8,9}|\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3}|\d{3} \d{3} \d{3}|\d{3}-\d{3}-\d{3})"
    r"(?!\d|[.,/-]\d)")


def elfproef(digits: str) -> bool:
    """The BSN eleven test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (not zero)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _is_bsn(match: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", match.group(1))
    return elfproef(digits.zfill(9))  # eight digits: a BSN whose leading zero was dropped


def findings_in(text: str) -> list[str]:
    """The kinds of personal data in a text: ``email``, ``phone``, ``bsn`` (no values)."""
    kinds = []
    if EMAIL.search(text):
        kinds.append("email")
        text = EMAIL.sub(" ", text)
    if PHONE.search(text):
        kinds.append("phone")
        text = PHONE.sub(" ", text)
    if any(_is_bsn(m) for m in NINE_DIGITS.finditer(text)):
        kinds.append("bsn")
    return kinds


def redact(text: str, email: str, phone: str, bsn: str) -> str:
    """The text with every e-mail address, phone number and BSN-like number replaced by
    the given words (say "[e-mail]")."""
    if "@" in text:
        text = EMAIL.sub(email, text)
    text = PHONE.sub(phone, text)
    return NINE_DIGITS.sub(lambda m: bsn if _is_bsn(m) else m.group(), text)
