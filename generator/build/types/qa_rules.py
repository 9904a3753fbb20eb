"""Rules of questions and answers that need more than the item's own fields: the profile, the
item's body, or the other items of the province.

- ``qa.ticket-duplicate``: a ticket code is the asker's only handle on their question, so it is
  unique in the province; the second file names the first. A translation keeps its source's code.
- ``qa.ticket``: the code's year is the year the question was received.
- ``qa.history``: the first step is not before the receipt.
- ``qa.assigned-unit``: a question forwarded (or further) names the unit that answers it.
- ``qa.answerer``, ``qa.answer``: an answered question names who answered and has the answer as
  its body (the body is where the answer is written).
- ``qa.competence``: under a profile that sorts questions into own / inter-agency / special
  (Thái Nguyên, 003 Đ13.4), a forwarded question says which; elsewhere it says nothing.
- ``qa.channel``: a question came through one of the channels the profile names.
- ``qa.citation``: under a profile that wants the legal documents of an answer cited (Cao Bằng,
  004 Đ9.4), an answered question cites at least one, each with number, symbol, abstract, date
  and issuer; everywhere, a citation by reference names a legal item of the repository.

Each problem is at its line: a step's or a citation's own line is found by reading the file's
front matter again, which happens only when there is a problem to report.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ...core.clock import VN_TZ
from ...core.diagnostics import Diagnostic, error, warning
from ...core.front_matter import split
from ...core.workdays import WorkCalendar, add_working_days
from ...core.yamlsource import compose, line_of
from ...model.config import Config, Profile
from ...model.types.qa import CITATION_ELEMENTS, COMPETENCE, ENDS, state_of
from ..documents import Document
from ..index import resolve_ref

ELEMENT_NAMES = {"number": "số (number)", "symbol": "ký hiệu (symbol)", "abstract": "trích yếu (abstract)",
                 "date": "ngày ban hành (date)", "issuer": "cơ quan ban hành (issuer)"}
WORKED_ON = ("forwarded", "in_progress", "progress_notice", "answered")


class _Locator:
    """The line of a key's value or of one of its entries, from the file as written."""

    def __init__(self, root: Path, doc: Document):
        self.root, self.doc = root, doc
        self._node: yaml.Node | None = None
        self._offset = 0

    def _mapping(self) -> yaml.MappingNode | None:
        if self._node is None:
            try:
                text = (self.root / self.doc.path).read_text(encoding="utf-8").lstrip("\ufeff")
            except (OSError, UnicodeDecodeError):
                return None
            where = split(text)
            if where is None or not where.closed:
                return None
            self._node, _ = compose(text[where.start:where.end], self.doc.path, where.line_offset)
            self._offset = where.line_offset
        return self._node if isinstance(self._node, yaml.MappingNode) else None

    def at(self, key: str, index: int | None = None) -> tuple[int, int]:
        fallback = (self.doc.lines.get(key, 1), 1)
        mapping = self._mapping()
        value = next((v for k, v in mapping.value if getattr(k, "value", None) == key), None) if mapping else None
        if value is None:
            return fallback
        if index is None:
            return line_of(value, self._offset)
        if isinstance(value, yaml.SequenceNode) and index < len(value.value):
            return line_of(value.value[index], self._offset)
        return fallback


def _problem(doc: Document, where: tuple[int, int], code: str, message: str) -> Diagnostic:
    return error(doc.path, where[0], code, message, where[1])


def _first(steps: tuple[dict, ...], states: tuple[str, ...]) -> int | None:
    return next((i for i, step in enumerate(steps) if step["state"] in states), None)


