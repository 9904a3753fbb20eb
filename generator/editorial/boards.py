"""Rules across the editorial boards, checked on the loaded model (not while loading it).

Each board alone is read and checked by ``model.board``; what needs every board and the
profile, and the day, is checked here: role pairs one person may not hold (Cao Bằng), and
members whose role counts only under a delegation but who have none valid today.
"""
from __future__ import annotations

import datetime as dt

from ..core.diagnostics import Diagnostic, error, warning
from ..model.board import Board, Member


def check_boards(boards: dict[str, Board], profile_data: dict, today: dt.date,
                 translated: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Rules across boards: forbidden role pairs, delegates with no delegation valid today, and a board of
    a site with another language's edition (``translated``) that no translation could pass."""
    problems: list[Diagnostic] = _untranslatable(boards, profile_data, today, translated)
    held: dict[str, list[tuple[str, Board, Member]]] = {}
    for board in boards.values():
        for member in board.members:
            if member.active_on(today):
                for role in member.roles:
                    held.setdefault(member.handle, []).append((role, board, member))
    for pair in profile_data.get("role_conflicts") or ():
        a, b = pair
        for handle, entries in sorted(held.items()):
            first = next((e for e in entries if e[0] == a), None)
            second = next((e for e in entries if e[0] == b), None)
            if first and second:
                where = ("on this board" if first[1] is second[1] else
                         f"({a} on {first[1].path}, {b} on {second[1].path})")
                problems.append(error(second[1].path, second[2].line, "board.role-conflict",
                                      f"{handle} holds both {a} and {b} {where}; profile "
                                      f"{profile_data.get('id')} forbids one person holding both: "
                                      "give one of the roles to someone else"))
    needs = {role for role, required in (profile_data.get("delegation_required") or {}).items() if required}
    for board in boards.values():
        for member in board.members:
            if not member.active_on(today):
                continue
            roles = set(member.roles)
            if not roles & needs or roles & (_approving_roles(profile_data) - needs):
                continue
            if board.delegation_for(member.handle, today, ()) is None:
                problems.append(warning(board.path, member.line, "board.delegation-missing",
                                        f"{member.handle} ({', '.join(sorted(roles & needs))}) has no delegation "
                                        f"valid today ({today}); under profile {profile_data.get('id')} their "
                                        "approvals do not count until one is recorded under `delegations:`"))
    return problems


def _untranslatable(boards: dict[str, Board], profile_data: dict, today: dt.date,
                    translated: frozenset[str]) -> list[Diagnostic]:
    """A site with an edition in another language whose board has no active member for a group of the
    profile's ``approvers.translation``: review-gate could pass no translation of it."""
    groups = (profile_data.get("approvers") or {}).get("translation") or ()
    out = []
    for site_id in sorted(translated & set(boards)):
        board = boards[site_id]
        for group in groups:
            if not board.holders(group, today):
                out.append(warning(board.path, min((m.line for m in board.members), default=1), "board.no-translator",
                                   f"the site has an edition in another language, but no active member of its board "
                                   f"holds {' or '.join(group)}, which profile {profile_data.get('id')}'s "
                                   "`approvers.translation` asks: no translation of it can pass review-gate; add a "
                                   "member with that role (Sở Ngoại vụ's translator, as on the portal's board)"))
    return out


def _approving_roles(profile_data: dict) -> set[str]:
    return {role for groups in (profile_data.get("approvers") or {}).values() for group in groups for role in group}
