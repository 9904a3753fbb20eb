"""Located problems: every content problem becomes one Diagnostic.

Printed as ``path:line:col: severity[code]: message``; collected over a whole
build, sorted, printed together, and the build fails once.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"

    def github(self) -> str:
        kind = "error" if self.severity == ERROR else "warning"
        message = _escaped(self.message)
        # (a property also escapes `,` and `:`: a file named `a,line=99::x.md` moves no annotation)
        prop = {ord(","): "%2C", ord(":"): "%3A"}
        return f"::{kind} file={_escaped(self.path).translate(prop)},line={self.line},col={self.col}," \
               f"title={_escaped(self.code).translate(prop)}::{message}"


def _escaped(text: str) -> str:
    """GitHub's workflow-command escaping of a message (and the start of a property's)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def error(path: str, line: int, code: str, message: str, col: int = 1) -> Diagnostic:
    return Diagnostic(path, line, col, ERROR, code, message)


def warning(path: str, line: int, code: str, message: str, col: int = 1) -> Diagnostic:
    return Diagnostic(path, line, col, WARNING, code, message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def format_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str = "text") -> str:
    items = sorted(set(diagnostics))
    if fmt == "json":
        return json.dumps([asdict(d) for d in items], ensure_ascii=False, indent=2, sort_keys=True)
    if fmt == "github":
        return "\n".join(d.github() for d in items)
    return "\n".join(d.text() for d in items)
