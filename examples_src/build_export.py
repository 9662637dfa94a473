"""Build the synthetic Framaforms download of the 2025 example wave (seeded, reproducible).

    python examples_src/build_export.py

writes ``survey/examples/spro-2025/export.tsv`` (an untouched Framaforms download: TAB,
label headers, three header rows, French submission columns, multiple choice in separate
columns) and ``tests/data/spro-2025-planted-export.yaml`` (the personal data planted in it,
for the privacy tests). Running it twice gives the same bytes.

The 235 completed submissions reproduce the figures the 2025 study published, to the whole
percent: 19 never heard of the SPRO (8 %), 45 think it serves only their own public (19 %),
136 sufficiently or very well equipped (58 %), 176 "moyennement" or "pas du tout" members
(75 %), collaboration 123 / 71 / 41 (52 / 30 / 17 %), 144 want the kit (61 %), 51 volunteer
for an interview. Counts are exact; who gets which answer follows a latent "engagement" so
that belonging rises with collaboration and knowledge, and nothing depends on the
département. Six drafts and one duplicated submission are added for the reader to set aside.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import yaml

from survey import load_questionnaire
from survey.ingest.framaforms_writer import ExportSettings, write_export

ROOT = Path(__file__).resolve().parents[1]
WAVE = ROOT / "survey" / "examples" / "spro-2025"
SOURCES = Path(__file__).resolve().parent / "spro-2025"
SEED = 2025
N = 235

STRUCTURES = {  # CIO, Cap Emploi, Missions Locales, SCUIO, IJ: each 10-18 %
    "cio": 38, "cap_emploi": 30, "mission_locale": 40, "scuio": 25, "information_jeunesse": 33,
    "cci": 6, "cma": 7, "chambre_agriculture": 3, "mife": 17, "cidff": 12, "mef": 5,
    "france_services": 4, "cite_des_metiers": 5, "collectivite": 4, "association_labellisee": 3,
    "avenir_actifs": 2, "france_travail": 1, "apec": 0,
}  # fmt: skip
DEPARTEMENTS = {
    "rhone": 52, "isere": 38, "puy_de_dome": 22, "loire": 20, "haute_savoie": 18, "drome": 15,
    "savoie": 14, "ain": 13, "allier": 12, "haute_loire": 11, "ardeche": 10, "cantal": 10,
}  # fmt: skip
MISSIONS = {
    "accompagnement_conseil": 176, "premier_accueil": 22, "direction_equipe": 21,
    "fonction_administrative": 11, "autre": 5,
}  # fmt: skip
COLLABORATION = {"aucune": 41, "quelques": 123, "regulieres": 71}
MEMBRE = {"pas_du_tout": 70, "moyennement": 106, "tout_a_fait": 59}  # 176 = 75 %
NEVER_HEARD = 19
NIVEAU = {"aucune": 12, "limitee": 74, "suffisante": 115, "tres_bonne": 34}
OBJET = {"publics_cibles": 45, "tous_publics": 165, "ne_sait_pas": 25}
OUTILLE = {
    "pas_du_tout": 21,
    "plutot_insuffisamment": 78,
    "plutot_suffisamment": 112,
    "tres_bien": 24,
}
KIT = 144
VOLUNTEERS = 51
# Share of respondents who know each resource / cite each lever / know each offer.
RESSOURCES = {
    "cahier_des_charges": 0.24, "plan_actions": 0.19, "logo": 0.41, "flyer": 0.29,
    "resopro": 0.36, "video": 0.21, "offre_services": 0.46, "autres": 0.13,
}  # fmt: skip
INITIATIVES = {
    "matinales": 0.56, "rdv_competences": 0.27, "formations_via": 0.52, "sticker": 0.09,
    "rencontres": 0.61, "autre": 0.07,
}  # fmt: skip
OFFRES = {
    "france_travail": 0.92, "mission_locale": 0.88, "cio": 0.84, "cap_emploi": 0.71,
    "information_jeunesse": 0.66, "cci": 0.52, "cma": 0.53, "chambre_agriculture": 0.34,
    "apec": 0.47, "scuio": 0.41, "avenir_actifs": 0.27, "mife": 0.36, "cidff": 0.35,
    "mef": 0.16, "france_services": 0.22, "cite_des_metiers": 0.19, "collectivite": 0.09,
    "association_labellisee": 0.08,
}  # fmt: skip
FIRST = [
    "Claire",
    "Julie",
    "Nicolas",
    "Sophie",
    "Marc",
    "Aline",
    "Hugo",
    "Léa",
    "Farid",
    "Anne",
    "Paul",
    "Emma",
    "Rachid",
    "Chloé",
    "Louis",
    "Manon",
    "Samir",
    "Agnès",
    "Yves",
    "Nora",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
]
DOMAINS = ["example.org", "example.fr", "example.com", "example.net"]


def exact(rng: np.random.Generator, counts: dict[str, int]) -> np.ndarray:
    """A shuffled array holding each code exactly ``count`` times."""
    values = np.concatenate([np.full(c, k, dtype=object) for k, c in counts.items()])
    return rng.permutation(values)


def by_rank(score: np.ndarray, counts: dict[str, int], rng: np.random.Generator) -> np.ndarray:
    """Exact counts given in ascending order of ``score`` (plus noise), lowest score first."""
    order = np.argsort(score + rng.normal(0, 0.6, len(score)), kind="stable")
    out = np.empty(len(score), dtype=object)
    start = 0
    for code, count in counts.items():
        out[order[start : start + count]] = code
        start += count
    return out


def ascii_fold(text: str) -> str:
    table = str.maketrans("éèêëàâîïôöùûç", "eeeeaaiioouuc")
    return text.lower().translate(table)


def emails(rng: np.random.Generator, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        style = rng.integers(3)
        local = [f"{first}.{last}", f"{first[0]}{last}", f"{first}-{last}"][style]
        address = f"{ascii_fold(local)}@{rng.choice(DOMAINS)}"
        if address not in out:
            out.append(address)
    return out


def build(seed: int = SEED) -> tuple[list[dict], dict]:
    rng = np.random.default_rng(seed)
    free = yaml.safe_load((SOURCES / "free_text.yaml").read_text(encoding="utf-8"))
    structure = exact(rng, STRUCTURES)
    departement = exact(rng, DEPARTEMENTS)  # drawn apart: no built-in département effect
    mission = exact(rng, MISSIONS)
    collaboration = exact(rng, COLLABORATION)
    collab_level = np.vectorize({"aucune": 0, "quelques": 1, "regulieres": 2}.get)(collaboration)
    # Latent engagement: knowledge of the SPRO, driven partly by collaboration.
    knowledge = collab_level * 0.8 + rng.normal(0, 1, N)
    never = np.zeros(N, dtype=bool)
    never[np.argsort(knowledge + rng.normal(0, 0.3, N))[:NEVER_HEARD]] = True
    # Never heard of it: no knowledge ("aucune") or a limited one, never more.
    niveau = np.empty(N, dtype=object)
    heard_none = NIVEAU["aucune"]
    niveau[never] = ["aucune"] * heard_none + ["limitee"] * (NEVER_HEARD - heard_none)
    rest = {**NIVEAU, "aucune": 0, "limitee": NIVEAU["limitee"] - (NEVER_HEARD - heard_none)}
    niveau[~never] = by_rank(knowledge[~never], rest, rng)
    level = np.vectorize({"aucune": 0, "limitee": 1, "suffisante": 2, "tres_bonne": 3}.get)(niveau)
    membre = by_rank(collab_level * 0.6 + level * 0.5 + rng.normal(0, 0.5, N), MEMBRE, rng)
    outille = by_rank(level * 0.8 + rng.normal(0, 1, N), OUTILLE, rng)
    objet = by_rank(-level * 0.4 + rng.normal(0, 1, N), {"ne_sait_pas": 0} | OBJET, rng)
    kit = np.zeros(N, dtype=bool)
    kit[rng.permutation(N)[:KIT]] = True
    volunteer = np.zeros(N, dtype=bool)
    volunteer[rng.permutation(np.flatnonzero(~never))[:VOLUNTEERS]] = True
    volunteer_emails = emails(rng, VOLUNTEERS)
    kit_emails = emails(rng, KIT)
    personal = list(free["personal"])
    suggestions = _spread(rng, free["suggestions_outils"] + personal[:4], 0.30)
    remarques = _spread(rng, free["remarques"] + personal[4:], 0.35)
    start = dt.datetime(2025, 3, 31, 8, 30)
    minutes = np.sort(rng.integers(0, 46 * 24 * 60, N + 6))
    subs: list[dict] = []
    sid, vi, ki = 11_482_017, 0, 0
    mission_free = iter(free["mission_autre"])
    initiatives_free = iter(free["initiatives_autre"])
    ressources_free = iter(free["ressources_autres"] * 3)
    for i in range(N):
        sid += int(rng.integers(3, 900))
        submitted = start + dt.timedelta(minutes=int(minutes[i]))
        sub: dict = {
            "serial": i + 1,
            "sid": sid,
            "submitted": submitted,
            "completed": submitted,
            "modified": submitted,
            "draft": False,
            "structure": structure[i],
            "mission": mission[i],
            "publics": _publics(rng, structure[i]),
            "departement": departement[i],
            "entendu_parler": "non" if never[i] else "oui",
            "niveau_connaissance": niveau[i],
            "objet_spro": objet[i],
            "outille": outille[i],
            "suggestions_outils": suggestions[i],
            "membre": [membre[i]],
            "connait_offres": "oui" if level[i] + rng.normal(0, 1) > 1.4 else "non",
            "collaboration": collaboration[i],
            "remarques": remarques[i],
            "volontaire_entretien": "oui" if volunteer[i] else "non",
            "kit": "oui" if kit[i] else "non",
        }
        if mission[i] == "autre":
            sub["mission_autre"] = next(mission_free)
        boost = 0.5 + 0.25 * level[i]
        sub["ressources_via"] = _ticks(rng, RESSOURCES, boost, none_ok=never[i])
        if "autres" in sub["ressources_via"]:
            sub["ressources_autres"] = next(ressources_free)
        sub["initiatives"] = _ticks(rng, INITIATIVES, 0.8 + 0.2 * collab_level[i], none_ok=True)
        if "autre" in sub["initiatives"]:
            sub["initiatives_autre"] = next(initiatives_free, "Des rencontres locales")
        sub["offres_connues"] = _ticks(rng, OFFRES, 0.7 + 0.15 * level[i], none_ok=False)
        if volunteer[i]:
            sub["email_entretien"] = volunteer_emails[vi]
            vi += 1
        if kit[i]:
            sub["email_kit"] = (
                sub.get("email_entretien")
                if volunteer[i] and rng.random() < 0.7
                else kit_emails[ki]
            )
            ki += 1
        subs.append(sub)
    subs = _with_drafts_and_duplicate(rng, subs, start, minutes)
    used = {s.get("email_entretien") for s in subs} | {s.get("email_kit") for s in subs}
    texts = " ".join(
        str(s.get("suggestions_outils", "")) + str(s.get("remarques", "")) for s in subs
    )
    planted = {
        "emails": sorted(e for e in used if e),
        "free_text": sorted(p for p in free["planted"] if p in texts),
    }
    return subs, planted


def _spread(rng, texts: list[str], share: float) -> list[str | None]:
    """Each text once, at random respondents; ``None`` elsewhere (about ``1 - share``)."""
    slots = max(len(texts), int(N * share))
    out: list[str | None] = [None] * N
    for j, position in enumerate(rng.permutation(N)[:slots]):
        out[position] = texts[j % len(texts)] if j < len(texts) else None
    return out


def _ticks(rng, shares: dict[str, float], boost: float, *, none_ok: bool) -> list[str]:
    ticked = [k for k, p in shares.items() if rng.random() < min(0.97, p * boost)]
    if not ticked and not none_ok:
        ticked = [max(shares, key=shares.get)]
    return ticked


def _publics(rng, structure: str) -> list[str]:
    main = {
        "cio": ["scolaires", "jeunes_16_25"],
        "scuio": ["etudiants"],
        "information_jeunesse": ["jeunes_16_25", "scolaires", "etudiants"],
        "mission_locale": ["jeunes_16_25"],
        "cap_emploi": ["handicap", "demandeurs_emploi"],
        "france_travail": ["demandeurs_emploi"],
        "apec": ["actifs"],
        "avenir_actifs": ["actifs"],
        "cidff": ["femmes_familles"],
    }.get(structure, ["tous_publics"])
    others = ["demandeurs_emploi", "actifs", "seniors", "handicap", "tous_publics"]
    extra = [o for o in others if o not in main and rng.random() < 0.2]
    return main + extra


def _with_drafts_and_duplicate(rng, subs: list[dict], start, minutes) -> list[dict]:
    drafts = []
    for k in range(6):
        base = dict(subs[int(rng.integers(len(subs)))])
        t = start + dt.timedelta(minutes=int(minutes[N + k]))
        draft = {
            key: base[key]
            for key in ("structure", "mission", "publics", "departement", "entendu_parler")
        }
        draft.update(
            serial=0, sid=0, submitted=t, completed=None, modified=t + dt.timedelta(minutes=4)
        )
        draft["draft"] = True
        drafts.append(draft)
    everything = sorted(subs + drafts, key=lambda s: s["submitted"])
    sid = 11_482_017
    for serial, s in enumerate(everything, start=1):
        sid += int(rng.integers(3, 900))
        s["serial"], s["sid"] = serial, sid
    duplicate = dict(everything[117])  # the same submission twice, as after a merge
    return [*everything, duplicate]


def main() -> None:
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "spro-2025.yaml")
    subs, planted = build()
    WAVE.mkdir(parents=True, exist_ok=True)
    write_export(WAVE / "export.tsv", questionnaire, subs, ExportSettings())
    out = ROOT / "tests" / "data" / "spro-2025-planted-export.yaml"
    header = "# Personal data planted in survey/examples/spro-2025/export.tsv (all fictional).\n"
    out.write_text(header + yaml.safe_dump(planted, allow_unicode=True), encoding="utf-8")
    print(f"{len(subs)} rows written to {WAVE / 'export.tsv'}")


if __name__ == "__main__":
    main()
