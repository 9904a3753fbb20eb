"""The approval gate: do the approvals on a pull request satisfy the province's rules?

``python build.py review-gate --event FILE --reviews FILE [--files FILE] [--head SHA]``
reads the pull-request event and its reviews (JSON as GitHub sends and returns
them), works out what the PR touches (``changes.py``: which sites, which kinds of
item: content, translation, syndication to the portal, takedown, shared
configuration, a change of who approves, the machinery), and checks each part
against the approval groups of the profile (``approvers``, and ``type_approvals``
for types that also need someone else: the Chủ tịch's approval of Bến Tre's
"other information"), using the boards of the checked-out tree (the base branch:
a PR cannot approve itself by editing a board). It prints why in Vietnamese and
English and exits 0 (enough) or 1.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.clock import now_in_vietnam, today_in_vietnam
from ..model.board import BOARD_PATHS, ROLE_LABELS, Board, Member
from ..model.config import Config
from .audit import AUDIT_LOG, AuditEntry
from .changes import Change, shown

TAKEDOWN_LABEL = "takedown"
# Shared changes the portal's board decides together with the technical team (when it has one).
TECHNICAL = {
    "machinery": ("công cụ, giao diện, quy trình (Ban biên tập Cổng và Tổ kỹ thuật)",
                  "the tool, layouts and workflows (the portal's board and technical team)"),
    "approval": ("thay đổi người phê duyệt: hồ sơ tỉnh, Ban biên tập, loại trang, thêm hoặc bớt trang (Ban biên "
                 "tập Cổng và Tổ kỹ thuật)", "a change of who approves: the profile, a board, a site's kind, a site "
                 "added or removed (the portal's board and technical team)"),
    "audit": ("sửa hoặc xoá mục đã ghi trong nhật ký gỡ bỏ (Ban biên tập Cổng và Tổ kỹ thuật)",
              "editing or removing past entries of the takedown audit log (the portal's board and technical team)"),
}


@dataclass(frozen=True)
class Review:
    handle: str
    state: str               # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
    submitted_at: dt.datetime
    commit_id: str

    @property
    def day(self) -> dt.date:
        """The day in Vietnam, for active periods and delegations."""
        return today_in_vietnam(self.submitted_at)


@dataclass(frozen=True)
class PullRequest:
    number: int
    author: str
    head_sha: str
    base_sha: str
    labels: tuple[str, ...]
    base_ref: str = ""
    default_branch: str = ""
    changed_files: int | None = None   # as GitHub counts them, to check a file list against


@dataclass
class Requirement:
    """One approval rule a PR must meet: a group of roles per slot, drawn from some boards."""
    key: tuple
    label: tuple[str, str]           # what it covers (vi, en)
    boards: tuple[str, ...]          # site ids whose boards count
    groups: tuple[tuple[str, ...], ...]
    kinds: set[str] = field(default_factory=set)   # content types, for delegation scopes
    paths: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    lines: tuple[str, ...]


def read_event(data: dict) -> PullRequest:
    pr = data.get("pull_request") or {}
    try:
        return PullRequest(int(pr.get("number") or data.get("number") or 0), pr["user"]["login"].lower(),
                           pr["head"]["sha"], pr["base"]["sha"],
                           tuple(sorted(lbl["name"] for lbl in pr.get("labels") or ())),
                           pr["base"].get("ref", ""), (data.get("repository") or {}).get("default_branch", ""),
                           pr.get("changed_files"))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a pull-request event: missing {exc}") from None


def read_reviews(data: list) -> list[Review]:
    out = []
    for entry in data:
        user = (entry.get("user") or {}).get("login")
        when = entry.get("submitted_at")
        if not user or not when:
            continue  # pending reviews have no submission time
        moment = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
        out.append(Review(user.lower(), entry.get("state", ""), moment, entry.get("commit_id") or ""))
    return sorted(out, key=lambda r: r.submitted_at)


def latest_reviews(reviews: list[Review]) -> dict[str, Review]:
    """Each reviewer's standing review, as GitHub counts it: the last one that is not a comment."""
    standing: dict[str, Review] = {}
    for review in reviews:
        if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            standing[review.handle] = review
    return standing


def _groups(config: Config, kind: str, fallback: str) -> tuple[tuple[str, ...], ...]:
    approvers = config.province.profile.get("approvers") or {}
    return tuple(tuple(g) for g in (approvers.get(kind) or approvers[fallback]))


