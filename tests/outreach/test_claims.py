"""Claims in groups: two claimers racing for the same rows never both get one."""

from __future__ import annotations

import threading

from storage.outbox import Outbox, OutboxState
from tests.outreach.test_delivery import clock, queue, rows


def test_concurrent_claims_never_take_a_row_twice(db):
    queue(db, [f"telegram:{2000 + i}" for i in range(300)])
    outbox = Outbox(db)
    now = clock()
    assert outbox.acquire("w", now, ttl=60)
    ids = [r.id for r in rows(db)]
    claimed: list[list[int]] = [[], []]
    start = threading.Barrier(2)

    def claimer(k: int) -> None:
        order = ids if k == 0 else ids[::-1]  # they meet in the middle, then fight over all
        start.wait()
        for _ in range(2):
            for i in range(0, len(order), 25):
                claimed[k] += [m.id for m in outbox.claim(order[i : i + 25], "w", now)]

    threads = [threading.Thread(target=claimer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not set(claimed[0]) & set(claimed[1])
    assert sorted(claimed[0] + claimed[1]) == ids
    assert {(r.state, r.attempts) for r in rows(db)} == {(OutboxState.sending, 1)}


def test_a_claim_needs_the_lease(db):
    queue(db, ["telegram:3000", "telegram:3001"])
    outbox = Outbox(db)
    now = clock()
    assert outbox.acquire("holder", now, ttl=60)
    ids = [r.id for r in rows(db)]
    assert outbox.claim(ids, "someone else", now) == []
    claimed = outbox.claim(ids, "holder", now)
    assert [m.address for m in claimed] == ["telegram:3000", "telegram:3001"]
    assert outbox.claim(ids, "holder", now) == []  # taken already
