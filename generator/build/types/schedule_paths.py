"""The addresses of the work schedule's own pages; like ``qa_paths``, it knows nothing of ``plan``."""
from __future__ import annotations

from ...model.content_types import CONTENT_TYPES
from .hook_spec import PageSpec


def _base(type_name: str, lang: str) -> str:
    return CONTENT_TYPES[type_name].segment[0 if lang == "vi" else 1] + "/"


def _page(lang: str, number: int) -> str:
    return "" if number == 1 else f"{'trang' if lang == 'vi' else 'page'}/{number}/"


def weeks_path(lang: str, number: int = 1, type_name: str = "schedule") -> str:
    """The index of a site's published weeks of its work schedule, newest first; the type's own
    address (its listing's) shows the current week."""
    return f"{_base(type_name, lang)}{'cac-tuan' if lang == 'vi' else 'weeks'}/" + _page(lang, number)


def week_listing(type_name: str, lang: str, total: int) -> list[PageSpec]:
    """The work schedule's pages instead of a numbered listing: the current week at the type's
    address, and the index of weeks."""
    return [PageSpec(_base(type_name, lang), "schedule_current"),
            *(PageSpec(weeks_path(lang, n, type_name), "schedule_weeks", n, total) for n in range(1, total + 1))]
