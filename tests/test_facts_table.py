"""One table of facts for every layout that shows one (``layouts/macros.html: facts_table``), so every
type's page renders the same kinds of value the same way, files included."""
from __future__ import annotations

import re
from pathlib import Path

from generator.build.render import make_environment

REPO = Path(__file__).resolve().parents[1]
LAYOUTS = REPO / "layouts"


def test_only_the_macro_writes_a_facts_table_and_the_typed_layouts_use_it():
    writers = sorted(p.name for p in LAYOUTS.glob("*.html") if 'class="facts-table"' in p.read_text(encoding="utf-8"))
    assert writers == ["macros.html"]
    for name in ("item.html", "draft.html", "procedure.html", "qa.html"):
        assert re.search(r"facts_table\(item\.rows", (LAYOUTS / name).read_text(encoding="utf-8")), name


def _render(source: str, **context) -> str:
    env = make_environment(REPO)
    return env.from_string('{% from "macros.html" import facts_table %}' + source).render(t={"facts": "Thông tin"},
                                                                                           **context)


ROWS = [
    {"name": "draft_files", "label": "Dự thảo", "value": "", "href": "", "iso": "",
     "files": [{"url": "/du-thao/a/du-thao.pdf", "name": "du-thao.pdf", "ext": "PDF", "size": "1,2 KB"},
               {"url": "/du-thao/a/to-trinh.docx", "name": "to-trinh.docx", "ext": "DOCX", "size": "3 B"}]},
    {"name": "comment_close", "label": "Thời hạn", "value": "ngày 30/11/2026", "href": "", "iso": "2026-11-30",
     "files": []},
    {"name": "receiving_email", "label": "Thư điện tử", "value": "a@b.vn", "href": "mailto:a@b.vn", "iso": "",
     "files": []},
    {"name": "field", "label": "Lĩnh vực", "value": "Đất đai", "href": "", "iso": "", "files": []},
]


def test_the_macro_renders_files_dates_addresses_and_named_links():
    html = _render('{{ facts_table(rows, t, {"field": "/hoi-dap/linh-vuc/dat-dai/"}) }}', rows=ROWS)
    assert "<caption>Thông tin</caption>" in html
    assert ('<a href="/du-thao/a/du-thao.pdf" download>du-thao.pdf</a> <span class="file-meta">(PDF, 1,2 KB)</span>'
            '<br><a href="/du-thao/a/to-trinh.docx" download>to-trinh.docx</a>') in html
    assert '<td><time datetime="2026-11-30">ngày 30/11/2026</time></td>' in html
    assert '<td><a href="mailto:a@b.vn">a@b.vn</a></td>' in html
    assert '<td><a href="/hoi-dap/linh-vuc/dat-dai/">Đất đai</a></td>' in html


def test_a_caller_adds_rows_at_the_end_of_the_body():
    html = _render('{% call facts_table(rows, t) %}<tr><th scope="row">Quy định</th><td>15 ngày</td></tr>{% endcall %}',
                   rows=ROWS[1:2])
    assert re.search(r'ngày 30/11/2026</time></td></tr>\s*<tr><th scope="row">Quy định</th><td>15 ngày</td></tr>'
                     r'\s*</tbody>', html)
