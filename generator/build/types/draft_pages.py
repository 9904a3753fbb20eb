"""A draft for public comment's page beyond its facts (``ContentType.hooks = "comment"``): its state
on the build's day, its files, the summary of comments, and the comment form while the period is
open, and only then (the forms themselves are ``interaction``'s)."""
from __future__ import annotations

import re

from ...model.content_types import CONTENT_TYPES
from ...model.forms import COMMENT
from ...model.i18n import format_moment
from .. import plan as p
from .. import views as v
from ..documents import Document
from ..interaction import form_view, personal_rule
from ..page_input import PageCall
from ..states import state_of, state_view


def draft_view(c: PageCall, doc: Document) -> dict:
    """A draft's page beyond its facts: its state, files, the summary of comments, and the comment
    form while the period is open (and only then)."""
    values, lang, link, col = doc.values, doc.lang, c.link, (0 if doc.lang == "vi" else 1)
    ctype = CONTENT_TYPES[doc.type]
    state = state_of(doc, c.ri.index)

    def label(key: str) -> str:
        return ctype.field(key).label[col]
    summary = values.get("comments_summary", "")

    def files(key: str) -> list[dict]:
        row = v.fact_row(doc, key, link)
        return row["files"] if row else []
    view = {
        "state": state_view(doc, c.ri.index), "files": files("draft_files"), "summary_files": files("summary_files"),
        "summary": [part.strip() for part in re.split(r"\n\s*\n", summary) if part.strip()],
        "count": values.get("comments_count"), "closes": format_moment(values["comment_close"], lang),
        "comment": None, "personal_rule": personal_rule(c.ri.config), "headings": {
            "files": label("draft_files"), "summary": label("comments_summary"), "count": label("comments_count"),
            "comment": COMMENT.title[col], "comment_intro": COMMENT.intro[col]},
    }
    if state is not None and state.code == "open":
        url = link.absolute(doc.site, lang, p.item_path(doc))
        view["comment"] = form_view(COMMENT, COMMENT.groups, c.site, c.ri.config, lang, "comment", url,
                                    (("draft", doc.id), ("draft_title", doc.title)),
                                    to=values["receiving_email"], about=doc.title)
    return view


def item_context(c: PageCall, ctx: dict, doc: Document) -> None:
    ctx["draft"] = draft_view(c, doc)
