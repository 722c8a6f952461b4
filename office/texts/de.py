"""German wording (Sie). Every user-facing German string lives here."""

TEXTS: dict[str, str] = {
    # schedule
    "kind.walk_in": "ohne Termin",
    "kind.appointment": "mit Termin",
    "kind.emergency_phone": "Notfall-Telefon",
    "span": "{start}–{end} Uhr",
    "day.open": "{day}: {periods}",
    "day.closed": "{day}: geschlossen",
    "day.holiday": "{day}: geschlossen – {reason}",
    "day.next_saturday": "{day}: geschlossen (nur am 2. und 4. Samstag im Monat). "
    "Nächster offener Samstag: {next}",
    "day.no_schedule": "{day}: Für diesen Tag sind noch keine Öffnungszeiten veröffentlicht.",
    "list.and": " und ",
}
