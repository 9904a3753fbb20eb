"""State-secret stamps an item carries outside its `classification`: in its title ("Kế hoạch …
(TUYỆT MẬT)") or as a line of its body ("**MẬT**", "Độ mật: Tối mật"). Either refuses the item
like a secret `classification` does (``classification.secret``): such a document is never
published and never belongs in the repository (requirements.md §3.6). The words themselves are
in ``core/secrecy.py``, which knows "bí mật", "mật ong" and "mật độ" are no stamps."""
from __future__ import annotations

from typing import Any

from ..core.diagnostics import Diagnostic, error
from ..core.fields import SECRET_MESSAGE
from ..core.secrecy import stamp_in_line, stamp_in_title


def secret_marks(path: str, text: str, values: dict[str, Any], lines: dict[str, int], body: str,
                 body_line: int) -> list[Diagnostic]:
    """``classification.secret`` for a stamp in the title and for every stamp line of the body."""
    out = []
    title = values.get("title")
    found = stamp_in_title(title) if isinstance(title, str) else None
    if found:
        index, level = found
        line = lines.get("title", 1)
        source = text.splitlines()[line - 1] if line <= text.count("\n") + 1 else ""
        col = source.find(title[index:index + 3]) + 1 or 1
        out.append(error(path, line, "classification.secret",
                         f"the title is stamped `{level}`: " + SECRET_MESSAGE.format(level=level), col))
    for number, line_text in enumerate(body.splitlines()):
        level = stamp_in_line(line_text)
        if level:
            out.append(error(path, body_line + number, "classification.secret",
                             f"this line stamps the text `{level}`: " + SECRET_MESSAGE.format(level=level),
                             len(line_text) - len(line_text.lstrip()) + 1))
    return out
