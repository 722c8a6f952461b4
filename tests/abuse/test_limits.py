"""Limits a script cannot step around: a proof of work replayed on either worker, and the
client address rotated in X-Forwarded-For."""

from __future__ import annotations

import httpx

from tests.abuse.client import WebClient, text, to_a_time

REPLAYS = 5  # per sender: its whole conversation stays within the per-sender burst of 10


def test_a_solved_proof_counts_once_on_every_worker(served):
    accepted = tried = 0
    for i in range(3):
        client = WebClient(served.url, f"replayer-{i}", address=f"127.0.4.{i + 1}")
        times = to_a_time(client)
        solution = client.solved()
        assert "halte" in text(client.say(times[0], solution))  # its first use holds
        for t in times[1 : 1 + REPLAYS]:
            client.http.close()  # a new connection each time: either worker may answer
            client.http = httpx.Client(
                base_url=served.url,
                transport=httpx.HTTPTransport(local_address=f"127.0.4.{i + 1}"),
                timeout=120,
            )
            answer = text(client.say(t, solution))
            tried += 1
            accepted += "halte" in answer
        client.close()
    print(f"\nproof-of-work replays accepted across workers: {accepted} of {tried}")
    assert tried == 3 * REPLAYS and accepted == 0


def parses_until_limited(url: str, address: str, forwarded: bool, bound: int = 40) -> int:
    """/model/parse requests passed before the first 429 (at most `bound`)."""
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, transport=transport, timeout=120) as http:
        for i in range(bound):
            headers = {"X-Forwarded-For": f"198.51.100.{i + 1}"} if forwarded else {}
            r = http.post(
                "/model/parse", json={"text": "Wann haben Sie geöffnet?"}, headers=headers
            )
            if r.status_code == 429:
                return i
    return bound


def test_rotating_x_forwarded_for_passes_no_extra_request(served):
    plain = parses_until_limited(served.url, "127.0.5.1", forwarded=False)
    rotated = parses_until_limited(served.url, "127.0.5.2", forwarded=True)
    print(
        f"\nextra requests passed by rotating X-Forwarded-For: {rotated - plain} "
        f"({rotated} with, {plain} without)"
    )
    assert plain < 40 and rotated == plain


def test_a_rest_script_without_the_proof_holds_nothing(served):
    script = WebClient(served.url, "script", address="127.0.6.1")
    times = to_a_time(script)
    answer = text(script.say(times[0]))  # no solution sent
    script.close()
    assert "noch nicht für Sie reserviert" in answer
