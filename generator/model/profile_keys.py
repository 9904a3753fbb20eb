"""Every key a province profile may hold, declared once.

A profile (``generator/profiles/<name>.yaml``) is one province's rules from
requirements.md §6 as data. ``kind`` says how the loader checks the value:
``text``, ``date``, ``bool``, ``int``, ``list``, ``map``, or ``any`` (structured
data that later features read and validate themselves). ``check``, when given, is the
coercer that reads the value instead: what becomes a host, a language or an address in the
output is checked as such (``site_fields``), whatever profile a repository ships.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core import fields as f
from ..core.fields import Coercer
from . import identity
from . import site_fields as sf
from . import type_rules as tr
from .calendar_config import settings as calendar_settings
from .deadline_rules import deadlines
from .profile_fields import choice_list, field_list


@dataclass(frozen=True)
class ProfileKey:
    name: str
    kind: str
    required: bool
    help: str
    check: Coercer | None = None


PROFILE_KEYS: tuple[ProfileKey, ...] = (
    ProfileKey("id", "text", True, "the profile's name, equal to the file name (langson-2025)"),
    ProfileKey("instrument", "text", True, "the regulation it encodes: number, date, issuer"),
    ProfileKey("seed", "text", True, "the seed file the rules come from (000_…txt)"),
    ProfileKey("effective_from", "date", False, "the day the regulation took effect, if known"),
    ProfileKey("replaces", "list", False, "profiles this one supersedes"),
    ProfileKey("domain", "text", True, "the province's domain: langson.gov.vn", f.host_name),
    ProfileKey("portal_host", "text", True, "host of the portal, pattern: '{domain}' or 'www.{domain}'",
               sf.host_pattern),
    ProfileKey("host_aliases", "list", False, "other hosts that redirect to the portal (www.{domain})",
               sf.host_pattern_list),
    ProfileKey("tiers", "list", True, "local-government tiers: province, district, commune"),
    ProfileKey("site_kinds", "list", True, "kinds of site this province may have: portal, department, district, commune, unit"),
    ProfileKey("host_patterns", "map", True, "kind -> host pattern; fields {slug}, {domain}, {parent_host}",
               sf.host_patterns),
    ProfileKey("languages", "list", True, "languages of the portal (ISO 639-1), Vietnamese first: [vi, en]",
               sf.languages),
    ProfileKey("edition_scheme", "text", True, "how foreign editions are addressed: subdomain or path"),
    ProfileKey("edition_hosts", "map", False, "for subdomain editions, language -> host pattern ('english.{domain}')",
               sf.edition_hosts),
    ProfileKey("official_name", "map", True, "language -> official name of the portal"),
    ProfileKey("portal_emails", "list", True, "the portal's official email addresses"),
    ProfileKey("contact", "map", False, "default contact of the portal: address, phone, hotline, fax, email",
               sf.contact),
    ProfileKey("footer_hotline", "text", False, "hotline the footer must carry, if the regulation says so",
               f.phone),
    ProfileKey("reuse_lines", "list", False, "the prescribed lines for reusing the portal's content"),
    ProfileKey("national_links", "list", True, "links every page carries: {name: {vi, en}, url} (https://, or "
               "http:// where the regulation names no https address)", sf.national_links),
    ProfileKey("congbao", "map", False, "Công báo: {url, mode: link|publish}", sf.congbao),
    ProfileKey("public_services_url", "text", False, "the province's public-service portal (dichvucong), https://",
               f.https_url),
    ProfileKey("legal_sync_target", "text", False, "where legal documents are synchronised: CSDL quốc gia, Công báo"),
    ProfileKey("approvers", "map", True,
               "who approves a change, by what it touches: portal, component, and optionally syndication "
               "(a component item shown on the portal), translation, takedown. Each is a list of groups of "
               "roles; a change needs one approval from every group, each by a different person"),
    ProfileKey("type_approvals", "list", False,
               "approvals some content types need on some kinds of site beyond `approvers`, counted on the "
               "portal's board: [{types, site_kinds, groups: [[role, …], …], what, cite}]", tr.type_approvals),
    ProfileKey("delegation_required", "map", False, "role -> true when that role approves only under a recorded delegation"),
    ProfileKey("takedown_boards", "list", False,
               "whose takedown-role holders may remove a component site's item: own (the site's board), "
               "portal (the portal's board); default both"),
    ProfileKey("role_conflicts", "list", False,
               "pairs of roles one person may not hold at once, on one board or across boards"),
    ProfileKey("syndication_needs_portal_approval", "bool", True, "component items shown on the portal need a portal approver"),
    ProfileKey("translation_flow", "text", False, "how translations are made and posted, in words"),
    ProfileKey("takedown_component_actor", "text", False, "who removes violating content from component sites"),
    ProfileKey("deadlines", "map", True, "rule name -> {amount, unit: working_days|calendar_days|office_hours|"
               "immediately|monthly, from, cite, applies_to: [types], start: field | {type: field, default: field}, "
               "where: {field: [values]}, decision} (model/deadline_rules.py)", deadlines),
    ProfileKey("news_quota", "map", False, "site kind -> minimum news items per month"),
    ProfileKey("qa", "map", False, "Q&A rules: deadlines (per category: own, inter_agency, special, "
               "out_of_scope, default), clock_start, asker fields, channels, citation_required, scope (what the "
               "section takes and declines), disclaimer (shown under answers)"),
    ProfileKey("project_fields", "list", False, "required fields of a project record: {field, label}",
               field_list("project")),
    ProfileKey("project_statuses", "list", False, "statuses of a project, in display order: {value, label}",
               choice_list("project", "project_status")),
    ProfileKey("science_fields", "list", False, "required fields of a science programme record: {field, label}",
               field_list("science")),
    ProfileKey("statistics_fields", "list", False, "required elements of a statistics item: {field, label}",
               field_list("statistics")),
    ProfileKey("data_sharing_basis", "text", False, "the decree on data sharing the portal follows"),
    ProfileKey("standards", "list", False, "technical circulars the portal must meet"),
    ProfileKey("technical_supervisor", "text", False, "the department supervising the portal technically"),
    ProfileKey("backup", "map", False, "{min_per_week, retention_months}"),
    ProfileKey("log_retention_months", "int", False, "minimum log retention"),
    ProfileKey("password_policy", "map", False, "{min_length, classes, max_age_months}"),
    ProfileKey("account_revocation", "bool", False, "accounts of people who leave must be revoked"),
    ProfileKey("change_notice", "text", False, "rule for infrastructure changes"),
    ProfileKey("periodic_reports", "list", False, "{what, when, to}"),
    ProfileKey("personal_data", "text", False, "rule for personal data of askers"),
    ProfileKey("submission_channels", "list", False, "how information reaches the board"),
    ProfileKey("allowed_attachment_types", "list", True, "file extensions an item may attach"),
    ProfileKey("download_only_types", "list", False, "extensions browsers cannot show: offered as downloads only"),
    ProfileKey("advertising", "text", False, "advertising rule"),
    ProfileKey("social_platforms", "list", False, "social platforms the portal integrates with"),
    ProfileKey("emc_hosts", "list", False,
               "hosts an EMC script may come from (default f-emc.ngsp.gov.vn, the EMC operator's)", sf.host_names),
    ProfileKey("emc_integrity", "map", False,
               "EMC script address -> its Subresource Integrity hash (sha384-…); pages then load it with "
               "integrity and crossorigin", sf.integrity_pins),
    ProfileKey("required_fields", "map", False,
               "content type -> fields it must carry under this profile: {person: [phone, fax, email]}",
               tr.required_fields),
    ProfileKey("required_sections", "map", False,
               "kind of site -> content types every such site must carry (`check` warns when one has none)",
               tr.required_sections),
    ProfileKey("disclosure", "map", False,
               "the catalogue of information to be disclosed: {when: {type: text}, retention: {default|type: "
               "text}}", tr.disclosure),
    ProfileKey("theme", "map", False, "the sites' colours: {primary (header), nav (menu bar), link, focus (focus "
               "ring)} as #rrggbb, checked for WCAG contrast; a site file's `theme` changes some of them",
               identity.profile_theme),
    ProfileKey("calendar", "map", True, "{timezone, weekend, office_hours, clock_start, extra_holidays, "
               "extra_working_days} (the province's own decisions of a year go in sites/_calendar.yaml)",
               calendar_settings),
)

PROFILE_KEY_NAMES = frozenset(k.name for k in PROFILE_KEYS)
