"""The index's listings, tags and fields hold their items in ``sort_documents``' order (by date, newest
first, then the types ordered by hand), made by sorting the published items once (index._listings)."""
from __future__ import annotations

from pathlib import Path

from sitekit import NOW

from generator.build.index import sort_documents, tag_key
from generator.pipeline import BuildOptions, load_content

REPO = Path(__file__).resolve().parents[1]


def test_every_listing_tag_and_field_is_in_the_order_sorting_it_alone_gives():
    _, index, _ = load_content(BuildOptions(root=REPO, out=REPO / "public", now=NOW, jobs=1))
    published = [d for d in index.docs.values() if d.status == "published"]
    # items ordered by hand beside dated ones in a site's whole listing, in more than one language
    mixed = {(d.site, d.lang) for d in published if d.type in ("page", "person")}
    assert len({lang for _, lang in mixed}) > 1 and any(
        (d.site, d.lang) in mixed and d.type not in ("page", "person") for d in published)

    def expected(keep) -> dict:
        groups: dict = {}
        for doc in published:
            for key in keep(doc):
                groups.setdefault(key, []).append(doc)
        return {k: tuple(sort_documents(v)) for k, v in groups.items()}

    assert index.tagged == expected(lambda d: {(d.site, d.lang, tag_key(t)) for t in d.values.get("tags", ())})
    assert index.fielded == expected(lambda d: [(d.site, d.lang, tag_key(d.values["field"]))]
                                     if isinstance(d.values.get("field"), str) else [])
    assert index.listed == expected(lambda d: [(d.site, d.lang, d.type), (d.site, d.lang, "")])
