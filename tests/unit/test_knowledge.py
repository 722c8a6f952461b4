"""Service knowledge and office facts from the config: dated fees, sources, refusals; the
topics a question is about and where they route it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.config import load_city
from bot.policy import routed_intent
from nlu import topics
from tests.unit.test_city_config import refused, write


def service(data: dict, service_id: str) -> dict:
    return next(s for s in data["services"] if s["id"] == service_id)


def test_fees_are_dated_versions(city) -> None:
    passport = city.service("reisepass").info
    in_2021 = passport.fees_on(date(2021, 9, 15))
    assert in_2021 and in_2021.items[0].euro == Decimal("60.00")
    assert "PassV" in in_2021.source
    assert passport.fees_on(date(2024, 1, 1)).items[0].euro == Decimal("70.00")
    assert passport.fees_on(date(2020, 12, 31)) is None
    card = city.service("personalausweis").info
    assert card.fees_on(date(2021, 9, 15)).items[0].euro == Decimal("37.00")
    assert card.fees_on(date(2026, 2, 7)).items[0].euro == Decimal("46.00")
    assert card.fees_on(date(2026, 2, 7)).confirm is True


def test_a_document_no_longer_issued_says_so(city) -> None:
    child = city.service("kinderreisepass").info
    assert child.fees_on(date(2021, 9, 15)).items[0].euro == Decimal("13.00")
    later = child.fees_on(date(2024, 3, 1))
    assert later.items == () and "2024" in later.note["de"]


def test_every_service_has_knowledge_and_unconfirmed_values_are_marked(city) -> None:
    for s in city.services:
        assert s.info.fees, s.id
        assert all(v.source for v in s.info.fees), s.id
        assert s.info.processing and s.info.processing.texts["en"], s.id
    assert city.location.address.startswith("Nicolaiplatz")
    assert city.location.confirm is True
    assert {r.id for r in city.referrals} == {
        "fahrerlaubnis", "zulassung", "standesamt", "auslaenderbehoerde",
    }  # fmt: skip
    assert all(r.phone and r.confirm for r in city.referrals)


def test_rules_that_start_on_a_day_apply_only_from_it(city) -> None:
    card = city.service("personalausweis").info
    assert "photo" not in card.special_on(date(2021, 9, 15))
    assert "photo" in card.special_on(date(2025, 5, 1))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: service(d, "reisepass")["fees"][0].pop("source"), "needs a source"),
        (lambda d: service(d, "reisepass")["fees"][0]["items"][0].update(euro="viel"), "euro"),
        (lambda d: service(d, "reisepass")["fees"][0]["items"][0].update(euro=-1), "euro"),
        (lambda d: service(d, "reisepass")["fees"].reverse(), "in order of valid_from"),
        (lambda d: service(d, "reisepass").update(walk_in="ja"), "true or false"),
        (lambda d: service(d, "kinderreisepass")["fees"][1].pop("note"), "note"),
        (lambda d: d["location"].update(email="kein-at"), "e-mail"),
        (lambda d: d["referrals"][0].pop("phone") and d["referrals"][0].pop("web"), "contact"),
        (lambda d: service(d, "reisepass")["processing"].pop("en"), "en"),
    ],
)
def test_broken_knowledge_is_refused_with_the_entry(tmp_path: Path, change, where) -> None:
    message = refused(tmp_path, change)
    assert where in message


def test_knowledge_is_optional(tmp_path: Path) -> None:
    def strip(d: dict) -> None:
        d.pop("location")
        d.pop("referrals")
        for s in d["services"]:
            for key in ("fees", "special", "processing", "walk_in", "appointment_needed"):
                s.pop(key, None)

    city = load_city(write(tmp_path, strip))
    assert city.referrals == () and city.location.address == ""
    assert city.service("reisepass").info.fees_on(date(2021, 9, 15)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Was kostet ein Reisepass?", ["fee"]),
        ("was brauch ich alles fürn perso", ["bring"]),
        ("Wie lange dauert es bis der Pass fertig ist", ["processing"]),
        ("Geht eine Meldebescheinigung ohne Termin?", ["walk_in"]),
        ("Ich habe keinen Termin – darf ich trotzdem kommen?", ["walk_in"]),
        ("Gibt es bei euch Parkplätze?", ["parking"]),
        ("Kommt man mit dem Rollstuhl rein?", ["accessibility"]),
        ("Kann ich mit einem Mitarbeiter sprechen?", ["human"]),
        ("How much is a passport for my daughter?", ["fee", "children"]),
        ("Guten Tag", []),
    ],
)
def test_topics(text: str, expected: list[str]) -> None:
    assert topics.topics(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich muss meinen Führerschein umschreiben lassen", ["fahrerlaubnis"]),
        ("wo kann ich mein auto anmelden", ["zulassung"]),
        ("Brauche eine Geburtsurkunde für mein Kind", ["standesamt"]),
        ("My residence permit expires soon", ["auslaenderbehoerde"]),
        ("Ich möchte mich ummelden", []),
    ],
)
def test_referrals(text: str, expected: list[str]) -> None:
    assert topics.referrals(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kann ich mittwochs ohne Termin kommen?", True),
        ("Hallo, habt ihr samstags offen?", True),
        ("Ich habe keinen Termin, darf ich trotzdem kommen?", True),
        ("Das geht auch ohne Termin, oder?", True),
        ("Is the office open on Saturday?", True),
        ("Wann habt ihr offen?", False),
        ("Was kostet ein Pass?", False),
        ("When can I come without an appointment?", False),
    ],
)
def test_yes_no_questions(text: str, expected: bool) -> None:
    assert topics.is_yes_no(text) is expected


def message(intent: str, text: str, *entities: tuple[str, str]) -> dict:
    found = [{"entity": "topic", "value": t} for t in topics.topics(text)]
    found += [{"entity": "referral", "value": r} for r in topics.referrals(text)]
    if topics.is_yes_no(text):
        found.append({"entity": "yes_no", "value": "yes"})
    found += [{"entity": k, "value": v} for k, v in entities]
    return {"text": text, "intent": {"name": intent, "confidence": 0.7}, "entities": found}


@pytest.mark.parametrize(
    ("intent", "text", "entities", "routed"),
    [
        ("report_emergency", "Was brauche ich für einen Reisepass?", [("service", "reisepass")],
         "service_info"),
        ("report_emergency", "Ich habe meinen Ausweis verloren", [], "report_emergency"),
        ("book_appointment", "Geht eine Meldebescheinigung ohne Termin?",
         [("service", "meldebescheinigung")], "service_info"),
        ("my_appointments", "Ich habe keinen Termin – darf ich trotzdem kommen?", [],
         "ask_walkin_hours"),
        ("book_appointment", "Ich brauche einen Termin für meine Hochzeit", [], "service_info"),
        ("ask_opening_hours", "Wo seid ihr und gibt es Parkplätze?", [], "office_contact"),
        ("ask_phone_booking", "Kann ich telefonisch einen Termin machen?", [],
         "ask_phone_booking"),
        ("cancel_appointment", "Termin absagen, ich hab den Führerschein nicht", [],
         "cancel_appointment"),
    ],
)  # fmt: skip
def test_routing(intent: str, text: str, entities: list, routed: str) -> None:
    assert routed_intent(message(intent, text, *entities), is_payload=False) == routed


def test_an_answer_in_a_form_is_not_rerouted() -> None:
    typed = message("inform", "erika@mail.de", ("email", "erika@mail.de"))
    assert routed_intent(typed, is_payload=False, in_form=True) == "inform"
    assert (
        routed_intent(message("inform", "Wo parke ich?"), False, in_form=True) == "office_contact"
    )
