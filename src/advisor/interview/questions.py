"""The questions of the interview and the task-list sections they belong to, built from the schema,
the plain-English words of advisor.labels (fields.yaml) and the knowledge base. No words are
written here: a field added to the schema and to fields.yaml becomes a question by itself.

A question id names where its answer lives in the proposal file:

  service.kind                 a profile field (section.key)
  partners                     the partners' names, all at once (key facts)
  partners[0].sector           a field of the first partner
  partners[*].sector           the same field for every partner, as one question (key facts)
  partners[0].systems.finance  the system one partner uses for one function
  partners[0].more             "add another partner?" (kept in the sidecar, not the proposal)
  communications.*             a proposal section's yes/no facts as one question, a line each (key facts)
  answers.governance.board     a checklist item (answers.<item id>)
"""

import re
from dataclasses import dataclass

from .. import labels
from ..schema import MAX_PARTNERS, PARTNER, SECTIONS, STATUSES, SYSTEM_FUNCTIONS

KEY = "key"

# The task list's profile sections, in the natural order a colleague asks: the service, who takes
# part, how it will be run, its people, its money, its risks. Each proposal section (schema.SECTIONS)
# belongs to one; a proposal section added later lands in a section of its own, before the checklist.
PROFILE_SECTIONS = (
    ("service", ("service",)),
    ("partners", ("partners", "alignment", "geography")),
    ("arrangement", ("arrangement", "review")),
    ("people", ("workforce", "communications")),
    ("money", ("business_case",)),
    ("risk", ("risk",)),
)

# Always asked, whatever the rules say: the service's name labels the reports, and the kind of
# service and the delivery model frame every other question (a colleague asks them first).
LABELS = {"service.name", "service.kind", "arrangement.model"}


@dataclass
class Question:
    id: str
    kind: str  # enum, bool, int, text, name, enumlist, date, status, more, names
    text: str  # the question, in words
    section: str  # the task-list section: a profile section id, or checklist:<section id>
    path: tuple  # where the answer lives in the proposal ("*" for every partner)
    values: tuple = ()
    hint: str = ""
    ref: tuple = ()  # what the answer feeds: (subject, field[, partner index]) or ("answer", item)
    always: bool = False  # a label or a structural question, asked whatever the rules say
    partner: int = -1  # a partner's own question: the partner's index
    grid: bool = False  # one question for every partner at once, or for a section's yes/no facts
    field: str = ""  # the advisor.labels field id
    caption: str = ""  # the partner's name, shown with the question

    @property
    def is_item(self):
        return self.kind == "status"

    @property
    def item(self):
        return self.ref[1] if self.is_item else None

    def choices(self):
        """(value, words) for each answer a list offers; "I don't know" is added by every front end."""
        if self.kind == "status":
            return [(v, labels.answer_words(v)) for v in STATUSES if v != "unknown"]
        if self.kind == "more":
            return [("yes", labels.interview_words("more.yes")), ("no", labels.interview_words("more.no"))]
        if self.kind == "bool":
            return [(True, labels.value_words(self.field, True)), (False, labels.value_words(self.field, False))]
        if self.kind in ("enum", "enumlist"):
            return [(v, labels.value_words(self.field, v)) for v in self.values]
        return []

    def words(self, value):
        """An answer in words."""
        if value is None:
            return labels.interview_words("dont_know")
        if self.kind == "status":
            return labels.answer_words(value)
        if self.kind == "more":
            return dict(self.choices()).get(value, str(value))
        if self.kind == "names":
            return ", ".join(value)
        if self.kind == "group" and isinstance(value, list):
            return "; ".join(f"{labels.field_label(f'{self.path[0]}.{k}')}: "
                             f"{labels.interview_words('dont_know') if v is None else labels.value_words(f'{self.path[0]}.{k}', v)}"
                             for k, v in zip(self.values, value))
        if self.grid and isinstance(value, list):
            return "; ".join(labels.value_words(self.field, v) for v in value)
        return labels.value_words(self.field, value)

    def full_text(self):
        """The question with the partner it is about: review screens list many partners' answers."""
        return f"{self.caption}: {self.text}" if self.caption else self.text


def section_of(proposal_section):
    for sid, parts in PROFILE_SECTIONS:
        if proposal_section in parts:
            return sid
    return proposal_section


def profile_section_ids():
    ids = [sid for sid, _ in PROFILE_SECTIONS]
    return ids + [s for s in SECTIONS if section_of(s) not in ids]


def section_title(sid, kb=None):
    if sid == KEY:
        return labels.interview_words("section.key")
    if sid.startswith("checklist:"):
        sec = kb.sections.get(sid.split(":", 1)[1]) if kb is not None else None
        return sec.title if sec else sid.split(":", 1)[1].replace("_", " ").capitalize()
    return labels.interview_words(f"section.{sid}") or sid.replace("_", " ").capitalize()


def sections(kb):
    """Every task-list section id, in order: key facts, the profile, then the checklist."""
    return [KEY, *profile_section_ids(), *(f"checklist:{s}" for s in kb.sections)]


def profile_question(section, key):
    fld = SECTIONS[section][key]
    fid = f"{section}.{key}"
    return Question(fid, fld.kind, labels.question(fid), section_of(section), (section, key), fld.values,
                    labels.hint(fid), ("proposal", fid), always=fid in LABELS, field=fid)


def profile_questions(section):
    return [profile_question(section, key) for key in SECTIONS[section]]


