"""What a Q&A page shows: the state and its history, the due date, the answer with who gave it
and on whose authority, the legal documents cited, and the profile's rules (disclaimer, scope,
deadline, channels). Plain dictionaries for the layouts (``layouts/qa*.html``) and for the
ticket lookup's JSON file.
"""
from __future__ import annotations

from typing import Any

from ...model.config import Profile
from ...model.content_types import CONTENT_TYPES
from ...model.i18n import format_moment, iso, words
from ...model.site_names import site_name
from ...model.types.qa import CHANNELS, COMPETENCE, GROUNDS, STATES, state_of
from .. import plan as p
from ..documents import Document
from ..index import ContentIndex, resolve_ref
from .qa_paths import field_path, lookup_path, state_path, ticket_year
from .qa_rules import is_open, question_due

UNITS = {"working_days": ("ngày làm việc", "working days"), "calendar_days": ("ngày", "days"),
         "office_hours": ("giờ làm việc", "office hours")}


def col(lang: str) -> int:
    return 0 if lang == "vi" else 1


def _moment(moment, lang: str) -> dict | None:
    return {"text": format_moment(moment, lang), "iso": iso(moment)} if moment is not None else None


def state_view(state: str, lang: str) -> dict:
    return {"code": state, "label": STATES[state][col(lang)]}


def deadline_rule(profile: Profile, values: dict[str, Any], lang: str) -> str:
    """The profile's deadline for answering this question, in words: "15 ngày làm việc kể từ khi tiếp
    nhận câu hỏi"; "" for a declined question, and where the profile states none for its category."""
    if state_of(values) == "declined":
        return ""
    category = values.get("competence") or "default"
    rule = next((d for d in (profile.get("qa") or {}).get("deadlines") or () if d.get("category") == category), None)
    if rule is None or rule.get("unit") not in UNITS or not rule.get("amount"):
        return ""
    text = f"{rule['amount']} {UNITS[rule['unit']][col(lang)]}"
    return text + (f" kể từ {rule['from']}" if lang == "vi" and rule.get("from") else "")


def profile_view(profile: Profile, lang: str) -> dict:
    """The profile's Q&A texts a page may show; each empty where the profile has none."""
    qa = profile.get("qa") or {}
    vi = lang == "vi"  # the profiles' texts are Vietnamese: shown on the Vietnamese edition
    return {"disclaimer": qa.get("disclaimer", "") if vi else "", "scope": qa.get("scope", "") if vi else "",
            "channels": [{"label": CHANNELS.get(c.get("kind"), (c.get("kind"), c.get("kind")))[col(lang)],
                          "value": c.get("value", "") if vi else "", "note": c.get("note", "") if vi else ""}
                         for c in qa.get("channels") or () if isinstance(c, dict)]}


def _step_view(step: dict, lang: str) -> dict:
    t = words(lang)
    view = dict(state_view(step["state"], lang), at=_moment(step["at"], lang), note=step.get("note", ""),
                reason=step.get("reason", ""), promised=_moment(step.get("promised"), lang), ground="",
                pointer="")
    if step["state"] == "declined":
        ground = step.get("ground", "out_of_scope")
        view["ground"] = GROUNDS[ground][col(lang)]
        view["pointer"] = t["qa_complaint_pointer"] if ground in ("complaint", "denunciation") else ""
    return view


def _citation_view(citation: dict, doc: Document, index: ContentIndex, link) -> dict:
    if "ref" in citation:
        target = index.get(resolve_ref(citation["ref"], doc), doc.lang) or index.get(
            resolve_ref(citation["ref"], doc), "vi")
        if target is None:  # a legal item not public now: named by its reference only
            return {"text": citation["ref"], "url": ""}
        v = target.values
        return {"text": _citation_text(v["number"], v["symbol"], v["abstract"], v["issued_date"],
                                       v["issuing_authority"], doc.lang),
                "url": link.url(target.site, target.lang, p.item_path(target))}
    return {"text": _citation_text(citation.get("number", ""), citation.get("symbol", ""),
                                   citation.get("abstract", ""), citation.get("date"), citation.get("issuer", ""),
                                   doc.lang), "url": ""}


def _citation_text(number: str, symbol: str, abstract: str, day, issuer: str, lang: str) -> str:
    """As Vietnamese writes a document's name: "Nghị định số 15/2021/NĐ-CP ngày 03 tháng 3 năm 2021 của
    Chính phủ: trích yếu" (the form of the document is part of the abstract)."""
    code = "/".join(x for x in (number, symbol) if x)
    parts = [("số " if lang == "vi" else "No. ") + code if code else ""]
    if day is not None:
        parts.append(format_moment(day, lang))
    if issuer:
        parts.append(("của " if lang == "vi" else "by ") + issuer)
    head = " ".join(x for x in parts if x)
    return f"{head}: {abstract}" if head and abstract else head or abstract


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def qa_item(doc: Document, link, index: ContentIndex, profile: Profile) -> dict:
    """Everything ``layouts/qa.html`` shows beyond the generic item."""
    values, lang = doc.values, doc.lang
    state = state_of(values)
    steps = [_step_view(s, lang) for s in values.get("history") or ()]
    received = dict(state_view("received", lang), at=_moment(values["received_at"], lang), note="", reason="",
                    promised=None, ground="", pointer="")
    answered = next((s for s in reversed(steps) if s["code"] == "answered"), None)
    declined = next((s for s in reversed(steps) if s["code"] == "declined"), None)
    return {
        "ticket": values["ticket"], "state": state_view(state, lang), "open": is_open(values),
        "question": _paragraphs(values["question"]), "history": [received, *steps],
        "due": _moment(question_due(values, profile.data, link.config.province.calendar), lang)
        if is_open(values) else None,
        "rule": deadline_rule(profile, values, lang),
        "competence": COMPETENCE[values["competence"]][col(lang)] if values.get("competence") else "",
        "answered": answered, "declined": declined,
        "answerer": values.get("answerer", ""), "delegation": values.get("delegation", ""),
        "citations": [_citation_view(c, doc, index, link) for c in values.get("citations") or ()],
        "field_url": link.url(doc.site, lang, field_path(values["field"], lang)),
        "state_url": link.url(doc.site, lang, state_path(state, lang)),
        "lookup_url": link.url(doc.site, lang, lookup_path(lang, ticket_year(values["ticket"])))
        + f"?ma={values['ticket']}#{values['ticket']}",
        **profile_view(profile, lang),
    }


def ticket_row(doc: Document, link) -> dict:
    """One ticket as the lookup's table and its JSON file show it."""
    values, lang = doc.values, doc.lang
    state = state_of(values)
    due = question_due(values, link.config.province.profile.data, link.config.province.calendar) \
        if is_open(values) else None
    steps = values.get("history") or ()
    site = link.config.sites[doc.site]
    return {
        "ticket": values["ticket"], "title": doc.title, "url": link.url(doc.site, lang, p.item_path(doc)),
        "state": state, "state_label": STATES[state][col(lang)], "field": values["field"],
        "received": format_moment(values["received_at"], lang), "received_iso": iso(values["received_at"]),
        "due": format_moment(due, lang) if due is not None else "", "due_iso": iso(due) if due is not None else "",
        "closed": format_moment(steps[-1]["at"], lang) if not is_open(values) else "",
        "reason": steps[-1].get("reason", "") if state == "declined" else "",
        "site_name": site_name(site, link.config.province.profile, lang),
        "type_label": CONTENT_TYPES["qa"].label[col(lang)],
    }
