"""Client keys and the proof-of-work check, on injected clocks (windows: tests/storage)."""

from __future__ import annotations

from webfakes import solve

from bot.turn import Button, Response
from bot.web.limits import client_key
from bot.web.proof import ProofOfWork
from bot.web.rasa_format import rasa_messages


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_ipv6_clients_count_by_their_64_network():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff::9")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("::ffff:198.51.100.7") == client_key("198.51.100.7") == "198.51.100.7"
    assert client_key("testclient") == "testclient"


def test_a_solution_expires_and_cannot_be_forged():
    clock = Clock()
    pow_ = ProofOfWork("key", max_number=500, ttl_seconds=60, clock=clock)
    solution = solve(pow_.challenge("web:a"))
    assert ProofOfWork("other-key", max_number=500, clock=clock).verify("web:a", solution) is False
    assert pow_.verify("web:a", "bm90IGpzb24=") is False
    assert pow_.verify("web:a", 42) is False
    clock.t += 61
    assert pow_.verify("web:a", solution) is False
    fresh = solve(pow_.challenge("web:a"))
    assert pow_.verify("web:a", fresh) is True


def test_rasa_shape_keeps_buttons_with_their_text_and_custom_apart():
    responses = [
        Response("Eins.\n\nZwei."),
        Response("Buchen?", (Button("Ja", "/affirm"),), custom={"proof": "booking"}),
    ]
    assert rasa_messages("r", responses) == [
        {"recipient_id": "r", "text": "Eins."},
        {"recipient_id": "r", "text": "Zwei."},
        {
            "recipient_id": "r",
            "text": "Buchen?",
            "buttons": [{"title": "Ja", "payload": "/affirm"}],
        },
        {"recipient_id": "r", "custom": {"proof": "booking"}},
    ]


def test_the_work_doubles_with_the_load_and_most_for_the_flooding_address():
    from limits.storage import MemoryStorage

    from bot.web.proof import Difficulty

    work = Difficulty(MemoryStorage(), base=1000, global_step=20, client_step=5, max_doublings=3)
    first = [work.next("flooder") for _ in range(12)]
    assert first[:4] == [1000] * 4 and first[4] == 2000 and first[9] == 4000
    assert work.next("citizen") == 1000  # the load so far is under one global step
    assert max(work.next("flooder") for _ in range(30)) == 8000  # capped at 2^3
