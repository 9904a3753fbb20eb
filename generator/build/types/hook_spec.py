"""The shape of a type's hooks (``ContentType.hooks`` names one entry of each registry)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple


class PageSpec(NamedTuple):
    """A page a type adds to an edition's plan; ``plan.plan_edition`` makes it a ``Page`` of the type."""
    path: str
    kind: str      # its renderer in HTML_PAGES or DATA_PAGES: qa_lookup, schedule_weeks, …
    number: int = 1
    pages: int = 1
    key: str = ""  # e.g. the Q&A field's name, the state, or the year of the tickets (the lookup: "" for the latest)


@dataclass(frozen=True)
class PlanHooks:
    # (type, language, number of listing pages) → the pages that stand for the numbered listing
    listing: Callable[[str, str, int], list[PageSpec]] | None = None
    # (type, site, language, index, is the portal) → the type's own pages besides items and listing
    pages: Callable[[str, str, str, Any, bool], list[PageSpec]] | None = None


@dataclass(frozen=True)
class RenderHooks:
    item: Callable[[Any, dict, Any], None] | None = None   # (PageCall, context, Document): adds to its item page
    listing: Callable[[Any, dict], None] | None = None     # (PageCall, context): adds to its listing page
    home: Callable[[Any, str, str, Any], dict] | None = None  # (RenderInput, site, language, Linker) → home context
    record: Callable[[dict], dict] | None = None           # (values) → what its JSON record adds
    html: dict[str, Callable] = field(default_factory=dict)  # its own kinds of HTML page → renderer
    data: dict[str, Callable] = field(default_factory=dict)  # its own kinds of data page → renderer
    sitemap: tuple[str, ...] = ()                          # which of its own kinds of page the sitemap lists
