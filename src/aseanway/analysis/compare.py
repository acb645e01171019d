"""The four differences side by side: the foreign-policy view of one actor and the international view.

For each dimension of the explainer (focus, scale, subject, goals: ``aseanway.concepts.Dimension``) the
comparison puts the concept's own text for each level next to what the same stored run shows at that
level: the actor's interest served, relations and power on one side; the system's indicators, network,
cohesion and non-state actors on the other. Labels come from ``load_concepts()`` in the chosen language.
"""

from __future__ import annotations

from pydantic import BaseModel

from aseanway.analysis.foreign_policy import ForeignPolicyView, Provenance, load_run, view_of
from aseanway.analysis.international import InternationalView, system_of
from aseanway.concepts import Dimension, Goal, Level, load_concepts
from aseanway.i18n import N_, translator
from aseanway.store import Store

SCHEMA_VERSION = 1
CHANNEL_LABELS = {
    "aipa_resolution": N_("resolutions of the inter-parliamentary assembly"),
    "lobbying": N_("lobbying its home state"),
    "public_pressure": N_("public pressure"),
}


class Finding(BaseModel):
    label: str
    value: float | None
    text: str


class Side(BaseModel):
    level: Level
    name: str  # the level's name (Politik luar negeri / Politik internasional)
    concept: str  # the explainer's text for this level and dimension
    findings: list[Finding]


class ComparisonRow(BaseModel):
    dimension: Dimension
    label: str  # Focus / Fokus, ...
    foreign_policy: Side
    international_politics: Side


class Comparison(BaseModel):
    schema_version: int = SCHEMA_VERSION
    run_id: int
    provenance: Provenance
    actor: str
    actor_name: str
    lang: str
    rows: list[ComparisonRow]
    foreign_policy: ForeignPolicyView
    international: InternationalView