def _own_rules(doc: Document, at: _Locator) -> list[Diagnostic]:
    values = doc.values
    steps = values.get("history") or ()
    out = []
    if values["ticket"].split("-")[1] != str(values["received_at"].astimezone(VN_TZ).year):
        out.append(_problem(doc, at.at("ticket"), "qa.ticket",
                            f"ticket `{values['ticket']}` names another year than the question was received "
                            f"({values['received_at'].astimezone(VN_TZ).year}); the code's year is the year received"))
    if steps and steps[0]["at"] < values["received_at"]:
        out.append(_problem(doc, at.at("history", 0), "qa.history",
                            "this step is dated before the question was received (`received_at`)"))
    worked = _first(steps, WORKED_ON)
    if worked is not None and not values.get("assigned_unit"):
        out.append(_problem(doc, at.at("history", worked), "qa.assigned-unit",
                            f"the question is {steps[worked]['state']}, so it names the unit that answers it: "
                            "add `assigned_unit:`"))
    if state_of(values) == "answered":
        answered = len(steps) - 1
        if not values.get("answerer"):
            out.append(_problem(doc, at.at("history", answered), "qa.answerer",
                                "an answered question names who answered: add `answerer:` (the head of the "
                                "agency, or whom they assigned; then `delegation:` too)"))
        if not doc.body_html.strip():
            out.append(_problem(doc, at.at("history", answered), "qa.answer",
                                "an answered question has its answer: write it as the text below the front matter"))
    return out


def _profile_rules(doc: Document, at: _Locator, profile: Profile, legal_ids: set[str]) -> list[Diagnostic]:
    values = doc.values
    qa = profile.get("qa") or {}
    steps = values.get("history") or ()
    out = []
    categories = [d.get("category") for d in qa.get("deadlines") or () if d.get("category") in COMPETENCE]
    worked = _first(steps, WORKED_ON)
    if values.get("competence") and not categories:
        out.append(_problem(doc, at.at("competence"), "qa.competence",
                            f"the profile ({profile.id}) does not sort questions by competence; remove `competence`"))
    elif categories and worked is not None and not values.get("competence"):
        out.append(_problem(doc, at.at("history", worked), "qa.competence",
                            f"the profile ({profile.id}) sets the answer's deadline by category: add `competence:` "
                            f"({', '.join(categories)})"))
    channels = [c.get("kind") for c in qa.get("channels") or () if isinstance(c, dict)]
    if channels and values["channel"] not in channels:
        out.append(_problem(doc, at.at("channel"), "qa.channel",
                            f"the profile ({profile.id}) receives questions only through: {', '.join(channels)}"))
    cited = values.get("citations") or ()
    for i, citation in enumerate(cited):
        if "ref" in citation:
            target = resolve_ref(citation["ref"], doc)
            if target not in legal_ids:
                out.append(_problem(doc, at.at("citations", i), "qa.citation",
                                    f"`{citation['ref']}` is no legal document of the repository ({target}); "
                                    "write site/legal/slug, or write the citation out"))
        elif qa.get("citation_required"):
            missing = [ELEMENT_NAMES[x] for x in CITATION_ELEMENTS if x not in citation]
            if missing:
                out.append(_problem(doc, at.at("citations", i), "qa.citation",
                                    f"the profile ({profile.id}) wants every document cited exactly (004 Đ9.4): "
                                    f"add {', '.join(missing)}"))
    if qa.get("citation_required") and state_of(values) == "answered" and not cited:
        out.append(_problem(doc, at.at("history", len(steps) - 1), "qa.citation",
                            f"the profile ({profile.id}) wants the legal documents an answer relies on cited by "
                            "number, symbol, abstract, date and issuer: add `citations:`"))
    return out


def qa_problems(documents: list[Document], config: Config) -> list[Diagnostic]:
    """Every rule above, over the loaded items (drafts too: they will be published)."""
    items = sorted((d for d in documents if d.type == "qa"), key=lambda d: d.path)
    legal_ids = {d.id for d in documents if d.type == "legal"}
    sources = {d.id: d for d in items if d.lang == "vi"}
    out: list[Diagnostic] = []
    seen: dict[str, Document] = {}
    for doc in items:
        at = _Locator(config.root, doc)
        code = doc.values["ticket"]
        if doc.lang != "vi":
            source = sources.get(doc.id)
            if source is not None and source.values["ticket"] != code:
                out.append(_problem(doc, at.at("ticket"), "qa.ticket",
                                    f"a translation keeps its source's ticket, `{source.values['ticket']}`"))
        else:
            first = seen.setdefault(code, doc)
            if first is not doc:
                out.append(_problem(doc, at.at("ticket"), "qa.ticket-duplicate",
                                    f"ticket `{code}` is also the ticket of {first.path} (line "
                                    f"{first.lines.get('ticket', 1)}); every question has its own code"))
        out += _own_rules(doc, at) + _profile_rules(doc, at, config.province.profile, legal_ids)
        out += _due_beyond_rule(doc, at, config)
    return out


