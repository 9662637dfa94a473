"""Contact data as typed, disguised or read out: e-mail addresses and URLs.

The patterns only find candidates; whether a URL carries a name is the redactor's call
(:meth:`survey.privacy.redact.Redactor.find`), since it needs the names it knows.
"""

from __future__ import annotations

import re

# An address as typed; spaces or a line break may surround "@" and follow a dot.
_BREAK = r"(?:[ \t]*\n[ \t]*|[ \t])?"
EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:(?<=-)[ \t]*\n[ \t]*[\w.+-]+)*{_BREAK}[@＠]{_BREAK}"
    r"[\w-]+(?:\.(?:[ \t]*\n[ \t]*)?[\w-]+)+(?<![.-])",
    re.UNICODE,
)
# An address disguised or spelled out: "prenom.nom [at] exemple [point] fr",
# "prenom.nom(at)exemple.fr", "prenom.nom at exemple.fr", "prenom . nom @ exemple . fr".
# The domain must end in a known top-level domain (so that "at home" stays).
_BRACKETED = r"\s?[\[({{<]\s?(?:{})\s?[\])}}>]\s?"
_AT = (
    r"(?:"
    + _BRACKETED.format(r"@|＠|at|arr?obase?")
    + r"|\s+(?:at|arr?obase?|a\s+commercial)\s+|\s?[@＠]\s?)"
)
_DOT = r"(?:" + _BRACKETED.format(r"\.|dot|point") + r"|\s+(?:dot|point)\s+|\s?\.\s?)"
_LOCAL_SEP = (
    r"(?:[.-]|\s\.\s|"
    + _BRACKETED.format(r"\.|dot|point")
    + r"|\s+(?:point|dot|tiret(?:\s+du)?(?:\s+bas)?|underscore)\s+)"
)
_TLD = r"(?:fr|com|org|net|eu|info|io|be|ch|ca|lu|me|co|pro|edu|gouv|biz|de|uk|es|it)"
DISGUISED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w+]+(?:{_LOCAL_SEP}[\w+]+)*{_AT}"
    rf"[\w-]+(?:(?:{_DOT}|\s+tiret\s+)[\w-]+)*?{_DOT}{_TLD}\b",
    re.IGNORECASE,
)
SPOKEN_EMAIL = re.compile(
    r"\b[\w-]+(?:(?:\s+(?:point|tiret)\s+|\.)[\w-]+)*\s+(?:arr?obase?|a\s+commercial)\s+"
    r"[\w-]+(?:(?:\s+(?:point|tiret)\s+|\.)[\w-]+)*(?:\s+point\s+|\.)[\w-]+",
    re.IGNORECASE,
)
# An address read out: "example point com slash in slash jean-marc-lambert".
SPOKEN_URL = re.compile(
    r"\b[\w-]+(?:\s+point\s+[\w-]+)*\s+point\s+(?:fr|com|org|net|eu|info|io)"
    r"(?:\s+slash\s+[\w.-]+)+",
    re.IGNORECASE,
)
EMAIL_HINT = re.compile(r"[@＠]|obas|\bat\b|commercial", re.IGNORECASE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|org|com|net|eu|info|io|me|co|be|ch|pro)/[^\s<>\"']*",
    re.IGNORECASE,
)
# Pages that are one person's: a profile, a CV, a booking page.
PROFILE_URL = re.compile(
    r"(?:linkedin\.com/(?:in|pub)/|viadeo\.com/(?:p|\w\w/profile)/|calendly\.com/"
    r"|/(?:u|users?|profils?|profiles?|people|membres?|members?|auteurs?|authors?|cv|portfolio"
    r"|agenda|rdv|rendez-vous|booking)/"
    r"|[?&](?:u|user|username|profil|profile|nom|name)="
    r"|[?&](?:id|slug)=(?=[a-z]+[.-][a-z]))"
    r"[\w.%-]{2,}",
    re.IGNORECASE,
)
URL_TRAILING = ".,;:!?)]}'’\""
