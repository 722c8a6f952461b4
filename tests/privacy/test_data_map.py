"""docs/data-protection.md, the record of processing, names every table the models define and
every retention period the config has: a table added without a line there fails here."""

from __future__ import annotations

import dataclasses
import re

from office.city import Retention
from storage.models import Base
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "data-protection.md").read_text(encoding="utf-8")


def test_every_table_has_its_row_in_the_data_map():
    tables = DOC.split("## Tables", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `(\w+)` \|", tables, re.M))
    assert set(Base.metadata.tables) - rows == set()
    assert rows - set(Base.metadata.tables) == set()  # no table the code no longer has


def test_every_period_is_named_with_its_default():
    for f in dataclasses.fields(Retention):
        assert re.search(rf"^\| `{f.name}` \| {f.default} \|", DOC, re.M), f.name
