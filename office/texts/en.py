"""English wording. Every user-facing English string lives here."""

TEXTS: dict[str, str] = {
    # schedule
    "kind.walk_in": "walk-in",
    "kind.appointment": "by appointment",
    "kind.emergency_phone": "emergency phone",
    "span": "{start}–{end}",
    "day.open": "{day}: {periods}",
    "day.closed": "{day}: closed",
    "day.holiday": "{day}: closed – {reason}",
    "day.next_saturday": "{day}: closed (open only on the 2nd and 4th Saturday of the month). "
    "Next open Saturday: {next}",
    "day.no_schedule": "{day}: no opening hours have been published for this day yet.",
    "list.and": " and ",
}
