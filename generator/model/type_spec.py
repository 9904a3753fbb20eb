"""What a content type is: its fields and how its items are dated, summarised, shown and checked.

A type is declared once (``generator/model/types/``, assembled in ``content_types.py``): fields
(name, coercer, required, help, label), the URL segment per language, the sort order and page
size, which field dates an item and which summarises it, whether it is in the feed, whether the
portal aggregates the component sites' items, which fields its page shows as a table of facts,
and cross-field checks. Pages, listings, feeds,
search, JSON records, ``build.py new`` and the JSON Schema all read the declaration, so a new
type needs no code elsewhere: a declaration, and a layout only when the generic one
(``layouts/item.html``) is not enough.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, Callable

from ..core import fields as f
from ..core.diagnostics import Diagnostic

STATUSES = ("published", "draft", "withdrawn", "removed")

# A cross-field check of one item: (values, lines of each key, path) → problems. It sees the
# coerced values of the item's own file only (it runs in the cached parse), never other files.
Check = Callable[[dict[str, Any], dict[str, int], str], list[Diagnostic]]
# What a type's items add to their views, on pages and in listings: (values, language, the build's
# day) → entries, e.g. change notices in words and a `mark` listings show ("Mới sửa đổi").
ExtraView = Callable[[dict[str, Any], str, dt.date], dict[str, Any]]


@dataclass(frozen=True)
class ItemState:
    """What an item is on the build's day (``--now``), derived from its own dates: a draft open for
    comment, or closed. Pages, listings and the JSON record show it; the home page's block of the
    type shows only items whose state is ``on_home``."""
    code: str                                   # stable, for machines and styles: upcoming, open, closed
    label: tuple[str, str]                      # (vi, en) as a reader sees it: "Đang lấy ý kiến, còn 12 ngày"
    on_home: bool = True
    facts: tuple[tuple[str, Any], ...] = ()     # more for the JSON record: (("days_left", 12),)
    problem: tuple[str, str, str] | None = None  # (key, code, message): a warning to the editor on this day


# An item's state on a day: (values, the day) → ItemState.
State = Callable[[dict[str, Any], dt.date], ItemState]
# What makes an item news again after its date, for the feed: (values, language) → (the day, what
# happened in words) or None, e.g. a procedure's latest change notice (004 Đ10.2).
FeedNews = Callable[[dict[str, Any], str], tuple[dt.date, str] | None]
# A rule an item follows under the province's profile: (values, lines of each key, path, language,
# profile) → problems. Unlike a Check it runs on every build, over the loaded items (the profile is
# no part of the parse cache's key): build/profile_rules.py.
ProfileCheck = Callable[[dict[str, Any], dict[str, int], str, str, Any], list[Diagnostic]]


# The groups of the site's menu, in order (vi, en): each type names its own (`ContentType.menu_group`).
MENU_GROUPS: dict[str, tuple[str, str]] = {
    "news": ("Tin tức", "News"),
    "documents": ("Văn bản", "Documents"),
    "disclosure": ("Công khai", "Disclosure"),
    "interaction": ("Tương tác", "Take part"),  # the citizens' forms are listed here too
    "about": ("Giới thiệu", "About"),
}


@dataclass(frozen=True)
class Field:
    name: str
    coerce: f.Coercer
    required: bool = False
    help: str = ""
    label: tuple[str, str] = ("", "")  # (Vietnamese, English) for pages and tables
    file: bool = False                 # names files beside the item (or in content/<site>/files/)
    scan_personal: bool = False        # scanned for ID numbers, phones, e-mails (build/personal_data.py)
    scan_names: bool = False           # an asker's own words: a person named with an honorific is warned of


@dataclass(frozen=True)
class NewItem:
    """What `build.py new` writes for a type whose file name or stubs follow from its fields
    (`ContentType.new_item(title, now)`): the file's slug and its year folder (None: from the title
    and the day), and the front-matter lines of some fields (the other required ones get the
    generic stubs); a field not required may be stubbed too, when a choice makes it required."""
    slug: str | None = None
    year: int | None = None
    lines: dict[str, tuple[str, ...]] = _field(default_factory=dict)


@dataclass(frozen=True)
class ContentType:
    name: str
    label: tuple[str, str]          # (vi, en) plural heading
    segment: tuple[str, str]        # URL segment (vi, other languages)
    fields: tuple[Field, ...]
    sort: str = "date"              # "date" (newest first) or "order"
    page_size: int = 20
    dated_folder: bool = True       # content/<site>/<type>/<yyyy>/<slug>.md
    home_count: int = 5
    date_field: str | None = "date"        # the item's date: sorting, listings, the feed, search
    summary_field: str | None = "summary"  # the sentence listings and search results show
    feed: bool | Callable[[dict[str, Any]], bool] = False  # in the site's Atom feed (or: which items are)
    rows: tuple[str, ...] = ()             # fields shown as the page's table of facts, in order
    checks: tuple[Check, ...] = ()         # cross-field rules, e.g. a period that ends before it starts
    extra_view: ExtraView | None = None    # what its items add to their views (pages, listings)
    search_text: Callable[[dict[str, Any]], tuple[str, ...]] | None = None  # more text the site search indexes
    new_item: Callable[[str, Any], NewItem] | None = None  # `build.py new`, when stubs of required fields are not enough
    group_by: str | None = None            # a choice field: listings show its groups, in its order, under headings
    state: State | None = None             # the item's state on the build's day (see ItemState)
    home_label: tuple[str, str] | None = None  # the home block's heading (vi, en) when not `label`
    # The body is scanned for personal data too (build/personal_data.py), or, for a type whose
    # bodies publish citizens' words only in some kinds, which items' bodies are (a directive's
    # responses to petitions and to the press).
    scan_body: bool | Callable[[dict[str, Any]], bool] = False
    body_required: bool = False            # the text below the front matter is the item (a page): never empty
    body_under: int = 1                    # the level of the page's heading the text comes under (a Q&A answer: 2)
    # The portal lists the component sites' items of this type too (those it may show: `syndicate`
    # where the profile asks), each naming its site: in its listing, home block, feed and lookups
    # (build/aggregate.py). False for what belongs to one site alone: its pages, people, schedule.
    aggregate: bool = False
    feed_news: FeedNews | None = None      # the feed orders and dates an item by its latest news, when it has one
    hooks: str = ""                        # the build's pages and context beyond the generic ones, by name:
                                           # build/types/planning.py PLAN_HOOKS, build/types/rendering.py RENDER_HOOKS
    profile_checks: tuple[ProfileCheck, ...] = ()  # rules that need the profile (see ProfileCheck)
    menu_group: str = ""                   # its group in the site's menu, a key of MENU_GROUPS
    # Why a profile publishes no item of this type (the Công báo, where the profile links to it), or
    # None: `build.py new` refuses to stub one (build/profile_rules.unpublished_type).
    unpublished: Callable[[Any], str | None] | None = None

    def field(self, name: str) -> Field | None:
        return next((x for x in self.fields if x.name == name), None)

    @property
    def file_fields(self) -> tuple[str, ...]:
        return tuple(x.name for x in self.fields if x.file)

    @property
    def scanned_fields(self) -> tuple[str, ...]:
        return tuple(x.name for x in self.fields if x.scan_personal)

    @property
    def name_fields(self) -> tuple[str, ...]:
        return tuple(x.name for x in self.fields if x.scan_names)

    def scans_body(self, values: dict[str, Any]) -> bool:
        return self.scan_body(values) if callable(self.scan_body) else self.scan_body

    def in_feed(self, values: dict[str, Any]) -> bool:
        return self.feed(values) if callable(self.feed) else self.feed

    def news_of(self, values: dict[str, Any], lang: str) -> tuple[dt.date, str] | None:
        return self.feed_news(values, lang) if self.feed_news is not None else None

    def date_of(self, values: dict[str, Any]):
        return values.get(self.date_field) if self.date_field else None

    def summary_of(self, values: dict[str, Any]) -> str:
        return (values.get(self.summary_field) or "") if self.summary_field else ""


def _some(coerce: f.Coercer) -> f.Coercer:
    """A list that must name at least one thing: `files: []` is as missing as no key."""
    def check(node):
        found = coerce(node)
        if not found:
            raise f.FieldError("is an empty list; name at least one file", node, "field.required")
        return found
    check.__name__ = coerce.__name__
    return check


def files(help: str, label: tuple[str, str] = ("Tệp đính kèm", "Files"), name: str = "files",
          required: bool = False) -> Field:
    """A list of files beside the item, published with it and listed on its page; a required one
    names at least one file."""
    return Field(name, _some(f.list_of(f.text)) if required else f.list_of(f.text), required, help, label, file=True)


COMMON = (
    Field("title", f.text, True, "the headline or name", ("Tiêu đề", "Title")),
    Field("status", f.enum(*STATUSES), False,
          "published (default), draft (never built), withdrawn (no longer current: kept under a banner, "
          "out of listings and search) or removed (taken down by `build.py takedown`: gone from every "
          "output, its addresses answer 410 Gone)"),
    Field("publish_at", f.datetime, False, "publish only at or after this moment"),
    Field("tags", f.list_of(f.text), False, "topics", ("Chủ đề", "Tags")),
    Field("author", f.text, False, "who wrote it", ("Tác giả", "Author")),
    Field("source", f.text, False, "where it comes from", ("Nguồn", "Source")),
    Field("sample", f.boolean, False, "true for invented example content"),
    Field("change_note", f.text, False,
          "what a major change changed (shown under Lịch sử cập nhật); leave it out for a minor edit"),
    Field("translate", f.list_of(f.text), False,
          "languages this Vietnamese item must be translated into: [en] (listed by `check --todo`)"),
    Field("translation_of", f.text, False,
          "in a translation: `<source id>@<commit>` it was made from (written by `build.py translate`)"),
    Field("syndicate", f.boolean, False,
          "show this component-site item on the portal (needs a portal approver where the profile says so)"),
    Field("classification", f.classification, False,
          "public (the default): the only level published; a state-secret level (mat, toi_mat, tuyet_mat) "
          "is refused, it never belongs here (requirements.md §3.6)"),
    Field("not_personal", f.list_of(f.text), False,
          "exact strings the personal-data scan takes for an ID or phone number but the editor confirms "
          "are not personal data (a 9-digit file number: [\"123456789\"]); everything else is still checked"),
    Field("contributor_unit", f.text, False,
          "the unit that supplied the item, for royalty (nhuận bút) reports", ("Đơn vị cung cấp", "Supplied by")),
    Field("deadline_rule", f.text, False,
          "the profile's publication deadline that governs this item when it is not its type's own, by the "
          "rule's name in the profile's `deadlines` (a news item disseminating a law: `dissemination`); "
          "`build.py report` and `check` measure the item against it"),
)
