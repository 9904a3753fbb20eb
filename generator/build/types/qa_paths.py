"""The addresses of the Q&A section's own pages, and which of them an edition has.

Beside the listing and the items (planned like any type's): the ticket lookup (``/hoi-dap/tra-cuu/``,
``/qa/lookup/``) and its files, one a year, so that ten years of questions are never one download:
a ticket's code carries the year it was received (HD-2026-000123), the lookup's script reads that
year's JSON file (``/hoi-dap/tra-cuu/2026.json``), and without JavaScript a page per year lists
that year's tickets (``/hoi-dap/tra-cuu/2026/``; the lookup itself lists the latest year's and links
the others); ``index.json`` names the years and their files. Then the questions by field
(``/hoi-dap/linh-vuc/…/``) and by state (``/hoi-dap/tinh-trang/…/``), 20 a page. ``plan.plan_edition`` turns the specs
(``planning.PLAN_HOOKS``) into pages; this module knows nothing of ``plan`` so that ``plan`` may ask it.
"""
from __future__ import annotations

from ...core.textcheck import slugify_vi
from ...model.content_types import CONTENT_TYPES
from ...model.types.qa import STATES, state_of
from ..index import ContentIndex
from .hook_spec import PageSpec


def _segment(lang: str) -> str:
    return CONTENT_TYPES["qa"].segment[0 if lang == "vi" else 1]


def _slot(lang: str, vi: str, other: str) -> str:
    return vi if lang == "vi" else other


def _page_suffix(lang: str, number: int) -> str:
    return "" if number == 1 else f"{_slot(lang, 'trang', 'page')}/{number}/"


def ticket_year(code: str) -> str:
    """The year a ticket was received, from its code (the type's pattern: HD-2026-000123)."""
    return code.split("-")[1]


def lookup_path(lang: str, year: str = "") -> str:
    """The ticket lookup: /hoi-dap/tra-cuu/ (/qa/lookup/), or the page of one year's tickets
    /hoi-dap/tra-cuu/2026/; ?ma=HD-2026-000123 shows one ticket."""
    return f"{_segment(lang)}/{_slot(lang, 'tra-cuu', 'lookup')}/" + (f"{year}/" if year else "")


TICKETS_FILE = "{year}.json"  # beside the lookup; its script puts the code's year in


def tickets_path(lang: str, year: str) -> str:
    """The JSON file of one year's tickets: ticket code → state, due date, answer."""
    return lookup_path(lang) + TICKETS_FILE.format(year=year)


def years_path(lang: str) -> str:
    """The JSON file that names the years of tickets and each year's file."""
    return lookup_path(lang) + "index.json"


def state_slug(state: str, lang: str) -> str:
    return slugify_vi(STATES[state][0]) if lang == "vi" else state.replace("_", "-")


def field_path(field: str, lang: str, number: int = 1) -> str:
    return (f"{_segment(lang)}/{_slot(lang, 'linh-vuc', 'fields')}/{slugify_vi(field) or 'khac'}/"
            + _page_suffix(lang, number))


def state_path(state: str, lang: str, number: int = 1) -> str:
    return f"{_segment(lang)}/{_slot(lang, 'tinh-trang', 'status')}/{state_slug(state, lang)}/" + _page_suffix(
        lang, number)


def _paged(kind: str, key: str, count: int, path_of) -> list[PageSpec]:
    total = max(1, -(-count // CONTENT_TYPES["qa"].page_size))
    return [PageSpec(path_of(n), kind, n, total, key) for n in range(1, total + 1)]


def qa_page_specs(site_id: str, lang: str, index: ContentIndex, is_portal: bool,
                  province_has_qa: bool) -> list[PageSpec]:
    """The Q&A pages of one edition: the lookup wherever questions are listed (on the portal, as soon
    as any site of the province lists one), and a listing per field and per state of its own."""
    items = index.items(site_id, lang, "qa")
    specs: list[PageSpec] = []
    if items or (is_portal and province_has_qa):
        known = ([d for (_, lang_, type_), docs in index.listed.items() if lang_ == lang and type_ == "qa" for d in docs]
                 if is_portal else items)  # the portal's lookup knows every site's tickets (qa_pages.lookup_documents)
        years = sorted({ticket_year(d.values["ticket"]) for d in known}, reverse=True)
        specs += [PageSpec(lookup_path(lang), "qa_lookup"), PageSpec(years_path(lang), "qa_years")]
        for year in years:
            specs += [PageSpec(lookup_path(lang, year), "qa_lookup", key=year),
                      PageSpec(tickets_path(lang, year), "qa_tickets", key=year)]
    fields: dict[str, list[str]] = {}
    states: dict[str, int] = {}
    for doc in items:
        fields.setdefault(slugify_vi(doc.values["field"]) or "khac", []).append(doc.values["field"])
        states[state_of(doc.values)] = states.get(state_of(doc.values), 0) + 1
    for slug in sorted(fields):
        name = fields[slug][0]
        specs += _paged("qa_field", name, len(fields[slug]), lambda n, name=name: field_path(name, lang, n))
    for state in STATES:
        if state in states:
            specs += _paged("qa_state", state, states[state], lambda n, state=state: state_path(state, lang, n))
    return specs


def question_pages(type_name: str, site_id: str, lang: str, index: ContentIndex, is_portal: bool) -> list[PageSpec]:
    """``qa_page_specs``, knowing whether any site of the province lists questions in this language."""
    province_has_qa = any(key[1] == lang and key[2] == type_name for key in index.listed)  # the portal's lookup
    return qa_page_specs(site_id, lang, index, is_portal, province_has_qa)
