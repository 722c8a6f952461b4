from bot.policy import Decision, decide, slot_candidates
from nlu.references import find_code, find_persons


def msg(intent, text="", confidence=0.95, **entities):
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [{"entity": k, "value": v} for k, v in entities.items()],
    }


def test_rules_outside_forms():
    assert decide(None, None, msg("ask_walkin_hours"), False) == Decision(
        "action", "action_walkin_hours"
    )
    assert decide(None, None, msg("book_appointment"), False) == Decision(
        "start_form", "booking_form"
    )
    assert decide(None, None, msg("nlu_fallback"), False) == Decision("action", "action_fallback")


def test_abort_words_and_deny_leave_a_form():
    assert decide("booking_form", "date", msg("inform", "Abbrechen"), False) == Decision("abort")
    assert decide("booking_form", "date", msg("inform", "stop!"), False) == Decision("abort")
    assert decide("booking_form", "date", msg("deny", "nein"), False) == Decision("abort")


def test_deny_at_confirmation_is_an_answer_not_an_abort():
    assert decide("booking_form", "confirmed", msg("deny", "nein"), False) == Decision("form_step")


def test_question_interrupts_and_switching_forms():
    d = decide("booking_form", "date", msg("ask_opening_hours", "habt ihr samstags offen?"), False)
    assert d == Decision("interrupt", "action_opening_hours")
    d = decide("booking_form", "date", msg("cancel_appointment"), False)
    assert d == Decision("start_form", "cancel_form")


def test_unsure_question_does_not_interrupt_a_free_text_slot():
    m = msg("greet", "Hallo Meier", confidence=0.6)
    assert decide("booking_form", "name", m, False) == Decision("form_step")


def test_slot_candidates_follow_the_domain_mappings():
    m = msg("inform", "Reisepass am 15.9.", service="reisepass", date="2021-09-15")
    assert slot_candidates("booking_form", "service", m) == {
        "service": "reisepass",
        "date": "2021-09-15",
    }
    assert slot_candidates("booking_form", "name", msg("inform", " Erika Muster ")) == {
        "name": "Erika Muster"
    }
    assert slot_candidates("booking_form", "confirmed", msg("affirm", "ja")) == {"confirmed": True}
    assert slot_candidates("cancel_form", "confirmed", msg("deny", "nein")) == {"confirmed": False}
    assert slot_candidates("booking_form", "date", msg("affirm", "ja")) == {}
    m = msg("inform", "um halb zehn", time="09:30")
    assert slot_candidates("booking_form", "slot", m) == {"slot": "09:30"}


def test_codes_are_found_case_insensitively():
    assert find_code("mein termin bb-7k3qx bitte") == "BB-7K3QX"
    assert find_code("kein code") is None


def test_household_sizes_are_read_from_words_and_digits():
    assert find_persons("Termin für 2 Personen") == 2
    assert find_persons("for three people please") == 3
    assert find_persons("fuer vier leute") == 4
    assert find_persons("Termin für Personalausweis") is None
