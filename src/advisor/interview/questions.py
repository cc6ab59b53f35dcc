"""The questions of the interview, in the order they are asked, built from the schema and the KB.

A question id names where its answer lives in the proposal file:

  service.kind                 a profile field (section.key)
  partners[0].sector           a field of the first partner
  partners[0].systems.finance  the system one partner uses for one function
  partners[0].more             "add another partner?" (kept in the sidecar, not the proposal)
  answers.governance.board     a checklist item (answers.<item id>)
"""

import re
from dataclasses import dataclass

from .. import labels
from ..schema import MAX_PARTNERS, PARTNER, SECTIONS, STATUSES, SYSTEM_FUNCTIONS

PROFILE_BEFORE_PARTNERS = ("service", "arrangement")
PROFILE_AFTER_PARTNERS = ("alignment", "geography", "workforce", "risk", "business_case", "communications",
                          "review")

GROUP_TITLES = {
    "service": "The service", "arrangement": "The arrangement", "partners": "The partners",
    "alignment": "How alike the partners are",
    "geography": "Geography", "workforce": "Workforce", "risk": "Risk", "business_case": "Business case",
    "communications": "Communications", "review": "Review of an existing arrangement",
}

PROMPTS = {
    "service.name": "What is the service called?",
    "service.kind": "Which services does the shared service include? (tick all that apply)",
    "service.category": "Which categories describe it? (tick all that apply)",
    "service.professional_judgement": "How much does a case depend on professional judgement?",
    "service.failure_consequence": "How bad is a failure in a single case?",
    "service.emergency_response": "Must the service respond to emergencies or work out of hours?",
    "service.efficient_before_sharing": "Was the service made efficient (re-engineered) before sharing?",
    "service.standard_delivery": "Is the way it is delivered fairly standard across councils?",
    "service.recruitment_difficulty": "Does the service struggle to recruit and keep specialist staff?",
    "service.boundaries_clear": "Are its links and boundaries with other services and agencies clear?",
    "service.improvement_understood": "Do managers understand how the service could be improved?",
    "service.track_record": "What is the partners' record of delivering this service?",
    "service.customer_facing": "Does the public deal with the service directly?",
    "arrangement.model": "Which delivery models are proposed? (tick all that apply)",
    "arrangement.host": "Which partner will host the service?",
    "arrangement.purposes": "What is the sharing for? (tick all that apply)",
    "arrangement.months_to_start": "How many months until the shared service starts?",
    "arrangement.intends_to_trade": "Does the service intend to sell to other organisations?",
    "arrangement.pace": "How quickly do the partners want change?",
    "arrangement.needs_capital_investment": "Does the service need fast, flexible capital investment?",
    "arrangement.dedicated_client_team": "Will a dedicated team manage the provider's performance?",
    "geography.adjacent": "Does every partner border another partner?",
    "geography.max_travel_minutes": "What is the longest travel time, in minutes, between two partners' bases?",
    "workforce.transfer": "How will staff move to the shared service?",
    "workforce.pay_scales": "Are the partners' pay scales aligned?",
    "workforce.single_management_structure": "Will one management structure run the shared service?",
    "workforce.redundancies_expected": "Are redundancies expected?",
    "risk.appetite": "What is the partners' risk appetite?",
    "risk.register": "Is a risk register kept for the shared service?",
    "business_case.stage": "How far has the business case been developed?",
    "business_case.detail": "How detailed is the business case?",
    "business_case.costs_known": "Are the costs known?",
    "business_case.savings_known": "Are the savings known?",
    "business_case.savings_share_agreed": "Is the share of savings and costs between partners agreed?",
    "business_case.cost_benefit_analysis": "Has a cost-benefit analysis been done?",
    "communications.plan": "Is there a communications plan?",
    "communications.staff_engaged": "Are affected staff briefed and involved?",
    "communications.unions_consulted": "Have the unions been consulted?",
    "communications.customers_informed": "Have customers been informed?",
    "communications.members_briefed": "Have elected members been briefed?",
    "review.started": "If the arrangement already runs: when did it begin? (YYYY-MM-DD)",
    "review.last_review": "When was its effectiveness and value for money last reviewed? (YYYY-MM-DD)",
}

PARTNER_PROMPTS = {
    "name": "What is the organisation called?",
    "sector": "Which sector is it in?",
    "tier": "Which tier of local government is it?",
    "political_control": "Who has political control? (e.g. conservative, labour, no overall control)",
    "development_stance": "What is its stance on development?",
    "population": "How many residents does it serve?",
    "staff": "How many people does it employ?",
    "commitment": "How committed is it to the shared service?",
    "member_support": "How strong is support among its elected members?",
    "officer_support": "How strong is support among its senior officers?",
}

