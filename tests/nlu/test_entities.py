"""Services, documents and contact data in whole messages, through the interpreter."""

from __future__ import annotations

import pytest

from nlu.interpreter import Interpreter


def found(result, entity):
    return [(e["value"], result["text"][e["start"] : e["end"]]) for e in result["entities"]
            if e["entity"] == entity]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("Termin für Perso", "personalausweis"),
        ("neuer Ausweis", "personalausweis"),
        ("Personalausweiß beantragen", "personalausweis"),
        ("Persnalausweis beantragen", "personalausweis"),  # typo
        ("ich brauche einen Pass", "reisepass"),
        ("Reisepassantrag", "reisepass"),  # compound
        ("Kinderreisepass für meinen Sohn", "kinderreisepass"),
        ("vorläufigen Ausweis bitte", "vorlaeufiger_personalausweis"),
        ("ich will mich ummelden", "wohnsitz_ummelden"),
        ("Ummeldung", "wohnsitz_ummelden"),
        ("Anmeldung neuer Wohnsitz", "wohnsitz_anmelden"),
        ("Abmeldung", "wohnsitz_abmelden"),
        ("Führungszeugnis", "fuehrungszeugnis"),
        ("fuehrungszeugnis", "fuehrungszeugnis"),
        ("Fuhrungszeugnis", "fuehrungszeugnis"),
        ("Führugszeugnis", "fuehrungszeugnis"),
        ("Meldebescheinigung", "meldebescheinigung"),
        ("Beglaubigung einer Kopie", "beglaubigung"),
        ("a new passport", "reisepass"),
        ("certificate of good conduct", "fuehrungszeugnis"),
        ("renew my ID card", "personalausweis"),
    ],
)
def test_services(interpreter, now, text, service):
    assert [v for v, _ in found(interpreter.parse(text, now), "service")] == [service]


@pytest.mark.parametrize(
    ("text", "document"),
    [
        ("hab meinen perso verloren", "personalausweis"),
        ("Reisepass gestohlen", "reisepass"),
        ("Kinderpass weg", "kinderreisepass"),
        ("Führerschein geklaut", "fuehrerschein"),
        ("Aufenthaltstitel verloren", "aufenthaltstitel"),
        ("alle Papiere weg", "papiere"),
        ("my driving licence was stolen", "fuehrerschein"),
        ("I lost my passport", "reisepass"),
    ],
)
def test_documents(interpreter, now, text, document):
    assert [v for v, _ in found(interpreter.parse(text, now), "document")] == [document]


def test_a_document_that_is_a_service_yields_both_over_one_span(interpreter, now):
    result = interpreter.parse("hab meinen perso verloren, was nu?", now)
    assert found(result, "document") == [("personalausweis", "perso")]
    assert found(result, "service") == [("personalausweis", "perso")]
    assert {e["extractor"] for e in result["entities"]} == {"Lexicon"}


def test_words_that_only_look_like_services_are_left_alone(interpreter, now):
    for text in (
        "Passfoto mitbringen?",
        "Wie ist das Passwort?",
        "Ich bin ausgeschlafen",
        "Termin für 2 Personen",
        "ich komme persönlich",
    ):
        assert found(interpreter.parse(text, now), "service") == [], text


def test_contacts(interpreter, now):
    text = "Ich heiße Anna Schmidt, Mail Anna.Schmidt@Example.DE, Tel. 0176 1234 5678"
    result = interpreter.parse(text, now)
    assert found(result, "name") == [("Anna Schmidt", "Anna Schmidt")]
    assert found(result, "email") == [("anna.schmidt@example.de", "Anna.Schmidt@Example.DE")]
    assert found(result, "phone") == [("+4917612345678", "0176 1234 5678")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hallo, ich heiße Peter Müller und brauche einen Termin", "Peter Müller"),
        ("mein Name ist Anna-Lena von Bülow", "Anna-Lena von Bülow"),
        ("My name is John Smith", "John Smith"),
        ("ich heiße nicht so", None),
        ("I'm not sure", None),
    ],
)
def test_stated_names(interpreter, now, text, name):
    assert [v for v, _ in found(interpreter.parse(text, now), "name")] == ([name] if name else [])


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("+49 3381 58-0", "+493381580"),
        ("(03381) 123456", "+493381123456"),
        ("0049 151 23456789", "+4915123456789"),
    ],
)
def test_phone_numbers(interpreter, now, text, phone):
    assert [v for v, _ in found(interpreter.parse(text, now), "phone")] == [phone]


def test_dates_are_not_phone_numbers(interpreter, now):
    result = interpreter.parse("am 15.09.2021 um 10", now)
    assert [e["entity"] for e in result["entities"]] == ["date", "time"]


def test_every_entity_has_the_rasa_keys(interpreter, now):
    text = "Termin für Perso morgen um 10, max@example.de"
    for e in interpreter.parse(text, now)["entities"]:
        assert {"entity", "value", "start", "end", "extractor"} <= e.keys()
        assert 0 <= e["start"] < e["end"] <= len(text)


def test_the_catalog_limits_and_extends_service_names(interpreter, now, city):
    with_catalog = Interpreter(interpreter.model, services=city.services)
    result = with_catalog.parse("Termin für Wohnsitz anmelden", now)
    assert [v for v, _ in found(result, "service")] == ["wohnsitz_anmelden"]
    only_passports = [s for s in city.services if s.id == "reisepass"]
    narrow = Interpreter(interpreter.model, services=only_passports)
    assert found(narrow.parse("Perso und Pass", now), "service") == [("reisepass", "Pass")]
