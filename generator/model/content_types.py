"""Every content type, declared in one place: ``generator/model/types/``, listed here in order.

A type is its fields (name, coercer, required, help), its URL segment per language, its sort
order and page size, its date and summary fields, its table of facts and its checks
(``type_spec.ContentType``). Adding a type is one declaration in ``types/`` and one line in
``ORDER`` below, plus a layout ``layouts/<name>.html`` only when the generic ``item.html`` is
not enough. The JSON Schema for editors' tools (``build.py schema``) is generated from the table.
"""
from __future__ import annotations

from .type_spec import COMMON, STATUSES, ContentType, Field  # noqa: F401 - the table's vocabulary
from .types import (
    disclosures,
    drafts,
    organisation,
    outreach,
    procedures,
    projects,
    publications,
    qa,
    schedule,
    science,
    statistics,
)

# The order of the menu, the home page's blocks and the listings.
ORDER: tuple[ContentType, ...] = (
    publications.NEWS, publications.LEGAL, publications.DIRECTIVE, organisation.PAGE, organisation.PERSON,
    schedule.SCHEDULE,
    projects.PROJECT, projects.BIDDING, projects.LAND,
    science.SCIENCE,
    statistics.STATISTICS,
    drafts.DRAFT,
    qa.QA,
    procedures.PROCEDURE, disclosures.PLAN, disclosures.FINANCE, disclosures.EPIDEMIC, disclosures.TREATY,
    disclosures.GAZETTE, outreach.STATEMENT, outreach.ENTERPRISE, outreach.UTILITY, outreach.ADVERTISEMENT,
)

CONTENT_TYPES: dict[str, ContentType] = {t.name: t for t in ORDER}
# Fields that are never required for a type because the type derives them.
DERIVED_DEFAULTS = {("legal", "title")}
# Fields naming files that must exist beside the item or under content/<site>/files/.
FILE_FIELDS = tuple(dict.fromkeys(name for t in ORDER for name in t.file_fields))
IMAGE_FIELDS = ("image", "photo")
# Fields that name other items (relation → its reverse, shown on the named item): not text to search
RELATIONS = {"replaces": "replaced_by", "amends": "amended_by"}

