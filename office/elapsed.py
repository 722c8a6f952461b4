"""Elapsed time on aware datetimes. Python adds a timedelta to an aware datetime on its wall
clock, within its zone: across the end of summer time, 02:50 CEST + 15 minutes gives 03:05 CET,
an hour and a quarter later. The product's clock is on Berlin time, so durations — holds,
leases, links, cutoffs — are added here, in UTC, and handed back in the zone they came in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def after(t: datetime, duration: timedelta) -> datetime:
    """The instant `duration` of real time after `t`, in `t`'s zone."""
    return (t.astimezone(UTC) + duration).astimezone(t.tzinfo)


def before(t: datetime, duration: timedelta) -> datetime:
    """The instant `duration` of real time before `t`, in `t`'s zone."""
    return after(t, -duration)