def partner_question(i, key, name=""):
    if key.startswith("systems."):
        fn = key.split(".", 1)[1]
        return Question(f"partners[{i}].{key}", "text", labels.question(f"partner.{key}"), "partners",
                        ("partners", i, "systems", fn), (), labels.hint(f"partner.{key}"),
                        ("partner", key, i), partner=i, field=f"partner.{key}", caption=name)
    fld = PARTNER[key]
    return Question(f"partners[{i}].{key}", fld.kind, labels.question(f"partner.{key}"), "partners",
                    ("partners", i, key), fld.values, labels.hint(f"partner.{key}"), ("partner", key, i),
                    always=key == "name", partner=i, field=f"partner.{key}", caption=name)


def partner_keys():
    """Every partner question's key, systems one per function, in schema order."""
    out = []
    for key, fld in PARTNER.items():
        if fld.kind == "systems":
            out += [f"systems.{fn}" for fn in SYSTEM_FUNCTIONS]
        else:
            out.append(key)
    return out


def more_question(i, name=""):
    return Question(f"partners[{i}].more", "more", labels.interview_words("more.question"), "partners", (),
                    ("yes", "no"), labels.interview_words("more.hint"), ("more", i), always=True,
                    partner=i, caption=name)


def partner_questions(i, name=""):
    out = [partner_question(i, key, name) for key in partner_keys()]
    if i + 1 < MAX_PARTNERS:
        out.append(more_question(i, name))
    return out


def names_question():
    """The partners' names in one question: the key facts need the partners, not a screen each."""
    return Question("partners", "names", labels.interview_words("partners.question"), "partners", ("partners",),
                    (), labels.interview_words("partners.hint"), ("partners",), always=True,
                    field="partner.name")


def grid_question(key):
    """One partner field for every partner at once (the key facts ask it as one question)."""
    q = partner_question("*", key)
    q.id, q.partner, q.grid = f"partners[*].{key}", -1, True
    q.text = labels.interview_words("grid.prefix") + " " + _lower_first(q.text)
    q.always = False
    return q


def grouped(section):
    """The yes/no facts of a proposal section that the key facts ask as one question, a line each:
    `service.*` asks "is it so?" of every yes/no fact about the service. Each line is the field's
    own question, answered yes, no or I don't know, so nothing is inferred from a line left out."""
    keys = tuple(k for k, f in SECTIONS.get(section, {}).items() if f.kind == "bool")
    return keys if len(keys) >= 2 and labels.interview_words(f"group.{section}") else ()


def group_question(section):
    keys = grouped(section)
    if not keys:
        return None
    return Question(f"{section}.*", "group", labels.interview_words(f"group.{section}"), section_of(section),
                    (section,), keys, labels.interview_words("group.hint"), ("group", section),
                    grid=True, field=f"{section}.*")


def rows(q, proposal):
    """The lines of a question asked a line at a time: (caption, the line's own question)."""
    if q.kind == "group":
        return [(profile_question(q.path[0], k).text, profile_question(q.path[0], k)) for k in q.values]
    key = q.id.split(".", 1)[1]
    return [(p.get("name") or f"partner {i + 1}", partner_question(i, key, p.get("name") or ""))
            for i, p in enumerate(proposal.get("partners", []))]


def _lower_first(text):
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def item_question(kb, item):
    return Question(f"answers.{item.id}", "status", item.question, f"checklist:{item.section}",
                    ("answers", item.id), STATUSES, item.help, ("answer", item.id), field=f"answers.{item.id}")


def items_in_order(kb):
    order = {s: n for n, s in enumerate(kb.sections)}
    return sorted(kb.items.values(), key=lambda it: order.get(it.section, len(order)))


def section_questions(kb, proposal, partners_done, sid):
    """Every question of one task-list section (not the key facts), in asking order.

    The partners section holds one block per partner listed; while the list is open and there is
    no partner yet, it holds the first partner's block so that the section can start.
    """
    if sid.startswith("checklist:"):
        sec = sid.split(":", 1)[1]
        return [item_question(kb, it) for it in items_in_order(kb) if it.section == sec]
    out = []
    for section in SECTIONS:
        if section_of(section) != sid:
            continue
        out += profile_questions(section)
    if sid == "partners":
        partners = proposal.get("partners", [])
        count = len(partners) if partners else (0 if partners_done else 1)
        block = []
        for i in range(min(count, MAX_PARTNERS)):
            name = partners[i].get("name", "") if i < len(partners) else ""
            block += partner_questions(i, name)
        out = block + out
    return out


def all_questions(kb, proposal, partners_done):
    """Every question for the proposal as it stands, section by section (key facts aside)."""
    out = []
    for sid in sections(kb)[1:]:
        out += section_questions(kb, proposal, partners_done, sid)
    return out


_ID = re.compile(r"^partners\[(\d+|\*)\]\.(.+)$")


def by_id(kb, qid, proposal=None):
    """The question with id `qid`, or None."""
    proposal = proposal or {}
    if qid == "partners":
        return names_question()
    m = _ID.match(qid)
    if m:
        index, key = m.group(1), m.group(2)
        if index == "*":
            return grid_question(key) if key in partner_keys() else None
        i = int(index)
        if i >= MAX_PARTNERS:
            return None
        partners = proposal.get("partners", [])
        name = partners[i].get("name", "") if i < len(partners) else ""
        if key == "more":
            return more_question(i, name) if i + 1 < MAX_PARTNERS else None
        return partner_question(i, key, name) if key in partner_keys() else None
    if qid.startswith("answers."):
        item = kb.items.get(qid[len("answers."):])
        return item_question(kb, item) if item else None
    section, _, key = qid.partition(".")
    if section in SECTIONS and key == "*":
        return group_question(section)
    if section in SECTIONS and key in SECTIONS[section]:
        return profile_question(section, key)
    return None
