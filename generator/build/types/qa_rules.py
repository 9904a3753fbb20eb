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

from pathlib import Path
from typing import Any

import yaml

from ...core.clock import VN_TZ
from ...core.diagnostics import Diagnostic, error
from ...core.front_matter import split
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
    return out


def current_due(values: dict[str, Any]):
    """The answer's due date as the item states it: the last progress notice's promise, else `due`."""
    for step in reversed(values.get("history") or ()):
        if step["state"] == "progress_notice":
            return step["promised"]
    return values.get("due")


def is_open(values: dict[str, Any]) -> bool:
    return state_of(values) not in ENDS