def _due_beyond_rule(doc: Document, at: _Locator, config: Config) -> list[Diagnostic]:
    """``qa.due-beyond-rule``: a `due` later than the regulation's date, with no progress notice: the
    answer is due on the regulation's date all the same (``current_due``), and the item says so."""
    stated = doc.values.get("due")
    if doc.lang != "vi" or stated is None or promised_due(doc.values) is not None or not is_open(doc.values):
        return []  # (a closed question's `due` is history: its answer is judged by the report)
    legal = rule_due(doc.values, config.province.profile.data, config.province.calendar)
    if legal is None or stated <= legal:
        return []
    where = at.at("due")
    return [warning(doc.path, where[0], "qa.due-beyond-rule",
                    f"`due: {stated.isoformat()}` is later than the regulation allows ({legal.isoformat()}, "
                    f"{qa_amount(config.province.profile.data, doc.values)} working days from receipt): the answer is "
                    f"due on {legal.isoformat()}; only a progress notice with the answer's date moves it "
                    "(history: progress_notice, promised)", where[1])]


def promised_due(values: dict[str, Any]):
    """The date the progress notices promised the answer by; None without a notice. A later notice moves
    it only if it came while the promise before it still stood: one sent after that date had passed
    does not excuse the promise broken."""
    promised = None
    for step in values.get("history") or ():
        if step["state"] != "progress_notice":
            continue
        if promised is not None and _day(step["at"]) > promised:
            break
        promised = step["promised"]
    return promised


def _day(moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def current_due(values: dict[str, Any], rule_due: dt.date | None = None):
    """The answer's due date: the last progress notice's promise, else the earlier of `due` as the item
    states it and the regulation's date ``rule_due``: only a notice moves the date the rule sets (the
    answer, or a notice with the answer's date, within the period: 000 Đ9.6.b)."""
    promised = promised_due(values)
    if promised is not None:
        return promised
    stated = values.get("due")
    if stated is None or rule_due is None:
        return stated if stated is not None else rule_due
    return min(stated, rule_due)


def rule_due(values: dict[str, Any], profile_data: dict[str, Any], cal: WorkCalendar) -> dt.date | None:
    """The day the regulation gives a question's answer, counted from receipt (``question_due``)."""
    amount = qa_amount(profile_data, values)
    return add_working_days(cal, values["received_at"], amount) if amount else None


def qa_amount(profile_data: dict[str, Any], values: dict[str, Any]) -> int | None:
    """The working days a question has for its answer: its competence category's length in the
    profile's `qa.deadlines`, else the `default` category's, else the `qa` rule of `deadlines`."""
    rules = (profile_data.get("qa") or {}).get("deadlines") or ()
    for category in (values.get("competence"), "default"):
        rule = next((r for r in rules if category and r.get("category") == category), None)
        if rule is not None and rule.get("unit") == "working_days" and rule.get("amount"):
            return rule["amount"]
    rule = (profile_data.get("deadlines") or {}).get("qa") or {}
    return rule.get("amount") if rule.get("unit") == "working_days" else None


def question_due(values: dict[str, Any], profile_data: dict[str, Any], cal: WorkCalendar) -> dt.date | None:
    """The day an open question's answer is due: as the item states it (a progress notice's promise,
    else `due`), else counted from receipt in the province's working-day calendar by the profile's
    length for its category (the day after receipt is the first; under a clock that starts at 08:00
    of the next working day, that day is the first all the same)."""
    return current_due(values, rule_due(values, profile_data, cal))


def is_open(values: dict[str, Any]) -> bool:
    return state_of(values) not in ENDS
