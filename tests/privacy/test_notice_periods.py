"""The privacy notice states the periods the purge applies: both read them from the config."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml

from bot.web.pages import privacy_page
from office.city import ConfigError, Retention, parse_city
from office.texts import t
from tests.conftest import CONFIG


def numbers_near(text: str, unit: str) -> set[int]:
    return {int(n) for n in re.findall(rf"(\d+)[ -](?:{unit})\b", text)}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_page_and_chat_notice_name_the_configured_periods(city, lang):
    r = dataclasses.replace(
        city.retention, appointment_days=41, form_minutes=17, conversation_days=23, notice_days=9
    )
    page = privacy_page(lang, office="Bürgerservice", phone="0", retention=r)
    chat = t(lang, "privacy", office="Bürgerservice", phone="0", **r.notice_values())
    day, minute = ("Tage", "Minuten") if lang == "de" else ("days", "minute|minutes")
    assert numbers_near(page, day) == {41, 23, 9}
    assert numbers_near(page, minute) == {17}
    assert numbers_near(chat, day) == {41}
    assert numbers_near(chat, minute) == {17}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_served_page_states_the_periods_of_the_city_it_serves(city, lang):
    """/datenschutz of the web app, over a city whose config says other periods."""
    from starlette.testclient import TestClient

    from bot.web import create_app
    from tests.web.webfakes import ScriptedEngine

    r = dataclasses.replace(
        city.retention, appointment_days=44, form_minutes=13, conversation_days=22, notice_days=8
    )
    app = create_app(ScriptedEngine(), city=dataclasses.replace(city, retention=r))
    with TestClient(app) as client:
        page = client.get("/datenschutz", params={"lang": lang}).text
    day, minute = ("Tage", "Minuten") if lang == "de" else ("days", "minute|minutes")
    assert numbers_near(page, day) == {44, 22, 8}
    assert numbers_near(page, minute) == {13}


def test_the_reference_city_keeps_what_its_notice_promises(city):
    assert city.retention == Retention(30, 30, 30, 30, 10)


@pytest.mark.parametrize(
    ("retention", "message"),
    [
        ({"forever": 1}, "unknown period"),
        ({"form_minutes": 0}, "whole number"),
        ({"appointment_days": "30"}, "whole number"),
        ([1], "mapping"),
    ],
)
def test_bad_periods_are_named(city_data, retention, message):
    with pytest.raises(ConfigError, match=message):
        parse_city({**city_data, "retention": retention}, "city.yaml")


def test_the_old_booking_key_says_where_it_went(city_data):
    data = {**city_data, "booking": {**city_data["booking"], "retention_days": 30}}
    with pytest.raises(ConfigError, match="retention.appointment_days"):
        parse_city(data, "city.yaml")


@pytest.fixture
def city_data():
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