# Always asked, whatever the rules say: the service's name labels the reports, and the kind of
# service and the delivery model frame every other question (a colleague asks them first).
LABELS = {"service.name", "service.kind", "arrangement.model"}


@dataclass
class Question:
    id: str
    kind: str  # enum, bool, int, text, name, enumlist, date, status, more
    prompt: str
    group: str  # progress section: a profile group, or checklist:<section id>
    group_title: str
    path: tuple  # where the answer lives in the proposal
    values: tuple = ()
    help: str = ""
    ref: tuple = ()  # what the answer feeds: (subject, field[, partner index]) or ("answer", item)
    always: bool = False  # a label or a structural question, asked whatever the rules say
    partner: int = -1

    @property
    def is_item(self):
        return self.kind == "status"


def _field_help(section, key):
    return SECTIONS[section][key].doc if section in SECTIONS else ""


def profile_questions(section):
    out = []
    for key, fld in SECTIONS[section].items():
        qid = f"{section}.{key}"
        # Fields without a prompt here take their question from fields.yaml (advisor.labels).
        out.append(Question(qid, fld.kind, PROMPTS.get(qid) or labels.question(qid), section, GROUP_TITLES[section],
                            (section, key), fld.values, _field_help(section, key), ("proposal", qid),
                            always=qid in LABELS))
    return out


def partner_questions(i, label):
    out = []
    title = f"{GROUP_TITLES['partners']}: partner {i + 1}" + (f" ({label})" if label else "")
    for key, fld in PARTNER.items():
        base = f"partners[{i}]"
        if fld.kind == "systems":
            for fn in SYSTEM_FUNCTIONS:
                out.append(Question(f"{base}.systems.{fn}", "text",
                                    f"Which system does it use for {fn.replace('_', ' ')}?", "partners", title,
                                    ("partners", i, "systems", fn), (), "", ("partner", f"systems.{fn}", i),
                                    partner=i))
            continue
        out.append(Question(f"{base}.{key}", fld.kind, PARTNER_PROMPTS[key], "partners", title,
                            ("partners", i, key), fld.values, "", ("partner", key, i), always=key == "name",
                            partner=i))
    out.append(Question(f"partners[{i}].more", "more", "Is there another partner to add?", "partners", title,
                        (), ("yes", "no"), "Add every organisation taking part, one at a time.", ("more", i),
                        always=True, partner=i))
    return out


def item_question(kb, item):
    sec = kb.sections.get(item.section)
    return Question(f"answers.{item.id}", "status", item.question, f"checklist:{item.section}",
                    f"Checklist: {sec.title if sec else item.section}", ("answers", item.id), STATUSES,
                    item.help, ("answer", item.id))


def groups(kb):
    """Progress sections, in order: (key, title)."""
    out = [(g, GROUP_TITLES[g]) for g in (*PROFILE_BEFORE_PARTNERS, "partners", *PROFILE_AFTER_PARTNERS)]
    out += [(f"checklist:{s.id}", f"Checklist: {s.title}") for s in kb.sections.values()]
    return out


def all_questions(kb, proposal, partners_done):
    """Every question for the proposal as it stands, in asking order.

    The partner group holds one block per partner listed; while the group is open and there is no
    partner yet, it holds the first partner's block so that the group can start.
    """
    out = []
    for section in PROFILE_BEFORE_PARTNERS:
        out += profile_questions(section)
    partners = proposal.get("partners", [])
    count = len(partners) if partners else (0 if partners_done else 1)
    for i in range(min(count, MAX_PARTNERS)):
        label = partners[i].get("name", "") if i < len(partners) else ""
        block = partner_questions(i, label)
        if i + 1 >= MAX_PARTNERS:
            block = [q for q in block if q.kind != "more"]
        out += block
    for section in PROFILE_AFTER_PARTNERS:
        out += profile_questions(section)
    order = {s: n for n, s in enumerate(kb.sections)}
    items = sorted(kb.items.values(), key=lambda it: order.get(it.section, len(order)))
    out += [item_question(kb, it) for it in items]
    return out


_ID = re.compile(r"^partners\[(\d+)\]\.(.+)$")


def by_id(kb, proposal, partners_done, qid):
    """The question with id `qid` (partner blocks exist only for listed partners)."""
    m = _ID.match(qid)
    if m:
        i = int(m.group(1))
        for q in partner_questions(i, ""):
            if q.id == qid:
                return q
        return None
    if qid.startswith("answers."):
        item = kb.items.get(qid[len("answers."):])
        return item_question(kb, item) if item else None
    section, _, key = qid.partition(".")
    if section in SECTIONS and key in SECTIONS[section]:
        return next(q for q in profile_questions(section) if q.id == qid)
    return None