def _add(reqs: dict[tuple, Requirement], key: tuple, label: tuple[str, str], boards: tuple[str, ...],
         groups, change: Change) -> None:
    req = reqs.setdefault(key, Requirement(key, label, boards, groups))
    if change.type:
        req.kinds.add(change.type)
    else:
        req.kinds.add("all")
    req.paths.append(change.path)


def is_technical(path: str) -> bool:
    """Machinery: anything but what the boards decide (content, site files, the audit log, docs)."""
    return not any(("/" + path).startswith(t) if t.endswith("/") else "/" + path == t for t in BOARD_PATHS)


def _covers(entry: AuditEntry, item: Change) -> bool:
    """An entry accounts for an item as the build counts it (`audit.unaudited`): by path, or by id and language."""
    return entry.path == item.path or (entry.id == item.item_id and item.lang in entry.languages)


def is_pure_takedown(pr: PullRequest, changes: list[Change]) -> bool:
    """Labelled `takedown`, and nothing but items set to `removed` (their status line alone) and
    complete entries appended to the audit log: each entry names one of those items by its path,
    id and language, and each item is accounted for by an entry."""
    if TAKEDOWN_LABEL not in pr.labels or any(c.status_only is not True for c in changes):
        return False
    items = [c for c in changes if c.path != AUDIT_LOG]
    logs = [c for c in changes if c.path == AUDIT_LOG]
    if not items or len(logs) != 1 or logs[0].status not in ("modified", "added") or not logs[0].appended:
        return False
    if not all(c.type and c.item_status == "removed" and c.status == "modified" for c in items):
        return False
    by_path = {c.path: c for c in items}
    named = all(e.path in by_path and e.id == by_path[e.path].item_id and by_path[e.path].lang in e.languages
                for e in logs[0].appended)
    return named and all(any(_covers(e, c) for e in logs[0].appended) for c in items)


def requirements(config: Config, pr: PullRequest, changes: list[Change],
                 today: dt.date | None = None) -> list[Requirement]:
    profile = config.province.profile
    portal = config.portal
    today = today or today_in_vietnam(now_in_vietnam())
    reqs: dict[tuple, Requirement] = {}
    if is_pure_takedown(pr, changes):
        allowed = profile.get("takedown_boards") or ["own", "portal"]
        groups = _groups(config, "takedown", "portal")
        for change in changes:
            if change.path == AUDIT_LOG:
                continue
            site = config.sites[change.site]
            boards = (portal.id,) if site.kind == "portal" else tuple(
                dict.fromkeys(site.id if b == "own" else portal.id for b in allowed))
            _add(reqs, ("takedown", site.id), (f"gỡ bỏ tin trên {site.name['vi']}",
                                                f"takedown on {site.name.get('en', site.id)}"),
                 boards, groups, change)
        return list(reqs.values())
    technical = bool(portal.board and portal.board.holders({"technical"}, today))
    for change in changes:
        why = change.sensitive or ("machinery" if is_technical(change.path) else "")
        if change.site is None and why and technical:
            _add(reqs, ("technical", why), TECHNICAL[why], (portal.id,),
                 _groups(config, "portal", "portal") + (("technical",),), change)
            continue
        if change.site is None:
            _add(reqs, ("shared",), ("cấu hình, giao diện, quy trình dùng chung (Ban biên tập Cổng)",
                                     "shared configuration, layouts and workflows (the portal's board)"),
                 (portal.id,), _groups(config, "portal", "portal"), change)
            continue
        site = config.sites[change.site]
        own = "portal" if site.kind == "portal" else "component"
        name = (site.name["vi"], site.name.get("en", site.id))
        if change.lang != "vi" and (profile.get("approvers") or {}).get("translation"):
            _add(reqs, ("translation", site.id), (f"bản dịch trên {name[0]}", f"translation on {name[1]}"),
                 (site.id,), _groups(config, "translation", own), change)
        else:
            _add(reqs, (own, site.id), name, (site.id,), _groups(config, own, own), change)
        for number, rule in enumerate(profile.get("type_approvals") or ()):
            if change.type in rule["types"] and site.kind in rule["site_kinds"]:
                _add(reqs, ("type", number, site.id), (f"{rule['what']} trên {name[0]} ({rule['cite']})",
                                                       f"what {rule['cite']} asks for, on {name[1]}"),
                     (portal.id,), rule["groups"], change)
        if site.kind != "portal" and change.syndicate and profile.get("syndication_needs_portal_approval"):
            _add(reqs, ("syndication", site.id), (f"đưa tin của {name[0]} lên Cổng",
                                                  f"syndicating {name[1]} content to the portal"),
                 (portal.id,), _groups(config, "syndication", "portal"), change)
    if not reqs:  # an empty PR still needs someone to look at it
        reqs[("shared",)] = Requirement(("shared",), ("PR không thay đổi tệp nào", "a PR changing no file"),
                                        (portal.id,), _groups(config, "portal", "portal"))
    return list(reqs.values())


