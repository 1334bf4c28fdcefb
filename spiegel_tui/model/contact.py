"""Contact details and BSN-like numbers in free text: found (before a git commit) and
blanked out (in an anonymized report). Pure text work, no Textual."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){8}(?!\d)")
NINE_DIGITS = re.compile(
    r"(?<![\w.-])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[. ]\d{3}[. ]\d{3})(?![\w-]|[.,]\d)")


def elfproef(digits: str) -> bool:
    """The BSN eleven test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (not zero)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _is_bsn(match: re.Match[str]) -> bool:
    return elfproef(re.sub(r"\D", "", match.group(1)))


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
