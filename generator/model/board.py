"""Editorial boards (Ban biên tập): who may approve what on each site, and since when.

Each ``sites/<id>.yaml`` lists its board under ``board:``: members (name, git-host
handle, roles, active period) and delegations (who may act for whom, on which
content types, from when to when). The approval gate (``gate.py``) and the
generated CODEOWNERS (``codeowners.py``) read these; the profile says which
roles approve what and which roles act only under a delegation.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Iterable

import yaml

from ..core import fields as f
from ..core.diagnostics import Diagnostic, error
from ..core.yamlsource import Spec, line_of, read_mapping
from .content_types import CONTENT_TYPES

# The roles of the regulations (requirements.md §3.1, §3.3, §3.4), as written in site files.
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "truong_ban": ("Trưởng ban", "Head of the editorial board"),
    "pho_truong_ban": ("Phó Trưởng ban", "Deputy head of the editorial board"),
    "thu_ky": ("Thư ký", "Secretary of the editorial board"),
    "bien_tap_vien": ("Biên tập viên", "Editor"),
    "cong_tac_vien": ("Cộng tác viên", "Collaborator"),
    "translator": ("Biên dịch viên", "Translator"),
    "agency_head": ("Thủ trưởng cơ quan", "Head of the agency"),
    # On the portal's board where the profile asks for the Chủ tịch's own approval of some content
    # (`type_approvals`, Bến Tre 002 Đ10.1.c): the Chủ tịch, or the account that records it.
    "chu_tich": ("Chủ tịch Ủy ban nhân dân tỉnh", "Chair of the provincial People's Committee"),
    "takedown": ("Người gỡ bỏ thông tin vi phạm", "Takedown officer"),
    # The portal's technical unit (Tổ chuyên trách, 000/001 Đ13.2; Trung tâm Thông tin): reviews
    # changes to the tool, the layouts and the workflows, which decide what every page shows.
    "technical": ("Tổ kỹ thuật", "Technical team"),
}
# What the boards decide; everything else in the repository (the tool, layouts, workflows,
# CODEOWNERS, build files, anything new) is machinery, owned by the portal's technical team.
BOARD_PATHS = ("/content/", "/sites/", "/audit/", "/docs/", "/README.md")
ROLES = tuple(ROLE_LABELS)
# Who may sign a delegation: the head of the board, or of the agency (004 Đ15.4.b-c).
DELEGATORS = ("truong_ban", "agency_head")
# What a change can touch, each with its approval groups in the profile's `approvers`.
APPROVAL_KINDS = ("portal", "component", "syndication", "translation", "takedown")
_HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


@dataclass(frozen=True)
class Member:
    name: str
    handle: str                     # git-host login, lower case, without "@"
    roles: tuple[str, ...]
    active_from: dt.date | None = None
    active_until: dt.date | None = None   # the last day; set when the person leaves (000 Đ13.1.đ)
    line: int = 1

    def active_on(self, day: dt.date) -> bool:
        return ((self.active_from is None or self.active_from <= day)
                and (self.active_until is None or day <= self.active_until))


@dataclass(frozen=True)
class Delegation:
    to: str                         # handle of the delegate
    by: str                         # handle of the delegator (key `from:`)
    scope: tuple[str, ...]          # content types, or ("all",)
    valid_from: dt.date
    valid_until: dt.date
    ref: str = ""                   # the decision that records it
    line: int = 1

    def covers(self, day: dt.date, kinds: Iterable[str]) -> bool:
        in_scope = "all" in self.scope or all(k in self.scope for k in kinds)
        return self.valid_from <= day <= self.valid_until and in_scope


@dataclass(frozen=True)
class Board:
    site: str
    path: str
    members: tuple[Member, ...] = ()
    delegations: tuple[Delegation, ...] = ()

    def member(self, handle: str) -> Member | None:
        handle = handle.lower()
        return next((m for m in self.members if m.handle == handle), None)

    def holders(self, roles: Iterable[str], day: dt.date | None = None) -> tuple[Member, ...]:
        """Members holding any of the roles (active on ``day`` when given)."""
        wanted = set(roles)
        return tuple(m for m in self.members
                     if wanted & set(m.roles) and (day is None or m.active_on(day)))

    def delegation_for(self, handle: str, day: dt.date, kinds: Iterable[str]) -> Delegation | None:
        """A delegation to ``handle`` valid on ``day`` for these content types, signed by an active delegator."""
        kinds = tuple(kinds)
        for d in self.delegations:
            if d.to != handle.lower() or not d.covers(day, kinds):
                continue
            signer = self.member(d.by)
            if signer is not None and signer.active_on(day) and set(signer.roles) & set(DELEGATORS):
                return d
        return None


def _handle(node: yaml.Node) -> str:
    raw = f.text(node).lstrip("@")
    if not _HANDLE.fullmatch(raw):
        raise f.FieldError(f"`{raw}` is not a git-host handle (letters, digits, single hyphens; no spaces)", node)
    return raw.lower()


def _role(node: yaml.Node) -> str:
    raw = f.text(node)
    if raw not in ROLE_LABELS:
        close = difflib.get_close_matches(raw, ROLES, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(ROLES)}"
        raise f.FieldError(f"`{raw}` is not a board role; {hint}", node, "board.role")
    return raw


def _scope(node: yaml.Node) -> str:
    raw = f.text(node)
    if raw != "all" and raw not in CONTENT_TYPES:
        raise f.FieldError(f"`{raw}` is not a content type; use `all` or some of: {', '.join(CONTENT_TYPES)}",
                           node, "board.scope")
    return raw


BOARD_SPECS = (Spec("members", f.anything, True), Spec("delegations", f.anything))
MEMBER_SPECS = (
    Spec("name", f.text, True), Spec("handle", _handle, True), Spec("roles", f.list_of(_role), True),
    Spec("active_from", f.date), Spec("active_until", f.date),
)
DELEGATION_SPECS = (
    Spec("from", _handle, True), Spec("to", _handle, True), Spec("scope", f.list_of(_scope), True),
    Spec("valid_from", f.date, True), Spec("valid_until", f.date, True), Spec("ref", f.text, True),
)


def _entries(node: yaml.Node | None, specs, rel: str, what: str, problems: list[Diagnostic]):
    """The valid entries of a list of mappings (members, delegations), as (values, line); the
    problems of the others go to ``problems``."""
    if node is None:
        return
    if not isinstance(node, yaml.SequenceNode):
        line, col = line_of(node, 0)
        problems.append(error(rel, line, "board.shape", f"the {what} entries must be a list of `- …` items", col))
        return
    for entry in node.value:
        values, _, probs = read_mapping(entry, specs, rel, what=what)
        problems += probs
        if not any(p.severity == "error" for p in probs):
            yield values, line_of(entry, 0)[0]


def read_board(node: yaml.Node, site: str, rel: str) -> tuple[Board | None, list[Diagnostic]]:
    """A site's board from its ``board:`` node, with every problem located."""
    problems: list[Diagnostic] = []
    if not isinstance(node, yaml.MappingNode):
        line, col = line_of(node, 0)
        return None, [error(rel, line, "board.shape", "`board` must be a mapping with `members:` "
                            "(and optionally `delegations:`)", col)]
    _, _, probs = read_mapping(node, BOARD_SPECS, rel, what="board")
    problems += probs
    children = {k.value: v for k, v in node.value}
    members: list[Member] = []
    for values, line in _entries(children.get("members"), MEMBER_SPECS, rel, "board member", problems):
        member = Member(values["name"], values["handle"], tuple(dict.fromkeys(values["roles"])),
                        values.get("active_from"), values.get("active_until"), line)
        if member.active_from and member.active_until and member.active_until < member.active_from:
            problems.append(error(rel, line, "board.period", f"{member.handle}: `active_until` is before "
                                  "`active_from`; correct the dates"))
            continue
        if any(m.handle == member.handle for m in members):
            problems.append(error(rel, line, "board.duplicate", f"{member.handle} is listed twice on this board; "
                                  "keep one entry and give it every role"))
            continue
        members.append(member)
    delegations: list[Delegation] = []
    handles = {m.handle: m for m in members}
    for values, line in _entries(children.get("delegations"), DELEGATION_SPECS, rel, "delegation", problems):
        d = Delegation(values["to"], values["from"], values["scope"], values["valid_from"],
                       values["valid_until"], values["ref"], line)
        wrong = _delegation_problem(d, handles)
        if wrong:
            problems.append(error(rel, line, "board.delegation", wrong))
            continue
        clash = next((o for o in delegations if o.to == d.to and o.valid_from <= d.valid_until
                      and d.valid_from <= o.valid_until and _scopes_meet(o.scope, d.scope)), None)
        if clash:
            problems.append(error(rel, line, "board.delegation-overlap",
                                  f"this delegation to {d.to} overlaps the one on line {clash.line} (same content, "
                                  f"{max(d.valid_from, clash.valid_from)} to {min(d.valid_until, clash.valid_until)}); "
                                  "end one before the other starts"))
            continue
        delegations.append(d)
    return Board(site, rel, tuple(members), tuple(delegations)), problems


