"""Items' states on the build's day (``ContentType.state``): for pages, listings, records and home
blocks, and the warnings a state asks of the editor (a closed draft without its summary)."""
from __future__ import annotations

from ..core.diagnostics import Diagnostic, warning
from ..model.content_types import CONTENT_TYPES
from ..model.type_spec import ItemState
from .documents import Document
from .index import ContentIndex


def state_of(doc: Document, index: ContentIndex) -> ItemState | None:
    """The item's state on the index's day, or None for a type without states."""
    state = CONTENT_TYPES[doc.type].state
    return state(doc.values, index.today) if state is not None else None


def state_view(doc: Document, index: ContentIndex) -> dict | None:
    """What a page or a listing shows of a state: its code and the label in the item's language."""
    state = state_of(doc, index)
    if state is None:
        return None
    return {"code": state.code, "label": state.label[0 if doc.lang == "vi" else 1]}


def state_record(doc: Document, index: ContentIndex) -> dict | None:
    """The state in the item's JSON record: code, the day it holds for, and its facts."""
    state = state_of(doc, index)
    if state is None:
        return None
    return {"code": state.code, "as_of": index.today.isoformat(), "label": state.label[0 if doc.lang == "vi" else 1],
            **dict(state.facts)}


def on_home(doc: Document, index: ContentIndex) -> bool:
    state = state_of(doc, index)
    return state is None or state.on_home


def state_problems(index: ContentIndex) -> list[Diagnostic]:
    """Warnings the states of the public items ask for on this day, each at its key's line."""
    problems = []
    for doc in index.docs.values():
        state = state_of(doc, index)
        if state is not None and state.problem is not None and doc.status == "published":
            key, code, message = state.problem
            problems.append(warning(doc.path, doc.lines.get(key, 1), code, message))
    return problems