def _usable_roles(member: Member, board: Board, review: Review, kinds: set[str], needs_delegation: set[str]):
    """The roles a member may use for this review, and a reason for each role they may not."""
    usable, refused = [], []
    named = ", ".join(sorted(kinds - {"all"}))
    scope = (named, named) if "all" not in kinds else ("mọi nội dung", "all content")
    for role in member.roles:
        if role in needs_delegation:
            delegation = board.delegation_for(member.handle, review.day, kinds)
            if delegation is None:
                refused.append(f"{ROLE_LABELS[role][0]} cần ủy quyền còn hiệu lực ngày {review.day:%d/%m/%Y} cho "
                               f"{scope[0]} / {ROLE_LABELS[role][1]} needs a delegation valid on {review.day} "
                               f"covering {scope[1]}")
                continue
        usable.append(role)
    return usable, refused


def _match(groups, candidates: dict[str, set[str]]) -> dict[int, str] | None:
    """One distinct person per group (a tiny bipartite matching, by backtracking)."""
    def walk(i: int, used: set[str]) -> dict[int, str] | None:
        if i == len(groups):
            return {}
        for handle in sorted(candidates):
            if handle not in used and candidates[handle] & set(groups[i]):
                rest = walk(i + 1, used | {handle})
                if rest is not None:
                    return {i: handle, **rest}
        return None
    return walk(0, set())


def _fresh_approvals(standing: dict[str, Review], pr: PullRequest):
    """Approvals that may count: not the author's, and made on the PR's last commit."""
    approvals: dict[str, Review] = {}
    refusals: dict[str, str] = {}
    for handle, review in sorted(standing.items()):
        if review.state != "APPROVED":
            continue
        if handle == pr.author:
            refusals[handle] = "tác giả không tự phê duyệt PR của mình / the author's own approval never counts"
        elif review.commit_id != pr.head_sha:
            refusals[handle] = (f"phê duyệt trước lần cập nhật cuối ({review.commit_id[:7]}; nay là "
                                f"{pr.head_sha[:7]}) / approved before the last push")
        else:
            approvals[handle] = review
    return approvals, refusals, []


# Roles whose part is work, not approval: the author who holds one has done that part by authoring
# (000 Đ8.3, Đ18: Sở Ngoại vụ translates, the board posts); approving stays another member's.
WORK_ROLES = frozenset({"translator"})


def _author_as(config: Config, pr: PullRequest, req: Requirement, approvals: dict[str, Review]
               ) -> tuple[str, set[str]] | None:
    """The PR author's name and the work roles of ``req`` they hold on one of its boards, active on the
    day of the newest approval (else today); None when they hold none."""
    wanted = {r for g in req.groups for r in g} & WORK_ROLES
    if not wanted:
        return None
    day = max((r.day for r in approvals.values()), default=today_in_vietnam(now_in_vietnam()))
    for site_id in req.boards:
        board = config.sites[site_id].board
        member = board.member(pr.author) if board else None
        if member is not None and member.active_on(day) and wanted & set(member.roles):
            return f"{member.name}, tác giả bản dịch / the translation's author", wanted & set(member.roles)
    return None


def _group_text(group: tuple[str, ...]) -> tuple[str, str]:
    return (" hoặc ".join(ROLE_LABELS[r][0] for r in group), " or ".join(ROLE_LABELS[r][1] for r in group))


