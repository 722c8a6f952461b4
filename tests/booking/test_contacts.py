"""Contact keys: one mailbox is one person however it is written; look-alikes are refused."""

from __future__ import annotations

import pytest

from nlu.contacts import extract
from office.contacts import (
    Contact,
    InvalidContact,
    canonical_email,
    is_email,
    normalize_contact,
)

ZWSP = "\u200b"
CYRILLIC_A = "\u0430"


@pytest.mark.parametrize(
    ("email", "phone", "key"),
    [
        ("  Anna.Muster@Example.ORG ", None, "email:anna.muster@example.org"),
        (None, "0176 12345678", "phone:+4917612345678"),
        (None, "+49 (176) 1234-5678", "phone:+4917612345678"),
        (None, "0049 176 12345678", "phone:+4917612345678"),
        (None, "03381 581300", "phone:+493381581300"),
        (None, "+43 664 1234567", "phone:+436641234567"),
        (None, "０１７６ １２３４５６７８", "phone:+4917612345678"),  # full-width digits
        ("anna@example.org", "0176 12345678", "email:anna@example.org"),
    ],
)
def test_person_key_from_normalised_contact(email, phone, key):
    contact = normalize_contact(email, phone)
    assert isinstance(contact, Contact) and contact.key == key


@pytest.mark.parametrize(
    ("email", "phone", "field"),
    [
        (None, None, "contact"),
        ("  ", "", "contact"),
        ("anna@", None, "email"),
        ("anna example.org", None, "email"),
        ("anna@example", None, "email"),
        ("anna..muster@example.org", None, "email"),
        ("@example.org", None, "email"),
        (None, "12", "phone"),
        (None, "call me maybe", "phone"),
        ("anna@example.org", "0000", "phone"),
    ],
)
def test_invalid_contact_names_the_field(email, phone, field):
    invalid = normalize_contact(email, phone)
    assert isinstance(invalid, InvalidContact) and invalid.field == field


# Every one of these reaches the mailbox peter.mueller@gmail.com.
SAME_MAILBOX = [
    "peter.mueller@gmail.com",
    "PeterMueller@Gmail.com",
    "p.e.t.e.r.m.u.e.l.l.e.r@gmail.com",
    "petermueller+termin@gmail.com",
    "peter.mueller+1@gmail.com",
    "peter.mueller+a+b@gmail.com",
    "petermueller@googlemail.com",
    "Peter.Mueller+x@GoogleMail.com",
    "ｐｅｔｅｒ．ｍｕｅｌｌｅｒ＠ｇｍａｉｌ．ｃｏｍ",  # full-width
    "PETER.MUELLER@GMAIL.COM",
    " peter.mueller@gmail.com ",
    "pe.ter.mu.el.ler+booking@gmail.com",
]


@pytest.mark.parametrize("spelling", SAME_MAILBOX)
def test_every_spelling_of_a_gmail_address_is_one_person(spelling):
    contact = normalize_contact(spelling, None)
    assert isinstance(contact, Contact)
    assert contact.key == "email:petermueller@gmail.com"


def test_the_address_written_to_keeps_dots_and_tags():
    parsed = canonical_email("Peter.Mueller+Termin@GoogleMail.com")
    assert parsed.address == "peter.mueller+termin@googlemail.com"
    assert parsed.mailbox == "petermueller@gmail.com"


@pytest.mark.parametrize(
    ("spelling", "mailbox"),
    [
        ("anna+termin@web.de", "anna@web.de"),  # plus tags fold everywhere (RFC 5233)
        ("a.nna@web.de", "a.nna@web.de"),  # dots matter outside Gmail
        ("anna-termin@yahoo.de", "anna@yahoo.de"),  # Yahoo's tags use a dash
        ("anna-maria@web.de", "anna-maria@web.de"),
        ("müller@münchen.de", "müller@xn--mnchen-3ya.de"),  # one key for IDN and punycode
        ("müller@xn--mnchen-3ya.de", "müller@xn--mnchen-3ya.de"),
        ("STRASSE@example.org", "strasse@example.org"),
        ("Straße@example.org", "strasse@example.org"),  # case folding, not lower-casing
    ],
)
def test_provider_aware_folding(spelling, mailbox):
    assert canonical_email(spelling).mailbox == mailbox


@pytest.mark.parametrize(
    ("spelling", "reason"),
    [
        (f"peter.mueller@gm{CYRILLIC_A}il.com", "look_alike"),  # a Cyrillic "а" in Latin
        (f"peter.mu{CYRILLIC_A}ller@gmail.com", "look_alike"),
        ("\u0440\u043e\u0440@gmail.com", "look_alike"),  # all-Cyrillic "рор" reads as "pop"
        ("peter.mueller@gmail.c\u03bfm", "look_alike"),  # Greek omicron
        (f"peter{ZWSP}.mueller@gmail.com", "invisible"),
        ("peter\u00admueller@gmail.com", "invisible"),  # soft hyphen
        ("peter\u2060mueller@gmail.com", "invisible"),  # word joiner
        ("peter mueller@gmail.com", "invisible"),
        ("\ufeffpeter.mueller@gmail.com", "invisible"),
        ("x" * 65 + "@example.org", "too_long"),  # local part over 64 octets
        ("a@" + ".".join(["b" * 60] * 5) + ".de", "too_long"),  # address over 254 octets
        ("a" * 5000 + "@example.org", "too_long"),  # refused before any Unicode work
    ],
)
def test_look_alikes_invisibles_and_overlong_addresses_are_refused(spelling, reason):
    assert normalize_contact(spelling, None) == InvalidContact("email", reason)


def test_other_scripts_on_their_own_are_addresses():
    assert isinstance(canonical_email("山田@example.jp"), type(canonical_email("a@b.de")))
    assert canonical_email("jürgen@example.de").mailbox == "jürgen@example.de"


def test_the_longest_rfc_address_is_accepted():
    local = "l" * 64
    domain = "d" * 63 + "." + "d" * 63 + "." + "d" * 58 + ".de"  # 64 + 1 + 189 = 254 octets
    assert len(local) + 1 + len(domain) == 254
    assert canonical_email(f"{local}@{domain}").mailbox == f"{local}@{domain}"
    longer = "d" * 63 + "." + "d" * 63 + "." + "d" * 59 + ".de"
    assert canonical_email(f"{local}@{longer}") == InvalidContact("email", "too_long")


def test_the_extractor_keeps_hidden_characters_in_the_address_so_it_is_refused():
    [email] = [e["value"] for e in extract(f"meine Adresse: peter{ZWSP}.mueller@gmail.com")]
    assert canonical_email(email) == InvalidContact("email", "invisible")


def test_the_extractor_finds_a_full_width_address():
    [email] = [e["value"] for e in extract("ｐｅｔｅｒ＠ｇｍａｉｌ．ｃｏｍ bitte")]
    assert is_email(email) and canonical_email(email).mailbox == "peter@gmail.com"