def _num(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "-"
    return f"{100 * x:.0f}%" if pct else f"{x:.3g}"


def _fp_findings(fp: ForeignPolicyView, dim: Dimension, lang: str) -> list[Finding]:
    _ = translator(lang)
    c = load_concepts()
    if dim is Dimension.focus:
        out = [
            Finding(
                label=c.label(Goal.national_interest, lang),
                value=fp.interest_served,
                text=_("National interest of {name} served: {v}").format(
                    name=fp.name, v=_num(fp.interest_served)
                ),
            )
        ]
        for a in fp.aspects:
            if a.served is not None:
                out.append(
                    Finding(
                        label=a.label,
                        value=a.served,
                        text=_("{v} (agreements serving it: {share})").format(
                            v=_num(a.served), share=_num(a.serving_share, pct=True)
                        ),
                    )
                )
        return out
    if dim is Dimension.scale:
        return [
            Finding(
                label=_("Relations"),
                value=float(len(fp.relations)),
                text=_("Relations of {name} with {n} states: {closer} moved closer, {away} away").format(
                    name=fp.name, n=len(fp.relations), closer=len(fp.closer), away=len(fp.away)
                ),
            ),
            Finding(
                label=_("Closer"),
                value=None,
                text=", ".join(fp.closer[:5]) or "-",
            ),
        ]
    if dim is Dimension.subject:
        out = [
            Finding(
                label=_("Government"),
                value=None,
                text=_("{name} decides through its government in: {forums}").format(
                    name=fp.name, forums=", ".join(dict.fromkeys(p.forum for p in fp.influence.power)) or "-"
                ),
            )
        ]
        for p in fp.influence.power:
            out.append(
                Finding(
                    label=f"{p.forum}: {p.label}",
                    value=p.shapley_shubik,
                    text=_("Shapley-Shubik {ss}, Banzhaf {bz} (equal share {eq})").format(
                        ss=_num(p.shapley_shubik), bz=_num(p.banzhaf), eq=_num(p.equal_share)
                    ),
                )
            )
        return out
    vals = [v for v in fp.values if v.congruence is not None]
    return [
        Finding(
            label=c.label(Goal.national_interest, lang),
            value=fp.interest_served,
            text=_num(fp.interest_served),
        ),
        Finding(
            label=c.label(Goal.values_ideology, lang),
            value=vals[0].congruence if vals else None,
            text="; ".join(f"{v.label} {_num(v.congruence)}" for v in vals)
            or _("no adopted item carries its values"),
        ),
        Finding(
            label=c.label(Goal.influence, lang),
            value=fp.influence.pull_share,
            text=_("Outcomes moved towards it in {share} of adopted items (mean {mean} of the scale)").format(
                share=_num(fp.influence.pull_share, pct=True), mean=_num(fp.influence.pull_mean)
            ),
        ),
    ]


def _ip_findings(ip: InternationalView, dim: Dimension, lang: str) -> list[Finding]:
    _ = translator(lang)
    net = ip.network
    if dim is Dimension.focus:
        return [
            Finding(
                label=_("ASEAN cohesion"),
                value=ip.asean.final_mean,
                text=_("Mean affinity among members: {a} at the start, {b} at the end").format(
                    a=_num(ip.asean.initial), b=_num(ip.asean.final_mean)
                ),
            ),
            Finding(
                label=_("Blocs"),
                value=float(len([b for b in net.final.blocs if len(b) > 1])),
                text="; ".join(", ".join(b) for b in net.final.blocs if len(b) > 1) or "-",
            ),
        ]
    if dim is Dimension.scale:
        top = ip.partners[:3]
        return [
            Finding(
                label=_("Network"),
                value=net.final.density,
                text=_("{n} states; density {d}, clustering {c}, mean affinity {m}").format(
                    n=len(net.states),
                    d=_num(net.final.density),
                    c=_num(net.final.clustering),
                    m=_num(net.final.mean_affinity),
                ),
            ),
            Finding(
                label=_("Partners' pull"),
                value=top[0].final_mean if top else None,
                text=", ".join(f"{p.code} {_num(p.final_mean)}" for p in top) or "-",
            ),
        ]
    if dim is Dimension.subject:
        out = [
            Finding(
                label=_("Actors"),
                value=float(ip.states + ip.organisations + ip.nonstate),
                text=_("{s} states, {o} organisations, {n} non-state actors").format(
                    s=ip.states, o=ip.organisations, n=ip.nonstate
                ),
            )
        ]
        for a in ip.nonstate_actors:
            out.append(
                Finding(
                    label=a.name,
                    value=a.served,
                    text=_("{channel}; outcomes' closeness to its positions {v}").format(
                        channel=_(CHANNEL_LABELS[a.channel]) if a.channel in CHANNEL_LABELS else "-",
                        v=_num(a.served),
                    ),
                )
            )
        return out
    out = []
    for g in ip.groups:
        if g.goal is None and not g.indicators:
            continue
        text = "; ".join(f"{s.label} {_num(s.end_mean)}" for s in g.indicators) or _("no indicator stored")
        out.append(
            Finding(label=g.label, value=g.indicators[0].end_mean if g.indicators else None, text=text)
        )
    return out


def compare_views(fp: ForeignPolicyView, ip: InternationalView, lang: str = "en") -> Comparison:
    """Lay two views of one run next to each other along the four dimensions."""
    c = load_concepts()
    rows = []
    for dim in Dimension:
        diff = c.difference(dim)
        rows.append(
            ComparisonRow(
                dimension=dim,
                label=diff.name.get(lang),
                foreign_policy=Side(
                    level=Level.foreign_policy,
                    name=c.concept(Level.foreign_policy).name.get(lang),
                    concept=diff.foreign_policy.get(lang),
                    findings=_fp_findings(fp, dim, lang),
                ),
                international_politics=Side(
                    level=Level.international_politics,
                    name=c.concept(Level.international_politics).name.get(lang),
                    concept=diff.international_politics.get(lang),
                    findings=_ip_findings(ip, dim, lang),
                ),
            )
        )
    return Comparison(
        run_id=fp.run_id,
        provenance=fp.provenance,
        actor=fp.actor,
        actor_name=fp.name,
        lang=lang,
        rows=rows,
        foreign_policy=fp,
        international=ip,
    )


def compare(store: Store, run_id: int, actor: str, lang: str = "en") -> Comparison:
    """Both views of the complete run ``run_id``, side by side (``actor``: the foreign-policy actor)."""
    data = load_run(store, run_id)
    fp = view_of(data, actor, lang, file=str(store.path))
    return compare_views(fp, system_of(data, lang), lang)


__all__ = ["Comparison", "ComparisonRow", "Finding", "Side", "compare", "compare_views"]
