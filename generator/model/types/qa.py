"""Questions and answers (Hỏi - Đáp): one item per question, followed by its public ticket code.

What the regulations ask of a question (requirements.md §1.2): it is received, classified and
forwarded to the competent unit (000/001 Đ9.6.a; 004 Đ9.3), answered within the profile's
deadline or given a progress notice naming the date of the answer (000/001 Đ9.6.b; 004 Đ9.4),
or declined at once when out of scope; complaints and denunciations are never taken
(000/001 Đ9.6.c; 004 Đ9.1). The answer comes from the head of the agency or someone they
authorised (004 Đ9.5; 003 Đ13.3); Cao Bằng wants every legal document used cited by number,
symbol, abstract, date and issuer (004 Đ9.4). Askers follow the state of their question
(000/001 Đ3.8.a; 003 Đ12.1.a), so a question is published from the day it is received.

The item never holds the asker's identity (004 Đ19): ``question`` is the text as the editorial
board publishes it, and it, the title and the history are scanned for personal data.

The workflow state is ``history``: the steps after receipt (``received_at``), each
``{state, at, note?, promised?, reason?, ground?}``; the current state is the last step's, or
``received``. The answer is the item's body (Markdown). Rules that need the profile or other
items (ticket codes unique in the province, competence categories, channels, citations, an
answer for an answered question) are checked by ``build/qa_rules.py``.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from ...core import fields as f
from ...core.fields import FieldError, key_text, shown
from ...core.personal_patterns import personal_key
from ..type_spec import COMMON, ContentType, Field, files

STATES: dict[str, tuple[str, str]] = {
    "received": ("Đã tiếp nhận", "Received"),
    "forwarded": ("Đã chuyển đơn vị có thẩm quyền", "Forwarded to the competent unit"),
    "in_progress": ("Đang xử lý", "In progress"),
    "progress_notice": ("Đã thông báo thời hạn trả lời", "Answer date notified"),
    "answered": ("Đã trả lời", "Answered"),
    "declined": ("Không tiếp nhận", "Declined"),
}
ENDS = ("answered", "declined")  # nothing follows these
GROUNDS: dict[str, tuple[str, str]] = {
    "out_of_scope": ("Không thuộc phạm vi của chuyên mục", "Outside the section's scope"),
    "complaint": ("Đơn thư khiếu nại", "A complaint"),
    "denunciation": ("Đơn thư tố cáo", "A denunciation"),
    "personal_matter": ("Nội dung mang tính chất cá nhân, không liên quan đến quản lý nhà nước",
                        "A personal matter unrelated to state management"),
}
CHANNELS: dict[str, tuple[str, str]] = {  # the kinds a profile's `qa.channels` may name
    "section": ("Chuyên mục Hỏi - Đáp", "The Q&A section"),
    "email": ("Thư điện tử", "E-mail"),
    "address": ("Thư gửi đến địa chỉ tiếp nhận", "Letter to the receiving address"),
    "zalo": ("Zalo", "Zalo"),
    "facebook": ("Facebook", "Facebook"),
    "phone": ("Điện thoại", "Phone"),
    "in_person": ("Trực tiếp", "In person"),
}
COMPETENCE: dict[str, tuple[str, str]] = {  # Thái Nguyên's categories (003 Đ13.4), where a profile has them
    "own": ("Thuộc thẩm quyền giải quyết", "Within the agency's own competence"),
    "inter_agency": ("Cần phối hợp liên ngành", "Needs inter-agency coordination"),
    "special": ("Trường hợp đặc biệt cần nghiên cứu", "A special case needing study"),
}
TICKET = re.compile(r"[A-Z]{1,6}-(\d{4})-\d{3,8}")
CITATION_ELEMENTS = ("number", "symbol", "abstract", "date", "issuer")


def ticket(node: yaml.Node) -> str:
    """The public ticket code: a prefix, the year received, a number (HD-2026-000123)."""
    raw = f.text(node)
    if not TICKET.fullmatch(raw):
        raise FieldError(f"`{shown(raw)}` is not a ticket code; write the prefix, the year and the number: "
                         "HD-2026-000123", node, "qa.ticket")
    return raw


ticket.schema = {"type": "string", "pattern": "^[A-Z]{1,6}-[0-9]{4}-[0-9]{3,8}$"}  # type: ignore[attr-defined]


def _entries(node: yaml.Node, what: str) -> list[tuple[yaml.MappingNode, dict[str, yaml.Node]]]:
    """A list of small mappings, their keys read as text; personal keys refused as such."""
    if not isinstance(node, yaml.SequenceNode):
        raise FieldError(f"expected a list of {what}, one `- key: value` entry each", node)
    out = []
    for entry in node.value:
        if not isinstance(entry, yaml.MappingNode):
            raise FieldError(f"each entry is a mapping of a {what[:-1]}: `- {{state: …, at: …}}`", entry)
        keys: dict[str, yaml.Node] = {}
        for key, value in entry.value:
            name = key_text(key)
            if personal_key(name) and name not in keys:
                raise FieldError(f"`{shown(name)}` would hold personal data, which never enters the repository: "
                                 "keep it in the intake system", key, "personal.key")
            keys[name] = value
        out.append((entry, keys))
    return out


def _unknown(keys: dict[str, yaml.Node], allowed: tuple[str, ...], what: str) -> None:
    for name, value in keys.items():
        if name not in allowed:
            raise FieldError(f"unknown key `{shown(name)}` in {what}; use {', '.join(allowed)}", value,
                             "field.unknown")


STEP_KEYS = ("state", "at", "note", "promised", "reason", "ground")


def history(node: yaml.Node) -> tuple[dict[str, Any], ...]:
    """The steps after receipt, in order; each is checked here, at its own line."""
    steps: list[dict[str, Any]] = []
    for entry, keys in _entries(node, "steps"):
        _unknown(keys, STEP_KEYS, "a step of the history")
        if "state" not in keys:
            raise FieldError(f"a step needs `state`: one of {', '.join(STATES)}", entry, "field.required")
        state = f.enum(*STATES)(keys["state"])
        if state == "received":
            raise FieldError("`received` is not written in the history: the receipt is `received_at`; the history "
                             "lists the steps after it", keys["state"], "qa.history")
        if "at" not in keys:
            raise FieldError("a step needs `at`, the date and time it happened", entry, "field.required")
        step: dict[str, Any] = {"state": state, "at": f.datetime(keys["at"])}
        if steps and steps[-1]["state"] in ENDS:
            raise FieldError(f"a question that is {steps[-1]['state']} has no later step; remove this one",
                             keys["state"], "qa.history")
        if steps and step["at"] < steps[-1]["at"]:
            raise FieldError("this step is dated before the one above it; the history is written in the order "
                             "things happened", keys["at"], "qa.history")
        for name in ("note", "reason"):
            if name in keys:
                step[name] = f.text(keys[name])
        if "promised" in keys:
            if state != "progress_notice":
                raise FieldError("`promised` belongs to a `progress_notice` step", keys["promised"], "qa.history")
            step["promised"] = f.date(keys["promised"])
            if step["promised"] < step["at"].date():
                raise FieldError("the promised date is before the notice itself", keys["promised"], "qa.history")
        elif state == "progress_notice":
            raise FieldError("a progress notice states the date the answer is promised for: add `promised: "
                             "2026-04-10` (000/001 Đ9.6.b; 004 Đ9.4)", entry, "qa.promised")
        if "ground" in keys or "reason" in keys:
            if state != "declined":
                at = keys.get("ground") or keys["reason"]
                raise FieldError("`reason` and `ground` belong to a `declined` step", at, "qa.history")
            if "ground" in keys:
                step["ground"] = f.choice(GROUNDS)(keys["ground"])
        if state == "declined" and "reason" not in keys:
            raise FieldError("a declined question says why: add `reason:` (and `ground: out_of_scope`, "
                             "`complaint`, `denunciation` or `personal_matter`)", entry, "qa.reason")
        steps.append(step)
    return tuple(steps)


history.schema = {  # type: ignore[attr-defined]
    "type": "array", "items": {
        "type": "object", "required": ["state", "at"], "additionalProperties": False,
        "properties": {"state": {"enum": [s for s in STATES if s != "received"]},
                       "at": {"type": "string", "format": "date-time"}, "note": {"type": "string"},
                       "promised": {"type": "string", "format": "date"}, "reason": {"type": "string"},
                       "ground": {"enum": list(GROUNDS)}}}}


def citations(node: yaml.Node) -> tuple[dict[str, Any], ...]:
    """Legal documents the answer relies on: a legal item of the repository (`ref`), or written out
    (`number`, `symbol`, `abstract`, `date`, `issuer`)."""
    out: list[dict[str, Any]] = []
    for entry, keys in _entries(node, "citations"):
        _unknown(keys, ("ref", *CITATION_ELEMENTS), "a citation")
        if "ref" in keys:
            if len(keys) > 1:
                raise FieldError("a citation is either `ref:` (a legal item of the repository, whose page gives "
                                 "the rest) or written out; not both", entry, "qa.citation")
            out.append({"ref": f.ref(keys["ref"])})
            continue
        if "number" not in keys and "abstract" not in keys:
            raise FieldError("a citation needs at least `number` (số) or `abstract` (trích yếu); write "
                             "number, symbol, abstract, date and issuer", entry, "qa.citation")
        cited: dict[str, Any] = {name: f.text(keys[name]) for name in CITATION_ELEMENTS
                                 if name in keys and name != "date"}
        if "date" in keys:
            cited["date"] = f.date(keys["date"])
        out.append(cited)
    return tuple(out)


citations.schema = {  # type: ignore[attr-defined]
    "type": "array", "items": {"type": "object", "additionalProperties": False, "properties": {
        "ref": {"type": "string", "pattern": "^[a-z0-9][a-z0-9/-]*$"}, "number": {"type": "string"},
        "symbol": {"type": "string"}, "abstract": {"type": "string"},
        "date": {"type": "string", "format": "date"}, "issuer": {"type": "string"}}}}


def state_of(values: dict[str, Any]) -> str:
    """The current state: the last step's, or `received`."""
    steps = values.get("history") or ()
    return steps[-1]["state"] if steps else "received"


