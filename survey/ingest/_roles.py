"""Who leads the interview: roles given, notes prefixes, the wave's interviewers, questions."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from survey.errors import TranscriptError
from survey.ingest._turns import ROLES, Parsed, Turn, fold


def assign_roles(
    path: Path,
    turns: list[Turn],
    parsed: Parsed,
    interviewers: Iterable[str] | None,
    roles: Mapping[str, str] | None,
) -> dict[str, str]:
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    keys = {s: {_name_key(s)} | {_name_key(a) for a in parsed.aliases.get(s, ())} for s in speakers}
    decided: dict[str, str] = {}
    for name, role in (roles or {}).items():
        if role not in ROLES:
            raise ValueError(
                f"roles : « {role} » n'est pas un rôle ; utilisez « interviewer » ou "
                "« interviewee »."
            )
        matching = [s for s in speakers if _name_key(name) in keys[s]]
        if not matching:
            raise TranscriptError(
                path,
                f"roles : « {name} » ne parle pas dans ce fichier (locuteurs : "
                f"{_listing(speakers)}).",
            )
        decided.update(dict.fromkeys(matching, role))
    for speaker in speakers:
        if speaker not in decided and speaker in parsed.label_roles:
            decided[speaker] = parsed.label_roles[speaker]
    wanted = {_name_key(n) for n in interviewers or ()}
    for speaker in speakers:
        if speaker not in decided and keys[speaker] & wanted:
            decided[speaker] = "interviewer"
    undecided = [s for s in speakers if s not in decided]
    if undecided and "interviewer" not in decided.values():
        chosen = _guess_interviewer(turns, undecided, decided)
        if chosen is None:
            raise TranscriptError(
                path,
                f"impossible de savoir qui mène l'entretien (locuteurs : {_listing(speakers)}) : "
                "aucun n'est dans la liste des intervieweurs et les questions posées ne le "
                "disent pas. Ajoutez le nom dans « interviewers » de wave.yaml ou passez "
                "roles={« Nom » : « interviewer »}.",
            )
        decided[chosen] = "interviewer"
        how = (
            "aucun intervieweur de la liste ne parle ; "
            if wanted
            else "pas de liste d'intervieweurs ; "
        )
        parsed.notes.append(f"{how}intervieweur déduit des questions posées : {chosen}.")
    for speaker in undecided:
        decided.setdefault(speaker, "interviewee")
    if "interviewee" not in decided.values():
        raise TranscriptError(
            path,
            f"aucune personne interviewée : tous les locuteurs ({_listing(speakers)}) sont des "
            "intervieweurs. Vérifiez « interviewers » de wave.yaml ou passez roles=….",
        )
    if "interviewer" not in decided.values():
        parsed.notes.append("aucun intervieweur dans ce fichier (seules les réponses sont notées).")
    return decided


def _guess_interviewer(
    turns: list[Turn], candidates: list[str], decided: dict[str, str]
) -> str | None:
    """The one who asks the most questions and speaks less; None when that is not clear."""
    if len(candidates) == 1:
        return candidates[0] if "interviewee" in decided.values() else None
    questions: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for turn in turns:
        questions[turn.speaker] += turn.text.count("?")
        words[turn.speaker] += len(turn.text.split())
    ranked = sorted(candidates, key=lambda s: questions[s], reverse=True)
    best, second = ranked[0], ranked[1]
    if questions[best] == questions[second]:
        return None
    if words[best] >= max(words[s] for s in candidates if s != best):
        return None
    return best


def _name_key(name: str) -> frozenset[str]:
    """A name compared ignoring case, accents, entities, word order and "(Invité)"."""
    text = re.sub(r"\([^)]*\)", " ", html.unescape(name))
    return frozenset(re.findall(r"[a-z0-9]+", fold(text))) or frozenset([fold(name)])


def _listing(items: list[str]) -> str:
    return ", ".join(f"« {i} »" for i in items)
