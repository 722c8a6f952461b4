"""A broken config file is refused at load with the file, the entry and the fix."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.config import load_city
from office.city import ConfigError
from office.schedule import Kind

REFERENCE = Path(__file__).resolve().parents[2] / "config" / "brandenburg-havel.yaml"
BASE = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def write(tmp_path: Path, change: Callable[[dict[str, Any]], object]) -> Path:
    data = copy.deepcopy(BASE)
    change(data)
    path = tmp_path / "city.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def refused(tmp_path: Path, change: Callable[[dict[str, Any]], object]) -> str:
    path = write(tmp_path, change)
    with pytest.raises(ConfigError) as e:
        load_city(path)
    message = str(e.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


def august(data: dict) -> list[dict]:
    return data["schedule"][0]["periods"]


def september(data: dict) -> list[dict]:
    return data["schedule"][1]["periods"]


def test_the_reference_file_round_trips(tmp_path: Path) -> None:
    city = load_city(write(tmp_path, lambda d: None))
    assert city.name == "Brandenburg an der Havel"
    assert city.phone == "(03381) 58 13 00"
    assert city.phone_booking is False
    assert city.cutover is not None and city.cutover.date == date(2021, 9, 1)
    assert "Verlust" in city.emergency["de"] or "verloren" in city.emergency["de"]
    assert [len(v.periods) for v in city.schedule.versions] == [10, 9]


def test_unknown_weekday(tmp_path: Path) -> None:
    message = refused(tmp_path, lambda d: august(d)[0].update(days=["mo", "xx"]))
    assert "schedule[0] (august-2021).periods[0]" in message
    assert "unknown weekday 'xx'" in message
    assert "use one of mo, tu, we, th, fr, sa, su" in message


def test_hour_25(tmp_path: Path) -> None:
    message = refused(tmp_path, lambda d: september(d)[1].update(end="25:00"))
    assert "schedule[1] (ab-september-2021).periods[1].end" in message
    assert "'25:00' is not a time of day; write 'HH:MM' from 00:00 to 23:59" in message


def test_hour_25_unquoted_in_yaml(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    text = REFERENCE.read_text(encoding="utf-8")
    path.write_text(text.replace('end: "18:00"', "end: 25:00"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"periods\[3\]\.end: '25:00' is not a time of day"):
        load_city(path)


def test_unquoted_times_are_read_as_times(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    text = REFERENCE.read_text(encoding="utf-8").replace('"13:00"', "13:00")
    path.write_text(text, encoding="utf-8")
    assert yaml.safe_load(text)["schedule"][1]["periods"][1]["start"] == 780  # YAML 1.1 base 60
    monday = load_city(path).schedule.versions[1].periods[1]
    assert (monday.start, monday.end) == (time(13), time(15))


def test_end_before_start(tmp_path: Path) -> None:
    message = refused(tmp_path, lambda d: august(d)[4].update(start="11:30", end="09:00"))
    assert "periods[4]" in message
    assert "end 09:00 is not after start 11:30" in message


def test_overlapping_periods_of_one_version(tmp_path: Path) -> None:
    message = refused(tmp_path, lambda d: september(d)[0].update(end="13:30"))
    assert "schedule[1] (ab-september-2021)" in message
    assert "periods 09:00-13:30 and 13:00-15:00 overlap on mo; shorten one or merge them" in message


def test_counter_hours_may_overlap_the_phone_window(tmp_path: Path) -> None:
    # Thursday 08:00-11:30 at the counters and 08:00-09:00 on the phone: both in the press release.
    city = load_city(write(tmp_path, lambda d: None))
    thursday = [p for p in city.schedule.versions[0].periods if 3 in p.weekdays]
    assert {p.kind for p in thursday} == {Kind.APPOINTMENT, Kind.EMERGENCY_PHONE}


def test_nth_rules_of_different_weeks_do_not_overlap(tmp_path: Path) -> None:
    extra = {"days": ["sa"], "nth": [1, 3], "start": "09:00", "end": "10:00", "kind": "walk_in"}
    city = load_city(write(tmp_path, lambda d: september(d).append(extra)))
    assert len(city.schedule.versions[1].periods) == 10
    last = {"days": ["sa"], "nth": [-1], "start": "09:00", "end": "10:00", "kind": "walk_in"}
    message = refused(tmp_path, lambda d: september(d).append(last))  # the last can be the 4th
    assert "overlap on sa" in message


def test_overlapping_versions(tmp_path: Path) -> None:
    message = refused(tmp_path, lambda d: d["schedule"][0].update(valid_until="2021-09-15"))
    assert "schedule (august-2021, ab-september-2021)" in message
    assert "versions overlap; end august-2021 before 2021-09-01" in message


def test_an_open_ended_version_before_another(tmp_path: Path) -> None:
    message = refused(tmp_path, lambda d: d["schedule"][0].pop("valid_until"))
    assert "versions overlap" in message


def test_nth_6(tmp_path: Path) -> None:
    message = refused(tmp_path, lambda d: september(d)[8].update(nth=[2, 6]))
    assert "periods[8]" in message
    assert "nth [2, 6] must list weeks 1 to 5 (or -1 for the last)" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: september(d)[0].update(kind="drop_in"), "unknown kind 'drop_in'; use one of"),
        (lambda d: d["schedule"][1].update(valid_from="2021-02-30"), "is not a date"),
        (lambda d: d["schedule"][0].update(valid_until="2021-07-01"), "valid_until is before"),
        (lambda d: d.update(timezone="Europe/Brandenburg"), "unknown time zone"),
        (lambda d: d["holidays"].update(subdiv="XX"), "no public holidays known"),
        (lambda d: d.update(closures=[{"date": "2021-12-24"}]), "closures[0]: write {date"),
        (lambda d: d.update(schedule=[]), "needs a non-empty list 'schedule'"),
        (lambda d: d["booking"].update(slot_minutes=20), "services[personalausweis].minutes"),
    ],
)
def test_other_mistakes_name_their_entry(tmp_path: Path, change, expected: str) -> None:
    assert expected in refused(tmp_path, change)


def test_a_closure_day_closes_the_office(tmp_path: Path) -> None:
    closure = {"date": "2021-12-24", "reason": {"de": "Heiligabend", "en": "Christmas Eve"}}
    city = load_city(write(tmp_path, lambda d: d.update(closures=[closure])))
    assert city.schedule.day(date(2021, 12, 24)) == []
    assert city.schedule.closed_reason(date(2021, 12, 24), "en") == "Christmas Eve"
    assert city.schedule.closed_reason(date(2021, 12, 23)) is None


def test_not_yaml_and_a_date_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("city: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml: line \d+: not valid YAML"):
        load_city(path)
    path.write_text("city: x\ntimezone: Europe/Berlin\nschedule:\n - valid_from: 2021-13-01\n")
    with pytest.raises(ConfigError, match=r"broken\.yaml: a date that does not exist"):
        load_city(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nowhere\.yaml: cannot read the config file"):
        load_city(tmp_path / "nowhere.yaml")