def _answered(values: dict[str, Any]) -> bool:
    """Answered questions go to the feed: a new answer is news to readers; a question received is not."""
    return state_of(values) == "answered"


def summary_view(values: dict[str, Any], lang: str, today) -> dict[str, Any]:
    """What a question shows in listings where a document shows its number and effect: its ticket and state."""
    state = state_of(values)
    return {"code": values["ticket"], "effect": {"code": f"qa-{state}", "label": STATES[state][0 if lang == "vi" else 1]}}


def _title_scanned() -> tuple[Field, ...]:
    return tuple(dataclasses.replace(x, scan_personal=True, scan_names=True) if x.name == "title" else x
                 for x in COMMON)


QA = ContentType(
    "qa", ("Hỏi - Đáp", "Questions and answers"), ("hoi-dap", "qa"),
    _title_scanned() + (
        Field("ticket", ticket, True, "mã phiếu công khai: HD-2026-000123 (prefix, year received, number); "
              "unique in the province", ("Mã phiếu", "Ticket")),
        Field("received_at", f.datetime, True, "ngày giờ tiếp nhận câu hỏi",
              ("Thời điểm tiếp nhận", "Received")),
        Field("channel", f.choice(CHANNELS), True, "kênh tiếp nhận: " + ", ".join(CHANNELS) + " (one the "
              "profile's `qa.channels` names)", ("Kênh tiếp nhận", "Received through")),
        Field("question", f.text, True, "câu hỏi as the editorial board publishes it; never the asker's name, "
              "ID number, phone, address or e-mail", ("Câu hỏi", "Question"), scan_personal=True, scan_names=True),
        Field("field", f.text, True, "lĩnh vực: Đất đai, Xây dựng, …", ("Lĩnh vực", "Field")),
        Field("competence", f.choice(COMPETENCE), False, "own, inter_agency or special, where the profile sorts "
              "questions so (Thái Nguyên)", ("Phân loại", "Category")),
        Field("assigned_unit", f.text, False, "đơn vị được giao trả lời; required once forwarded",
              ("Đơn vị trả lời", "Answering unit")),
        Field("history", history, False, "the steps after receipt: - {state: forwarded|in_progress|progress_notice|"
              "answered|declined, at: 2026-03-05T08:30, note?, promised? (progress_notice), reason? and ground? "
              "(declined)}", ("Quá trình xử lý", "Progress"), scan_personal=True),
        Field("due", f.date, False, "hạn trả lời, a day as stated: 2026-03-25 (a progress notice's `promised` "
              "replaces it)",
              ("Hạn trả lời", "Answer due")),
        Field("answerer", f.text, False, "người trả lời: name and position; required once answered",
              ("Người trả lời", "Answered by")),
        Field("delegation", f.text, False, "the assignment or authorisation by the head of the agency that lets "
              "the answerer answer (004 Đ9.5; 003 Đ13.3)", ("Theo phân công, ủy quyền", "Authorised by")),
        Field("citations", citations, False, "văn bản được viện dẫn: - {number, symbol, abstract, date, "
              "issuer} or - {ref: site/legal/slug}", ("Văn bản được viện dẫn", "Legal documents cited")),
        files("files attached to the answer"),
    ),
    date_field="received_at", summary_field="question", feed=_answered, scan_body=True,
    rows=("ticket", "received_at", "channel", "field", "competence", "assigned_unit"),
    extra_view=summary_view, hooks="questions", body_under=2,  # the answer, under its h2 "Trả lời" (qa.html)
    menu_group="interaction",
    aggregate=True,
)
