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


def test_a_day_orders_as_its_midnight_utc_and_a_moment_as_its_own_time():
    """``stamp`` counts a day's seconds from its ordinal, not from a datetime it makes: the same number
    as that midnight's timestamp, over the whole calendar, so days and moments sort together as before."""
    import datetime as dt

    from generator.build.index import stamp
    from generator.core.clock import VN_TZ

    for day in [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1970, 1, 1), dt.date(2024, 2, 29),
                dt.date(2026, 11, 30), dt.date(9999, 12, 31)]:
        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()
        assert stamp(day) == midnight and type(stamp(day)) is float
    evening = dt.datetime(2026, 11, 30, 6, 0, tzinfo=VN_TZ)  # 23:00 UTC the day before
    assert stamp(dt.date(2026, 11, 29)) < stamp(evening) < stamp(dt.date(2026, 11, 30))
    assert stamp(None) == 0.0