def evaluate(config: Config, pr: PullRequest, reviews: list[Review], changes: list[Change]) -> Outcome:
    profile = config.province.profile
    needs_delegation = {r for r, v in (profile.get("delegation_required") or {}).items() if v}
    standing = latest_reviews(reviews)
    lines = [f"Kiểm tra phê duyệt / Approval gate — PR #{pr.number}, hồ sơ / profile {profile.id}"]
    if is_pure_takedown(pr, changes):
        lines.append("Gỡ bỏ thông tin vi phạm: một người giữ vai trò gỡ bỏ là đủ / "
                     "Takedown: one takedown officer's approval suffices")
    elif TAKEDOWN_LABEL in pr.labels:
        lines.append("Có nhãn takedown nhưng PR còn thay đổi khác ngoài việc gỡ bỏ: áp dụng quy tắc thường / "
                     "labelled takedown but the PR changes more than removals: the normal rules apply")
    reqs = requirements(config, pr, changes)
    approvals, refusals, blocked = _fresh_approvals(standing, pr)
    ok = True
    for req in reqs:
        candidates: dict[str, set[str]] = {}
        who: dict[str, str] = {}
        here: dict[str, str] = {}
        for handle, review in approvals.items():
            for site_id in req.boards:
                board = config.sites[site_id].board
                member = board.member(handle) if board else None
                if member is None:
                    here.setdefault(handle, f"không có trong Ban biên tập ({site_id}) / not on the board of {site_id}")
                elif not member.active_on(review.day):
                    here.setdefault(handle, f"không hoạt động ngày {review.day:%d/%m/%Y} (đã thôi hoặc chưa bắt "
                                            f"đầu) / not active on {review.day} (left, or not yet started)")
                else:
                    usable, refused = _usable_roles(member, board, review, req.kinds, needs_delegation)
                    usable = [r for r in usable if any(r in g for g in req.groups)]
                    if usable:
                        candidates.setdefault(handle, set()).update(usable)
                        who[handle] = member.name
                    else:
                        here.setdefault(handle, "; ".join(refused) or
                                        f"vai trò {', '.join(ROLE_LABELS[r][0] for r in member.roles)} không "
                                        "phê duyệt được phần này / their roles cannot approve this part")
        author = _author_as(config, pr, req, approvals)
        if author is not None:  # a translator's own translation is the translator's part, done
            candidates.setdefault(pr.author, set()).update(author[1])
            who.setdefault(pr.author, author[0])
            here.pop(pr.author, None)
        matched = _match(req.groups, candidates)
        need = [_group_text(g) for g in req.groups]
        need_vi = " và ".join(f"một {vi}" for vi, _ in need)
        need_en = " and ".join(f"one {en}" for _, en in need)
        if matched is not None:
            by = ", ".join(f"@{h} ({who[h]})" for _, h in sorted(matched.items()))
            lines.append(f"[ĐẠT / PASS] {req.label[0]} / {req.label[1]}: cần {need_vi} / needs {need_en}; "
                         f"đã duyệt / approved by {by}")
        else:
            ok = False
            distinct = (", mỗi nhóm một người khác nhau", ", each a different person") if len(need) > 1 else ("", "")
            lines.append(f"[CHƯA ĐẠT / FAIL] {req.label[0]} / {req.label[1]}: cần {need_vi}{distinct[0]} / "
                         f"needs {need_en}{distinct[1]}")
            for handle, why in sorted(here.items()):
                if handle not in candidates:
                    lines.append(f"    không tính / not counted: @{handle}: {why}")
        for path in sorted(set(req.paths))[:10]:
            lines.append(f"    {shown(path)}")
        blocked += [f"@{h} yêu cầu sửa đổi / requested changes" for h, r in standing.items()
                    if r.state == "CHANGES_REQUESTED" and any(
                        config.sites[b].board and config.sites[b].board.member(h) for b in req.boards)]
    for handle, why in sorted(refusals.items()):
        lines.append(f"Không tính / not counted: @{handle}: {why}")
    if blocked:
        ok = False
        lines += [f"Chặn / blocked: {b}" for b in sorted(set(blocked))]
    lines.append("Kết quả: ĐỦ phê duyệt / Result: approvals suffice" if ok else
                 "Kết quả: CHƯA đủ phê duyệt / Result: approvals do not suffice")
    return Outcome(ok, tuple(lines))


def _refuse(pr: PullRequest, listed: int | None) -> str:
    """Reasons to decide nothing: a PR into another branch, a file list that is not the whole PR."""
    if pr.default_branch and pr.base_ref and pr.base_ref != pr.default_branch:
        return (f"PR vào nhánh {pr.base_ref}, không phải {pr.default_branch}: cổng chỉ xét PR vào nhánh chính / "
                f"the PR targets {pr.base_ref}, not {pr.default_branch}; the gate decides PRs into the default "
                "branch only")
    if listed is not None and pr.changed_files is not None and listed != pr.changed_files:
        return (f"danh sách tệp có {listed} tệp, PR thay đổi {pr.changed_files}: hãy bỏ --files để cổng dùng git "
                f"diff / the file list has {listed} files but the PR changes {pr.changed_files} (the API lists at "
                "most 3,000): leave out --files so the gate runs git diff")
    return ""
