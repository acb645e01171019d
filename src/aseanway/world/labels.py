"""Display labels of the world's coded values (English source text, translated with ``translator``)."""

from __future__ import annotations

from aseanway.i18n import N_, translator

PARTNER_STATUS = {
    "dialogue": N_("Dialogue Partner"),
    "sectoral": N_("Sectoral Dialogue Partner"),
    "development": N_("Development Partner"),
    "observer": N_("Observer"),
}
INSTRUMENT_TYPE = {"treaty": N_("Treaty"), "declaration": N_("Declaration")}
DISPUTE_TYPE = {
    "territorial": N_("Territorial"),
    "maritime": N_("Maritime"),
    "internal_political": N_("Internal political"),
}
OUTCOME = {
    "settled": N_("Settled"),
    "frozen": N_("Frozen"),
    "escalated": N_("Escalated"),
    "ongoing": N_("Ongoing"),
}
STEP = {
    "bilateral": N_("bilateral talks"),
    "chair_good_offices": N_("good offices of the ASEAN Chair"),
    "mediation": N_("mediation"),
    "high_council": N_("TAC High Council"),
    "icj": N_("International Court of Justice"),
    "arbitration": N_("arbitration"),
}
DECISION_RULE = {"consensus": N_("consensus (musyawarah dan mufakat)"), "none": N_("none")}
LEVEL = {
    "leaders": N_("Leaders"),
    "ministers": N_("Ministers"),
    "officials": N_("Officials"),
    "parliamentarians": N_("Parliamentarians"),
    "secretariat": N_("Secretariat"),
}
PARTICIPANTS = {
    "members": N_("ASEAN members"),
    "members+arf": N_("ASEAN members and ARF participants"),
    "members+eas": N_("ASEAN members and East Asia Summit partners"),
    "members+admm_plus": N_("ASEAN members and ADMM-Plus partners"),
}
CHAIR_RULE = {"rotation": N_("Rotation"), "exception": N_("Exception")}
ENTRY_KIND = {
    "all_parties": N_("ratification by all parties"),
    "n_ratifications": N_("a set number of ratifications"),
    "upon_signature": N_("on signature"),
    "not_binding": N_("not binding"),
}
YES_NO = {True: N_("yes"), False: N_("no")}


def label(table: dict, key: object, lang: str) -> str:
    """The translated label of ``key`` in ``table`` (the key itself if it has no label)."""
    text = table.get(key)
    return translator(lang)(text) if text else str(key)
