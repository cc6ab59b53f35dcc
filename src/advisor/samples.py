"""Generated proposals, two kinds.

`proposals` draws every field independently and uniformly from the schema's values, leaving each
out with probability 1 - density: evidence for kb check's anomaly search, the oracle, isolation
and fuzz tests, and the speed benchmarks. Uniform draws reach odd corners (a payroll service run by
a private county, an arrangement that began years ago and starts next month), which is what those
tests want; they are not what councils write.

`realistic` draws proposals like the ones councils write (see its docstring): each starts from a
bundled example (examples/, examples/portfolio/, examples/scenarios/), keeps most of what it says,
and fills the rest from distributions in which facts hang together as they do in the papers. The
interview benchmark (benchmarks/interview_quick.py) measures the key facts on both.
"""

import datetime
import random

from .schema import PARTNER, SECTIONS, STATUSES


def _value(field, rng):
    kind = field.kind
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice([0, 1, 2, 3, 6, 12, 24, 30, 45, 60, 90, 120, 5000, 84000, 137000, 1100000])
    if kind == "enum":
        return rng.choice(field.values)
    if kind == "enumlist":
        return rng.sample(field.values, rng.randint(1, 3))
    if kind == "text":
        return rng.choice(["Hertfordshire CC", "Stevenage BC", "Integra", "SAP", "Agresso"])
    if kind == "name":
        return rng.choice(["conservative", "labour", "liberal_democrat", "no_overall_control"])
    if kind == "date":
        return rng.choice(["2009-04-01", "2015-06-30", "2024-01-15"])
    if kind == "systems":
        fns = rng.sample(field.values, rng.randint(0, 3))
        return {fn: rng.choice(["Integra", "SAP", "integra", "Agresso"]) for fn in fns}
    raise AssertionError(kind)


def proposal(rng, item_ids, density=0.7):
    out = {}
    for section, fields in SECTIONS.items():
        chosen = {k: _value(f, rng) for k, f in fields.items() if rng.random() < density}
        if chosen:
            out[section] = chosen
    if rng.random() < 0.9:
        out["partners"] = [{k: _value(f, rng) for k, f in PARTNER.items() if rng.random() < density}
                           for _ in range(rng.randint(0, 6))]
    answers = {}
    for item in item_ids:
        if rng.random() < density / 2:
            answers[item] = {"status": rng.choice(STATUSES)}
    if answers:
        out["answers"] = answers
    return out


def proposals(seed, count, item_ids, density=0.7):
    rng = random.Random(seed)
    return [proposal(rng, sorted(item_ids), density) for _ in range(count)]


# ---------------------------------------------------------------------- realistic proposals
#
# Every choice below is a plain statement about councils, from the five papers and the examples,
# not a number fitted to any measure. The interview's ranker never sees these tables.

# Which tier delivers a service (English two-tier areas): districts collect revenues and waste,
# license, plan and control building; counties plan for emergencies; back-office services are
# shared by councils of any tier, usually of one tier.
_DISTRICT_SERVICES = {"revenues_benefits", "waste", "licensing", "planning", "building_control",
                      "environmental_health"}
_COUNTY_SERVICES = {"emergency_planning"}

_CATEGORY = {"internal_audit": ["professional"], "payroll": ["transactional", "back_office"],
             "finance": ["back_office"], "revenues_benefits": ["transactional"], "hr": ["back_office"],
             "ict": ["back_office"], "legal": ["professional"], "procurement": ["professional", "back_office"],
             "planning": ["regulatory", "strategic"], "building_control": ["regulatory"],
             "licensing": ["regulatory"], "environmental_health": ["regulatory"], "waste": ["front_office"],
             "customer_services": ["front_office"], "management": ["strategic"],
             "emergency_planning": ["strategic"], "other": ["back_office", "transactional", "front_office"]}

# The public uses front-office and regulatory services; back-office ones serve the councils.
_PUBLIC_USES = {"revenues_benefits", "waste", "licensing", "planning", "building_control",
                "environmental_health", "customer_services"}
# Services with an out-of-hours or emergency duty (dangerous structures, pollution, civil contingencies).
_EMERGENCY = {"building_control", "environmental_health", "emergency_planning", "waste"}
# Professions that are hard to recruit to (nhdc-2011 §3.1.2, rmbc-2010 Appendix 1).
_SCARCE = {"internal_audit", "legal", "planning", "building_control", "environmental_health"}
_JUDGEMENT = {"legal": "high", "internal_audit": "medium", "planning": "high", "building_control": "medium",
              "environmental_health": "medium", "management": "high", "emergency_planning": "medium",
              "procurement": "medium"}
