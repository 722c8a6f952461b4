"""Rate buckets and the proof-of-work check, on injected clocks."""

from __future__ import annotations

from webfakes import solve

from bot.turn import Button, Response
from bot.web.limits import RateLimiter
from bot.web.proof import ProofOfWork
from bot.web.rasa_format import rasa_messages


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_a_bucket_allows_the_burst_then_the_rate_and_says_how_long_to_wait():
    clock = Clock()
    limiter = RateLimiter(per_minute=30, burst=3, clock=clock)
    assert [limiter.allow("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.allow("a") == 2.0  # one token every 2 s
    assert limiter.allow("b") == 0.0  # other keys have their own bucket
    clock.t += 2
    assert limiter.allow("a") == 0.0
    assert limiter.allow("a") > 0


def test_the_bucket_table_stays_bounded_under_a_flood_of_keys():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock)
    limiter.MAX_KEYS = 100
    for i in range(1000):
        limiter.allow(f"k{i}")
        clock.t += 0.001
    assert len(limiter._buckets) <= 100


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
