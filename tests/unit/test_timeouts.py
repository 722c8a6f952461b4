"""A dead PostgreSQL costs a turn one connect budget: the pooled connection's ping and the
reconnect after it share `connect_s` (libpq counts whole seconds, at least 2)."""

import pytest

from storage.timeouts import Timeouts


@pytest.mark.parametrize(
    ("connect_s", "ping_s", "libpq_s"),
    [(5.0, 2.0, 3), (3.0, 1.0, 2), (10.0, 2.0, 8), (4.5, 2.0, 2)],
)
def test_ping_and_reconnect_share_the_connect_budget(connect_s, ping_s, libpq_s):
    timeouts = Timeouts(connect_s=connect_s)
    assert (timeouts.ping_s, timeouts.libpq_connect_s) == (ping_s, libpq_s)
    assert timeouts.ping_s + timeouts.libpq_connect_s <= connect_s


def test_below_libpqs_minimum_the_ping_keeps_half_a_second():
    timeouts = Timeouts(connect_s=2.0)
    assert (timeouts.ping_s, timeouts.libpq_connect_s) == (0.5, 2)