def _scopes_meet(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return "all" in a or "all" in b or bool(set(a) & set(b))


def _delegation_problem(d: Delegation, members: dict[str, Member]) -> str:
    if d.valid_until < d.valid_from:
        return "`valid_until` is before `valid_from`; correct the dates"
    if d.by not in members:
        return f"`from: {d.by}` is not a member of this board; a delegation is signed by this board's head"
    if not set(members[d.by].roles) & set(DELEGATORS):
        return (f"{d.by} cannot delegate: only a {' or '.join(ROLE_LABELS[r][0] for r in DELEGATORS)} "
                "signs a delegation")
    if d.to not in members:
        return f"`to: {d.to}` is not a member of this board; add them under `members:` first"
    if d.to == d.by:
        return "a delegation to oneself means nothing; name another member in `to:`"
    return ""


def check_profile_roles(profile_data: dict, rel: str) -> list[Diagnostic]:
    """The profile's approval rules name only known roles and known kinds of change."""
    problems = []
    approvers = profile_data.get("approvers") or {}
    for kind, groups in approvers.items():
        if kind not in APPROVAL_KINDS:
            problems.append(error(rel, 1, "profile.approvers", f"approvers.{kind}: unknown kind of change; use "
                                  f"{', '.join(APPROVAL_KINDS)}"))
        if not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
            problems.append(error(rel, 1, "profile.approvers", f"approvers.{kind} must be a list of groups "
                                  "of roles: [[truong_ban, pho_truong_ban], [agency_head]]"))
            continue
        for role in (r for g in groups for r in g):
            if role not in ROLE_LABELS:
                problems.append(error(rel, 1, "profile.approvers", f"approvers.{kind}: `{role}` is not a "
                                      f"board role; use {', '.join(ROLES)}"))
    for key in ("portal", "component"):
        if key not in approvers:
            problems.append(error(rel, 1, "profile.approvers", f"approvers.{key} is missing"))
    for pair in profile_data.get("role_conflicts") or ():
        if not (isinstance(pair, list) and len(pair) == 2 and all(r in ROLE_LABELS for r in pair)):
            problems.append(error(rel, 1, "profile.role-conflicts",
                                  f"role_conflicts: {pair!r} must be a pair of board roles"))
    for board in profile_data.get("takedown_boards") or ():
        if board not in ("own", "portal"):
            problems.append(error(rel, 1, "profile.takedown-boards",
                                  f"takedown_boards: `{board}` must be own or portal"))
    return problems
