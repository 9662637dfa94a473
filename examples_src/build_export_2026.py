"""Build the synthetic Framaforms download of the 2026 example wave (seeded, reproducible).

    python examples_src/build_export_2026.py

writes ``survey/examples/spro-2026/export.tsv`` and ``tests/data/spro-2026-planted-export.yaml``
(the personal data planted in it, for the privacy tests). Running it twice gives the same
bytes. The shared helpers (``exact``, ``by_rank``, fictional e-mails) come from
``build_export.py``, the 2025 builder.

The 2026 questionnaire (``questionnaires/spro-2026.yaml``) differs from 2025: no ``publics``,
``membre`` a single choice, ``collaboration`` in four levels, ``attentes`` instead of
``remarques``, a new ``kit_recu`` and the new options ``initiatives.kit`` and
``ressources_via.annuaire``. The download was made with other settings than in 2025, as a
new analyst would: "Clé du formulaire" column headers, "Court, options brutes (clés)"
answers, and the IP address / UID / user name columns unticked (TAB, UTF-8, LF as before).

The 250 completed submissions have exact counts (see the constants): the designed shifts
since 2025 (belonging, the Matinales, the video and RésOpro, wanting the kit) and, elsewhere,
differences of a few points only (noise). Who gets which answer follows a latent engagement
(collaboration, knowledge) plus the kit and the Matinales, so that belonging rises with
collaboration, knowledge, having used the kit and citing the Matinales; nothing depends on
the département. Four drafts and one duplicated submission are added for the reader to set
aside. Free-text answers (``spro-2026/free_text.yaml``) are placed at random among the
respondents whose answers fit them (an entry may carry ``when:`` conditions).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import numpy as np
import yaml

from survey import load_questionnaire
from survey.ingest.framaforms_writer import INFO_KEYS, ExportSettings, write_export


def _sibling(name: str):
    """A module of this folder (examples_src is not a package)."""
    path = Path(__file__).resolve().parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_examples_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_shared = _sibling("build_export")
exact, by_rank, emails = _shared.exact, _shared.by_rank, _shared.emails

ROOT = Path(__file__).resolve().parents[1]
WAVE = ROOT / "survey" / "examples" / "spro-2026"
SOURCES = Path(__file__).resolve().parent / "spro-2026"
PLANTED = ROOT / "tests" / "data" / "spro-2026-planted-export.yaml"
SEED = 2026
N = 250
DRAFTS = 4
SETTINGS = ExportSettings(header="key", select_keys=True, info_columns=INFO_KEYS[:6])

# 2025 shares scaled to 250 (within 2 respondents of the scaled count).
STRUCTURES = {
    "cio": 41, "cap_emploi": 31, "mission_locale": 44, "scuio": 26, "information_jeunesse": 36,
    "cci": 6, "cma": 8, "chambre_agriculture": 3, "mife": 17, "cidff": 13, "mef": 5,
    "france_services": 4, "cite_des_metiers": 5, "collectivite": 5, "association_labellisee": 3,
    "avenir_actifs": 2, "france_travail": 1, "apec": 0,
}  # fmt: skip
DEPARTEMENTS = {
    "rhone": 56, "isere": 39, "puy_de_dome": 24, "loire": 21, "haute_savoie": 20, "drome": 15,
    "savoie": 15, "ain": 14, "allier": 12, "haute_loire": 12, "ardeche": 11, "cantal": 11,
}  # fmt: skip
MISSIONS = {
    "accompagnement_conseil": 185, "premier_accueil": 25, "direction_equipe": 22,
    "fonction_administrative": 12, "autre": 6,
}  # fmt: skip
# Noise: a few points from 2025.
NEVER_HEARD = 12
NEVER_HEARD_AUCUNE = 9  # the others of the never-heard have a "limitee" knowledge
NIVEAU = {"aucune": 9, "limitee": 72, "suffisante": 128, "tres_bonne": 41}
OBJET = {"publics_cibles": 44, "tous_publics": 180, "ne_sait_pas": 26}
OUTILLE = {
    "pas_du_tout": 19,
    "plutot_insuffisamment": 76,
    "plutot_suffisamment": 127,
    "tres_bien": 28,
}
COLLABORATION = {"aucune": 36, "quelques": 128, "mensuelles": 64, "hebdomadaires": 22}
CONNAIT_OFFRES = 160  # 64 % (2025: 148 / 235 = 63 %)
# Real shifts.
MEMBRE = {"pas_du_tout": 40, "moyennement": 105, "tout_a_fait": 105}  # 2025: 70 / 106 / 59
KIT = 110  # wants the kit: 44 % (2025: 61 %)
# New question. The never-heard only answer "non_recu" or "ne_sait_pas".
KIT_RECU = {"recu_utilise": 70, "recu_non_utilise": 45, "non_recu": 110, "ne_sait_pas": 25}
KIT_RECU_NEVER_HEARD = {"non_recu": 8, "ne_sait_pas": 4}
VOLUNTEERS = 40
# Multiple choice: respondents ticking each option (everyone ticks at least one, so the
# base is 250). Shifts: ressources_via.video, .resopro, initiatives.matinales; new options:
# ressources_via.annuaire, initiatives.kit; the others within 3 points of their 2025 share.
RESSOURCES = {
    "cahier_des_charges": 56, "plan_actions": 48, "logo": 99, "flyer": 75, "resopro": 138,
    "video": 100, "offre_services": 131, "annuaire": 80, "autres": 28,
}  # fmt: skip
INITIATIVES = {
    "matinales": 190, "rdv_competences": 82, "formations_via": 133, "sticker": 29,
    "rencontres": 166, "kit": 78, "autre": 24,
}  # fmt: skip
OFFRES = {
    "cio": 199, "scuio": 108, "information_jeunesse": 168, "france_travail": 216, "apec": 116,
    "cap_emploi": 186, "mission_locale": 212, "avenir_actifs": 75, "cci": 118, "cma": 139,
    "chambre_agriculture": 77, "mife": 90, "cidff": 79, "mef": 33, "france_services": 58,
    "cite_des_metiers": 36, "collectivite": 21, "association_labellisee": 15,
}  # fmt: skip
COLLAB_LEVEL = {"aucune": 0, "quelques": 1, "mensuelles": 2, "hebdomadaires": 3}
LEVEL = {"aucune": 0, "limitee": 1, "suffisante": 2, "tres_bonne": 3}
START = dt.datetime(2026, 3, 30, 8, 45)
SPAN_MINUTES = 46 * 24 * 60 + 14 * 60  # last submissions on 15 May 2026 in the evening
FIRST_SID = 14_906_233
# Weights of collaboration, knowledge, having used the kit and citing the Matinales in the
# belonging score, and of engagement in citing the Matinales: belonging is up among those who
# used the kit or cite the Matinales, not elsewhere.
W_COLLAB, W_LEVEL, W_KIT, W_MAT, W_MAT_SEL = 0.4, 0.35, 0.5, 0.6, 0.1


def build(seed: int = SEED) -> tuple[list[dict], dict]:
    rng = np.random.default_rng(seed)
    free = yaml.safe_load((SOURCES / "free_text.yaml").read_text(encoding="utf-8"))
    structure = exact(rng, STRUCTURES)
    departement = exact(rng, DEPARTEMENTS)  # drawn apart: no built-in département effect
    mission = exact(rng, MISSIONS)
    collaboration = exact(rng, COLLABORATION)
    collab = np.vectorize(COLLAB_LEVEL.get)(collaboration).astype(float)
    # Latent knowledge of the SPRO, driven partly by collaboration.
    knowledge = collab * 0.7 + rng.normal(0, 1, N)
    never = np.zeros(N, dtype=bool)
    never[np.argsort(knowledge + rng.normal(0, 0.3, N))[:NEVER_HEARD]] = True
    niveau = np.empty(N, dtype=object)
    niveau[never] = ["aucune"] * NEVER_HEARD_AUCUNE + ["limitee"] * (
        NEVER_HEARD - NEVER_HEARD_AUCUNE
    )
    rest = {
        **NIVEAU,
        "aucune": NIVEAU["aucune"] - NEVER_HEARD_AUCUNE,
        "limitee": NIVEAU["limitee"] - (NEVER_HEARD - NEVER_HEARD_AUCUNE),
    }
    niveau[~never] = by_rank(knowledge[~never], rest, rng)
    level = np.vectorize(LEVEL.get)(niveau).astype(float)
    # The kit sent in June 2025: received and used by the most engaged.
    kit_recu = np.empty(N, dtype=object)
    kit_recu[never] = exact(rng, KIT_RECU_NEVER_HEARD)
    heard = {k: v - KIT_RECU_NEVER_HEARD.get(k, 0) for k, v in KIT_RECU.items()}
    least_engaged_first = ("ne_sait_pas", "non_recu", "recu_non_utilise", "recu_utilise")
    kit_recu[~never] = by_rank(
        level[~never] * 0.5 + collab[~never] * 0.3 + rng.normal(0, 0.8, (~never).sum()),
        {k: heard[k] for k in least_engaged_first},
        rng,
    )
    used_kit = (kit_recu == "recu_utilise").astype(float)
    received = np.isin(kit_recu, ["recu_utilise", "recu_non_utilise"]).astype(float)
    engagement = level * 0.6 + collab * 0.5
    initiatives = _exact_ticks(
        rng,
        INITIATIVES,
        {
            "matinales": engagement * W_MAT_SEL + used_kit * 0.5,
            "rdv_competences": engagement * 0.3,
            "formations_via": engagement * 0.3,
            "sticker": engagement * 0.1,
            "rencontres": collab * 0.4,
            "kit": used_kit * 2.5 + received * 0.8,
            "autre": np.zeros(N),
        },
        fallback=["rencontres", "formations_via", "matinales"],
    )
    matinales = initiatives["matinales"].astype(float)
    membre = by_rank(
        collab * W_COLLAB
        + level * W_LEVEL
        + used_kit * W_KIT
        + matinales * W_MAT
        - never * 1.2
        + rng.normal(0, 0.7, N),
        MEMBRE,
        rng,
    )
    outille = by_rank(level * 0.8 + used_kit * 0.5 + rng.normal(0, 1, N), OUTILLE, rng)
    objet = by_rank(-level * 0.4 + rng.normal(0, 1, N), {"ne_sait_pas": 0} | OBJET, rng)
    knows_offers = _top(rng, level * 0.9 + collab * 0.3 + rng.normal(0, 1, N), CONNAIT_OFFRES)
    # Wanting the kit: mostly those who did not get it.
    wants_kit = _top(
        rng, np.isin(kit_recu, ["non_recu", "ne_sait_pas"]) * 1.4 + rng.normal(0, 0.7, N), KIT
    )
    volunteer = np.zeros(N, dtype=bool)
    volunteer[rng.permutation(np.flatnonzero(~never))[:VOLUNTEERS]] = True
    ressources = _exact_ticks(
        rng,
        RESSOURCES,
        {
            "cahier_des_charges": level * 0.4,
            "plan_actions": level * 0.4,
            "logo": level * 0.2 + received * 0.3,
            "flyer": level * 0.2,
            "resopro": level * 0.3 + used_kit * 1.2 + received * 0.5,
            "video": used_kit * 1.4 + received * 0.9,
            "offre_services": level * 0.4,
            "annuaire": collab * 0.3 + used_kit * 0.6,
            "autres": np.zeros(N),
        },
        fallback=["logo", "offre_services", "flyer"],
    )
    offres = _exact_ticks(
        rng,
        OFFRES,
        {code: level * 0.3 + knows_offers * 0.8 for code in OFFRES},
        fallback=["france_travail", "mission_locale", "cio"],
    )
    addresses = emails(rng, VOLUNTEERS + KIT)
    volunteer_emails, kit_emails = addresses[:VOLUNTEERS], addresses[VOLUNTEERS:]
    subs: list[dict] = []
    vi = ki = 0
    for i in range(N):
        sub: dict = {
            "draft": False,
            "structure": structure[i],
            "mission": mission[i],
            "departement": departement[i],
            "entendu_parler": "non" if never[i] else "oui",
            "niveau_connaissance": niveau[i],
            "objet_spro": objet[i],
            "outille": outille[i],
            "ressources_via": [k for k in RESSOURCES if ressources[k][i]],
            "membre": membre[i],
            "initiatives": [k for k in INITIATIVES if initiatives[k][i]],
            "connait_offres": "oui" if knows_offers[i] else "non",
            "offres_connues": [k for k in OFFRES if offres[k][i]],
            "collaboration": collaboration[i],
            "kit_recu": kit_recu[i],
            "volontaire_entretien": "oui" if volunteer[i] else "non",
            "kit": "oui" if wants_kit[i] else "non",
        }
        if volunteer[i]:
            sub["email_entretien"] = volunteer_emails[vi]
            vi += 1
        if wants_kit[i]:
            same = volunteer[i] and rng.random() < 0.7
            sub["email_kit"] = sub["email_entretien"] if same else kit_emails[ki]
            ki += 1
        subs.append(sub)
    _place_free_text(rng, subs, free)
    subs = _with_times_drafts_and_duplicate(rng, subs)
    used = {s.get("email_entretien") for s in subs} | {s.get("email_kit") for s in subs}
    texts = " ".join(str(s.get(k, "")) for s in subs for k in ("suggestions_outils", "attentes"))
    planted = {
        "emails": sorted(e for e in used if e),
        "free_text": sorted(p for p in free["planted"] if p in texts),
    }
    return subs, planted


def _top(rng, score: np.ndarray, count: int) -> np.ndarray:
    """Exactly ``count`` True, at the highest ``score`` (plus a little noise)."""
    chosen = np.zeros(len(score), dtype=bool)
    order = np.argsort(-(score + rng.normal(0, 0.3, len(score))), kind="stable")
    chosen[order[:count]] = True
    return chosen


def _exact_ticks(rng, counts: dict[str, int], scores: dict, fallback: list[str]) -> dict:
    """Ticks of a multiple choice: each option exactly ``counts[option]`` times.

    Each option goes to the respondents with the highest score (plus noise). Then every
    respondent left without a tick takes one (the first of ``fallback`` it can) from a
    respondent who has several, so that the counts stay exact and the base is everyone.
    """
    ticks = {k: _top(rng, scores[k] + rng.normal(0, 1, N), c) for k, c in counts.items()}
    matrix = np.column_stack([ticks[k] for k in counts])
    codes = list(counts)
    for i in np.flatnonzero(matrix.sum(axis=1) == 0):
        for code in fallback:
            k = codes.index(code)
            donors = np.flatnonzero(matrix[:, k] & (matrix.sum(axis=1) >= 2))
            if len(donors):
                donor = donors[rng.integers(len(donors))]
                matrix[donor, k], matrix[i, k] = False, True
                break
        else:
            raise RuntimeError(f"no donor for respondent {i}")
    assert (matrix.sum(axis=0) == list(counts.values())).all() and matrix.any(axis=1).all()
    return {k: matrix[:, j] for j, k in enumerate(codes)}


def _fits(sub: dict, when: dict | None) -> bool:
    """Whether a respondent's answers fit an entry's ``when:`` conditions."""
    for question, allowed in (when or {}).items():
        value = sub.get(question)
        values = value if isinstance(value, list) else [value]
        if not set(values) & set(allowed):
            return False
    return True


def _place(rng, subs: list[dict], field: str, entries: list, among: np.ndarray) -> None:
    """Give each entry to one respondent of ``among`` that it fits (conditional ones first)."""
    entries = [e if isinstance(e, dict) else {"text": e} for e in entries]
    order = sorted(range(len(entries)), key=lambda j: "when" not in entries[j])
    free = [int(i) for i in rng.permutation(among)]
    for j in order:
        entry = entries[j]
        fitting = [i for i in free if _fits(subs[i], entry.get("when"))]
        if not fitting:
            raise RuntimeError(f"{field}: nobody fits {entry['text'][:50]!r}")
        subs[fitting[0]][field] = entry["text"]
        free.remove(fitting[0])


def _place_free_text(rng, subs: list[dict], free: dict) -> None:
    everyone = np.arange(N)
    personal = free["personal"]
    _place(rng, subs, "suggestions_outils", free["suggestions_outils"] + personal[:3], everyone)
    _place(rng, subs, "attentes", free["attentes"] + personal[3:], everyone)
    for field, question, option in (
        ("mission_autre", "mission", "autre"),
        ("ressources_autres", "ressources_via", "autres"),
        ("initiatives_autre", "initiatives", "autre"),
    ):
        among = [i for i, s in enumerate(subs) if _fits(s, {question: [option]})]
        _place(rng, subs, field, free[field], np.array(among))


def _with_times_drafts_and_duplicate(rng, subs: list[dict]) -> list[dict]:
    """Submission times, four drafts among the submissions, serials and SIDs, one duplicate."""
    minutes = np.sort(rng.integers(0, SPAN_MINUTES, N + DRAFTS))
    times = [START + dt.timedelta(minutes=int(m)) for m in minutes]
    draft_slots = set(rng.permutation(N + DRAFTS)[:DRAFTS].tolist())
    everything: list[dict] = []
    it = iter(subs)
    for slot, moment in enumerate(times):
        if slot in draft_slots:
            base = subs[int(rng.integers(N))]
            draft = {k: base[k] for k in ("structure", "mission", "departement", "entendu_parler")}
            draft.update(
                draft=True,
                submitted=moment,
                completed=None,
                modified=moment + dt.timedelta(minutes=int(rng.integers(2, 9))),
            )
            everything.append(draft)
        else:
            sub = next(it)
            # A few respondents come back to their answers a little later.
            late = dt.timedelta(minutes=int(rng.integers(1, 40))) if rng.random() < 0.04 else None
            sub.update(
                submitted=moment, completed=moment, modified=moment + (late or dt.timedelta())
            )
            everything.append(sub)
    sid = FIRST_SID
    for serial, s in enumerate(everything, start=1):
        sid += int(rng.integers(3, 1200))
        s["serial"], s["sid"] = serial, sid
    duplicate = dict(everything[int(rng.integers(40, N - 40))])  # the same one twice
    return [*everything, duplicate]


def write(out: Path = WAVE / "export.tsv", planted_path: Path = PLANTED) -> list[Path]:
    """Build the wave's download into ``out`` and its planted personal data list."""
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "spro-2026.yaml")
    subs, planted = build()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    write_export(out, questionnaire, subs, SETTINGS)
    header = "# Personal data planted in survey/examples/spro-2026/export.tsv (all fictional).\n"
    text = header + yaml.safe_dump(planted, allow_unicode=True)
    Path(planted_path).write_text(text, encoding="utf-8")
    return [Path(out), Path(planted_path)]


def main() -> None:
    out, planted = write()
    print(f"{out} and {planted} written")


if __name__ == "__main__":
    main()
