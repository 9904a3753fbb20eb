"""What types add to their pages, by the name a type declares (``ContentType.hooks``)."""
from __future__ import annotations

from ...model.type_spec import ContentType
from . import draft_pages, qa_pages, schedule_pages
from .hook_spec import RenderHooks

RENDER_HOOKS: dict[str, RenderHooks] = {
    "": RenderHooks(),  # the generic type: its view, its facts, its layout
    "week": RenderHooks(  # the work schedule: a week's table, the current week, the index of weeks, the home block
        item=schedule_pages.item_context, home=schedule_pages.home_context, record=schedule_pages.record,
        html=schedule_pages.HTML, sitemap=("schedule_current", "schedule_weeks")),
    "questions": RenderHooks(  # Q&A: a question's ticket and history, the section's hub, lookup, by field, by state
        item=qa_pages.item_context, listing=qa_pages.list_context, html=qa_pages.HTML, data=qa_pages.DATA,
        sitemap=("qa_field", "qa_state")),
    "comment": RenderHooks(item=draft_pages.item_context),  # drafts: state, summary, the comment form while open
}
# Every kind of page the types add, for the renderer's tables and the sitemap.
HOOK_HTML_PAGES = {kind: fill for hooks in RENDER_HOOKS.values() for kind, fill in hooks.html.items()}
HOOK_DATA_PAGES = {kind: fill for hooks in RENDER_HOOKS.values() for kind, fill in hooks.data.items()}
SITEMAP_KINDS = tuple(kind for hooks in RENDER_HOOKS.values() for kind in hooks.sitemap)


def render_hooks(ctype: ContentType) -> RenderHooks:
    return RENDER_HOOKS[ctype.hooks]
