"""The vocabulary types are declared with: money in đồng, labelled choices, file fields, dates."""
from __future__ import annotations

import pytest
import yaml

from generator.core import fields as f
from generator.model.content_types import CONTENT_TYPES, FILE_FIELDS
from generator.model.i18n import format_money


def scalar(text: str, tag: str = "tag:yaml.org,2002:str") -> yaml.ScalarNode:
    return yaml.ScalarNode(tag, text)


@pytest.mark.parametrize("written, amount", [("1250000000", 1_250_000_000), ("1.250.000.000", 1_250_000_000),
                                             ("1 250 000 000", 1_250_000_000), ("0", 0), ("999", 999)])
def test_money_reads_the_amount_as_written(written, amount):
    assert f.money(scalar(written)) == amount


@pytest.mark.parametrize("written", ["1,250", "1.25", "12.3456", "1.250,000", "-5", "1 250.000", "",
                                     "1" * 19, "một tỷ"])
def test_money_refuses_what_is_not_a_whole_amount(written):
    with pytest.raises(f.FieldError):
        f.money(scalar(written))


def test_money_is_written_as_vietnamese_readers_group_it():
    assert format_money(1_250_000_000, "vi") == "1.250.000.000 đồng"
    assert format_money(1_250_000_000, "en") == "VND 1,250,000,000"


def test_a_choice_has_its_labels_and_refuses_the_rest():
    status = f.choice({"preparing": ("Đang chuẩn bị đầu tư", "In preparation"), "done": ("Đã hoàn tất", "Completed")})
    assert status(scalar("done")) == "done" and status.labels["done"][0] == "Đã hoàn tất"
    assert status.choices == ("preparing", "done")
    with pytest.raises(f.FieldError, match="not one of: preparing, done"):
        status(scalar("finished"))


def test_every_type_dates_and_summarises_from_its_own_fields():
    for ctype in CONTENT_TYPES.values():
        for name in (ctype.date_field, ctype.summary_field, *ctype.rows, *ctype.file_fields):
            assert name is None or ctype.field(name) is not None, (ctype.name, name)
    assert set(FILE_FIELDS) == {n for t in CONTENT_TYPES.values() for n in t.file_fields}
    assert {t.name for t in CONTENT_TYPES.values() if t.feed} >= {"news", "legal", "directive"}


def test_every_declared_hooks_name_has_its_hooks_and_no_hooks_go_unused():
    """A type names its build hooks (``ContentType.hooks``); a misspelt name would fail at render time,
    an unused entry is dead code: both registries hold exactly the declared names."""
    from generator.build.types.planning import PLAN_HOOKS
    from generator.build.types.rendering import RENDER_HOOKS
    from generator.model.content_types import ORDER

    declared = {t.hooks for t in ORDER} | {""}
    assert set(PLAN_HOOKS) == declared
    assert set(RENDER_HOOKS) == declared
    assert {t.name: t.hooks for t in ORDER if t.hooks} == {"schedule": "week", "qa": "questions", "draft": "comment"}