_SEVERE = {"payroll", "revenues_benefits", "emergency_planning", "environmental_health", "building_control"}

# The systems a service runs on, and products councils use for them.
_SYSTEMS = {"payroll": ["payroll", "hr"], "finance": ["finance"], "revenues_benefits": ["revenues", "benefits"],
            "hr": ["hr", "payroll"], "ict": ["ict"], "internal_audit": ["audit", "risk"], "planning": ["planning",
            "document_management"], "building_control": ["building_control"], "licensing": ["licensing"],
            "customer_services": ["customer_contact"], "procurement": ["finance"], "legal": ["document_management"],
            "environmental_health": ["licensing"], "waste": ["customer_contact"], "management": ["finance"],
            "emergency_planning": ["other"], "other": ["finance"]}
_PRODUCTS = {"finance": ["SAP", "Agresso", "Integra", "Oracle"], "payroll": ["iTrent", "ResourceLink", "SAP"],
             "hr": ["iTrent", "ResourceLink"], "revenues": ["Northgate", "Capita", "Civica"],
             "benefits": ["Northgate", "Capita", "Civica"], "planning": ["Uniform", "Acolaid", "M3"],
             "building_control": ["Uniform", "Acolaid"], "licensing": ["Uniform", "Lalpac"],
             "audit": ["TeamMate", "Pentana", "Excel"], "risk": ["Pentana", "Excel"], "ict": ["ServiceNow", "TopDesk"],
             "document_management": ["Idox", "Civica W2"], "customer_contact": ["Lagan", "Firmstep"],
             "other": ["Resilience Direct", "Excel"]}
_PARTIES = ["Conservative", "Labour", "Liberal Democrat", "No overall control", "Independent"]
# (population, staff) ranges by tier.
_SIZE = {"county": ((500_000, 1_600_000), (8_000, 30_000)), "district": ((50_000, 180_000), (250, 900)),
         "unitary": ((130_000, 550_000), (2_000, 8_000)), "other": ((300_000, 1_500_000), (500, 3_000))}

REDRAW = 0.2  # the share of an anchor's own answers drawn afresh, so that samples differ from it
OMIT = 0.12  # a profile fact the proposal leaves unknown (the example leaves about one in ten)


def anchors(kb):
    """The bundled proposals, validated: the shapes realistic samples start from."""
    from . import proposal as proposal_mod

    root = kb.root / "examples"
    files = sorted(root.glob("*.yaml")) + sorted((root / "portfolio").glob("*.yaml")) + \
        sorted((root / "scenarios").glob("*.yaml"))
    out = []
    for f in files:
        if f.name == "waivers.yaml":
            continue
        out.append(proposal_mod.load(f, kb))
    return out


def realistic(seed, count, kb, today=None):
    """`count` proposals like the ones councils write, reproducible from `seed`.

    Each starts from one bundled example (the anchor), chosen in turn: it keeps the anchor's
    service, delivery model and partners' tiers, and most of its other answers (each is drawn
    afresh with probability REDRAW). Everything the anchor leaves out is drawn so that the facts
    hang together:

      * the service decides its category, whether the public uses it, any emergency duty, how
        hard it is to recruit to, how much judgement and how serious a failure is, and which
        systems matter; district services are shared by districts (or unitaries), a county's
        emergency planning with its districts, back-office services mostly by one tier;
      * a partner's population and staff follow its tier; political control is one of the real
        parties; neighbours often use one supplier's system;
      * an arrangement is either being planned (months to start, no review dates) or running
        (begun 1 to 12 years ago, a review since, or none);
      * one latent readiness (a Beta(2, 2) draw) makes a well-prepared project well prepared
        throughout: commitment and support, the business case's stage, a risk register, staff
        engaged, and the checklist answers;
      * a proposal answers as many checklist items as a bundled example drawn at random does
        (most two or three, the Hertfordshire example eleven, one long-running arrangement
        sixty-eight), never one a profile field answers (advisor.links);
      * each profile fact is then left out with probability OMIT, as a real proposal leaves some
        facts unknown. Names and the kind of service are always given.
    """
    from .dates import today as today_fn

    day = today_fn(today)
    rng = random.Random(seed)
    shapes = anchors(kb)
    # an item a field answers takes its status from the field (advisor.links): a proposal written
    # today states the field, and answering the item as well would only add contradictions
    items = sorted(i for i, item in kb.items.items() if not item.answered_by)
    answered = [len(a.get("answers", {})) for a in shapes]
    return [_realistic(rng, shapes[n % len(shapes)], items, answered, day) for n in range(count)]


