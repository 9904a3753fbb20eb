"""What types add to an edition's plan, by the name a type declares (``ContentType.hooks``)."""
from __future__ import annotations

from ...model.type_spec import ContentType
from .hook_spec import PlanHooks
from .qa_paths import question_pages
from .schedule_paths import week_listing

PLAN_HOOKS: dict[str, PlanHooks] = {
    "": PlanHooks(),                                # the generic type: items and a numbered listing
    "week": PlanHooks(listing=week_listing),        # the work schedule: the current week, the index of weeks
    "questions": PlanHooks(pages=question_pages),   # Q&A: the ticket lookup, by field, by state
    "comment": PlanHooks(),                         # drafts for comment: planned like any type
}


def plan_hooks(ctype: ContentType) -> PlanHooks:
    return PLAN_HOOKS[ctype.hooks]