def _realistic(rng, anchor, items, answered, day):
    r = rng.betavariate(2, 2)  # readiness: 0 a project in trouble, 1 one ready to go

    def good(p_scale=1.0):
        return rng.random() < r * p_scale + (1 - p_scale) / 2

    def keep(section, key, draw):
        have = anchor.get(section, {}).get(key)
        if have is not None and rng.random() >= REDRAW:
            return have
        return draw()

    out = {"format": "advisor-proposal/1"}
    # the services in scope and the delivery models are lists; the first of each leads
    kinds = list(anchor.get("service", {}).get("kind") or [rng.choice(sorted(_CATEGORY))])
    models = list(anchor.get("arrangement", {}).get("model") or [rng.choice(
        ["lead_authority", "joint_service", "joint_committee", "shared_management"])])
    kind, model = kinds[0], models[0]
    service = {
        "name": anchor.get("service", {}).get("name") or kind.replace("_", " ").capitalize(),
        "kind": kinds,
        "category": keep("service", "category", lambda: [rng.choice(_CATEGORY[kind])]),
        "professional_judgement": keep("service", "professional_judgement",
                                       lambda: _JUDGEMENT.get(kind) or rng.choice(["low", "medium"])),
        "failure_consequence": keep("service", "failure_consequence", lambda: rng.choice(
            ["significant", "severe"] if kind in _SEVERE else ["minor", "significant"])),
        "emergency_response": keep("service", "emergency_response",
                                   lambda: kind in _EMERGENCY and rng.random() < 0.8),
        "efficient_before_sharing": keep("service", "efficient_before_sharing", lambda: good()),
        "standard_delivery": keep("service", "standard_delivery", lambda: rng.random() < (
            0.75 if _CATEGORY[kind][0] in ("transactional", "back_office") else 0.35)),
        "recruitment_difficulty": keep("service", "recruitment_difficulty",
                                       lambda: rng.random() < (0.6 if kind in _SCARCE else 0.2)),
        "boundaries_clear": keep("service", "boundaries_clear", lambda: good()),
        "improvement_understood": keep("service", "improvement_understood", lambda: good()),
        "track_record": keep("service", "track_record",
                             lambda: "strong" if r > 0.7 else "adequate" if r > 0.3 else "weak"),
        "customer_facing": keep("service", "customer_facing", lambda: kind in _PUBLIC_USES),
        "large_workforce": keep("service", "large_workforce",
                                lambda: kind in ("waste", "revenues_benefits", "customer_services") and rng.random() < 0.7),
    }
    out["service"] = service

    partners = _partners(rng, anchor, kind, model, r)
    out["partners"] = partners
    running = bool(anchor.get("review")) or (not anchor.get("arrangement", {}).get("months_to_start")
                                             and not anchor.get("business_case") and rng.random() < 0.3)
    months = None if running else keep("arrangement", "months_to_start", lambda: rng.choice([3, 6, 9, 12, 18, 24]))
    purposes = keep("arrangement", "purposes", lambda: sorted(
        ({"savings"} if rng.random() < 0.8 else set()) | set(rng.sample(
            ["resilience", "capacity", "capability", "quality"], rng.randint(1, 2)))))
    trades = model in ("company_limited_by_guarantee", "joint_venture")
    out["arrangement"] = {
        "model": models,
        "host": keep("arrangement", "host", lambda: partners[0]["name"]),
        "purposes": purposes,
        "intends_to_trade": keep("arrangement", "intends_to_trade", lambda: rng.random() < (0.5 if trades else 0.05)),
        "pace": keep("arrangement", "pace", lambda: rng.choice(
            ["fast", "moderate"] if months is not None and months <= 6 else ["moderate", "slow", "moderate"])),
        "needs_capital_investment": keep("arrangement", "needs_capital_investment",
                                         lambda: rng.random() < (0.5 if kind in ("ict", "revenues_benefits") else 0.2)),
        "dedicated_client_team": keep("arrangement", "dedicated_client_team", lambda: rng.random() < (
            0.6 if model in ("outsourcing", "company_limited_by_guarantee", "joint_venture") else 0.2) * (0.5 + r)),
        "dramatic_change": keep("arrangement", "dramatic_change", lambda: rng.random() < 0.25),
        "joining_existing": keep("arrangement", "joining_existing", lambda: rng.random() < 0.15),
        "merging_authorities": keep("arrangement", "merging_authorities", lambda: rng.random() < 0.03),
    }
    if months is not None:
        out["arrangement"]["months_to_start"] = months
    if running:
        started = anchor.get("review", {}).get("started") or day.replace(
            year=day.year - rng.randint(1, 12), month=4, day=1).isoformat()
        review = {"started": str(started)}
        last = anchor.get("review", {}).get("last_review")
        if last is None and rng.random() < 0.4 + 0.4 * r:
            first = datetime.date.fromisoformat(str(started))
            span = (day - first).days
            if span > 30:
                last = (first + datetime.timedelta(days=rng.randint(span // 3, span))).isoformat()
        if last is not None:
            review["last_review"] = str(last)
        out["review"] = review

    adjacent = keep("geography", "adjacent", lambda: rng.random() < 0.8)
    minutes = keep("geography", "max_travel_minutes", lambda: rng.randint(15, 45) if adjacent else rng.randint(40, 100))
    out["geography"] = {"adjacent": adjacent, "max_travel_minutes": minutes,
                        "journeys_unduly_long": keep("geography", "journeys_unduly_long", lambda: minutes > 60)}
    # what the partners' own entries cannot say: whether their values and stage of development match
    out["alignment"] = {key: keep("alignment", key, lambda: "same" if good() else "different")
                        for key in ("values_and_priorities", "stage_of_development")}
    several_employers = len(partners) > 1
    out["workforce"] = {
        "transfer": keep("workforce", "transfer", lambda: rng.choice(
            ["tupe", "tupe", "secondment"] if model in ("lead_authority", "company_limited_by_guarantee", "outsourcing",
                                                      "joint_venture") else ["secondment", "none", "tupe"])),
        "pay_scales": keep("workforce", "pay_scales", lambda: rng.choice(
            ["different", "different", "aligned", "unknown"] if several_employers else ["aligned"])),
        "single_management_structure": keep("workforce", "single_management_structure",
                                            lambda: model == "shared_management" or rng.random() < 0.5),
        "redundancies_expected": keep("workforce", "redundancies_expected",
                                      lambda: "savings" in purposes and rng.random() < 0.5),
        "relies_on_consultants": keep("workforce", "relies_on_consultants", lambda: rng.random() < 0.2),
    }
    stage = keep("business_case", "stage", lambda: "full" if running else (
        ["concept", "outline", "full", "full"][min(3, int(r * 3 + (1.5 if (months or 24) <= 6 else 0)))]))
    later = stage == "full"
    out["business_case"] = {
        "stage": stage,
        "approved": keep("business_case", "approved", lambda: running or (later and good())),
        "written_by": keep("business_case", "written_by", lambda: rng.choice(
            ["officers", "officers", "officers_and_consultants", "consultants"])),
        "written_before_partner_talks": keep("business_case", "written_before_partner_talks",
                                             lambda: rng.random() < 0.2),
        "savings_contested": keep("business_case", "savings_contested", lambda: not good() and rng.random() < 0.3),
        "detail": keep("business_case", "detail", lambda: rng.choice(["proportionate", "proportionate", "high_level",
                                                                      "exhaustive"])),
        "costs_known": keep("business_case", "costs_known", lambda: stage != "concept" and good()),
        "savings_known": keep("business_case", "savings_known", lambda: stage != "concept" and good()),
        "savings_share_agreed": keep("business_case", "savings_share_agreed", lambda: later and good()),
        "cost_benefit_analysis": keep("business_case", "cost_benefit_analysis", lambda: stage != "concept" and good()),
    }
    out["communications"] = {
        key: keep("communications", key, lambda: good()) for key in
        ("plan", "staff_engaged", "unions_consulted", "members_briefed")}
    if out["communications"]["unions_consulted"]:
        out["communications"]["unions_view"] = keep("communications", "unions_view", lambda: rng.choice(
            ["supportive", "neutral", "neutral", "opposed"]))
    if service["customer_facing"]:
        out["communications"]["customers_informed"] = keep("communications", "customers_informed", lambda: good())
    out["risk"] = {"appetite": keep("risk", "appetite", lambda: rng.choice(["cautious", "balanced", "balanced", "averse",
                                                                           "open"])),
                   "register": keep("risk", "register", lambda: good())}

    # what the proposal leaves unknown
    for section in ("service", "arrangement", "review", "alignment", "geography", "workforce", "business_case",
                    "communications", "risk"):
        fields = out.get(section, {})
        for key in list(fields):
            if (section, key) in (("service", "name"), ("service", "kind"), ("arrangement", "model")):
                continue
            if key not in anchor.get(section, {}) and rng.random() < OMIT:
                del fields[key]
        if not fields:
            out.pop(section, None)
    for p in partners:
        for key in list(p):
            if key != "name" and rng.random() < OMIT:
                del p[key]

    # The checklist: a proposal answers as much of it as the bundled examples do (one drawn at
    # random: most answer two or three items, the Hertfordshire example eleven, a long-running
    # arrangement sixty-eight), the anchor's own answers kept, each as good as the project is ready.
    share = rng.choice(answered) / len(items)
    answers = {}
    for item, given in anchor.get("answers", {}).items():
        answers[item] = given if rng.random() >= REDRAW else {"status": _status(rng, r)}
    for item in items:
        if item in answers or rng.random() >= share:
            continue
        answers[item] = {"status": _status(rng, r)}
    if answers:
        out["answers"] = answers
    return out


def _status(rng, r):
    """A checklist answer from a project of readiness r: done as often as it is ready."""
    x = rng.random()
    return "yes" if x < r * 0.85 else "partial" if x < r * 0.85 + 0.15 else "na" if x > 0.97 else "no"


def _partners(rng, anchor, kind, model, r):
    """The partners: the anchor's (names, tiers, sectors kept), one more or fewer now and then."""
    given = [dict(p) for p in anchor.get("partners", [])]
    if len(given) < 2 or rng.random() < 0.3:
        n = max(2, len(given) + rng.choice([-1, 1]) if given else rng.randint(2, 4))
        n = min(n, 6)
    else:
        n = len(given)
    tiers = [p.get("tier") for p in given if p.get("tier")]
    if kind in _DISTRICT_SERVICES:
        tier_of = lambda i: tiers[i] if i < len(tiers) else rng.choice(["district", "district", "unitary"])  # noqa: E731
    elif kind in _COUNTY_SERVICES:
        tier_of = lambda i: tiers[i] if i < len(tiers) else ("county" if i == 0 else "district")  # noqa: E731
    else:
        common = tiers[0] if tiers else rng.choice(["district", "district", "unitary", "county"])
        tier_of = lambda i: tiers[i] if i < len(tiers) else (  # noqa: E731
            common if rng.random() < 0.7 else rng.choice(["district", "unitary", "county"]))
    functions = _SYSTEMS.get(kind, ["finance"])
    suppliers = {fn: rng.choice(_PRODUCTS[fn]) for fn in functions}  # one supplier many neighbours use
    private = model in ("outsourcing", "joint_venture")
    out = []
    for i in range(n):
        p = given[i] if i < len(given) else {}
        tier = tier_of(i)
        (plo, phi), (slo, shi) = _SIZE[tier]
        scale = rng.random()
        commitment = p.get("commitment") or (
            "full" if i == 0 or rng.random() < r else "in_principle" if rng.random() < 0.75 else "exploring")
        support = {"full": ["strong", "strong", "moderate"], "in_principle": ["moderate", "moderate", "weak", "strong"],
                   "exploring": ["weak", "moderate", "opposed"], "withdrawn": ["opposed", "weak"]}[commitment]
        member = p.get("member_support") or rng.choice(support)
        sector = p.get("sector") or ("private" if private and i == n - 1 else "public")
        record = {
            "name": p.get("name") or f"{rng.choice(['North', 'South', 'East', 'West', 'Mid', 'Upper'])} "
                                     f"{rng.choice(['Avon', 'Marsh', 'Vale', 'Downs', 'Forest', 'Weald'])} "
                                     f"{ {'county': 'County', 'district': 'District', 'unitary': 'Borough'}.get(tier, 'Fire')} "
                                     f"Council {i + 1}",
            "sector": sector,
            "tier": tier if sector == "public" else "other",
            "political_control": p.get("political_control") or rng.choice(_PARTIES),
            "development_stance": p.get("development_stance") or rng.choice(["growth", "neutral", "growth", "restraint"]),
            "population": p.get("population") or int(plo + (phi - plo) * scale) // 1000 * 1000,
            "staff": p.get("staff") or int(slo + (shi - slo) * (0.7 * scale + 0.3 * rng.random())),
            "systems": p.get("systems") or {fn: suppliers[fn] if rng.random() < 0.45 else rng.choice(_PRODUCTS[fn])
                                            for fn in functions},
            "commitment": commitment,
            "member_support": member,
            "officer_support": p.get("officer_support") or (member if rng.random() < 0.6 else rng.choice(support)),
        }
        if sector != "public":
            for key in ("political_control", "development_stance", "population"):
                record.pop(key)
        out.append(record)
    return out
