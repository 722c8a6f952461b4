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
    # privacy (/datenschutz)
    "privacy": "Datenschutz beim Chat-Assistenten des {office}\n\n"
    "• Wir speichern nur, was Ihre Anfrage braucht: den Stand des Gesprächs (nach 30 Minuten "
    "Pause verworfen) und für eine Buchung Ihren Namen, Ihre E-Mail-Adresse oder Telefonnummer "
    "und den Termin.\n"
    "• Wir nutzen diese Daten nur für Ihren Termin und Hinweise dazu, etwa wenn ein Termin "
    "entfällt. Keine Werbung, keine Weitergabe.\n"
    "• {days} Tage nach dem Termin löschen wir Ihre personenbezogenen Daten.\n"
    "• Telegram verarbeitet Nachrichten nach eigenen Bedingungen. Wenn Sie das nicht möchten, "
    "nutzen Sie den Chat auf der Website der Stadt oder rufen Sie uns an: {phone}.\n"
    "• Auskunft über Ihre Daten und deren Löschung erhalten Sie beim Bürgerservice.",
    # telegram
    "tg.cmd.book": "Termin buchen",
    "tg.cmd.hours": "Öffnungszeiten",
    "tg.cmd.walkin": "Sprechzeiten ohne Termin",
    "tg.cmd.emergency": "Notfall: Dokument verloren oder gestohlen",
    "tg.cmd.appointments": "Meine Termine",
    "tg.cmd.cancel": "Termin stornieren",
    "tg.cmd.language": "Sprache wählen / Choose language",
    "tg.cmd.privacy": "Datenschutz",
    "tg.cmd.help": "Was ich kann",
    "tg.chosen": "Ihre Auswahl: {choice}",
    "tg.choose": "Bitte wählen Sie:",
    "tg.button_used": "Hier haben Sie bereits gewählt.",
    "tg.button_invalid": "Diese Schaltfläche ist nicht mehr gültig. Bitte wählen Sie im "
    "neuesten Angebot oder schreiben Sie mir einfach.",
    "tg.text_only": "Ich kann leider nur Textnachrichten lesen. Schreiben Sie mir bitte, "
    "worum es geht.",
    "tg.apology": "Entschuldigung, da ist bei mir etwas schiefgegangen. Bitte versuchen Sie es "
    "gleich noch einmal.",
    # staff
    "staff.day.header": "Termine am {day}: {count}",
    "staff.day.line": "{time} Uhr · {code} · {service} · {name} · {status}",
    "staff.day.empty": "Am {day} sind keine Termine gebucht.",
    "staff.date_invalid": "Das Datum „{text}“ verstehe ich nicht. Bitte so: 15.09.2021",
    "staff.noshow.usage": "Bitte mit Terminnummer: /noshow BB-7K3QX",
    "staff.noshow.marked": "{code} ist als nicht erschienen vermerkt.",
    "staff.noshow.not_found": "Einen Termin {code} finde ich nicht.",
    "staff.noshow.not_started": "Der Termin {code} hat noch nicht begonnen.",
    "staff.noshow.not_active": "Der Termin {code} ist nicht mehr aktiv (storniert oder erledigt).",
    "staff.cutover.preview": "Umstellung ab {day}: {total} aktive Termine würden abgesagt und die "
    "Betroffenen benachrichtigt.",
    "staff.cutover.none": "Ab {day} gibt es keine aktiven Termine; es ist nichts abzusagen.",
    "staff.cutover.confirm": "{total} Termine jetzt absagen",
    "staff.cutover.done": "Erledigt: {count} Termine ab {day} abgesagt; die Benachrichtigungen "
    "werden versandt.",
    "staff.broadcast.usage": "Bitte mit Text: /rundschreiben Ihre Nachricht",
    "staff.broadcast.preview": "Rundschreiben an {count} Empfänger:\n\n{text}",
    "staff.broadcast.confirm": "An {count} Empfänger senden",
    "staff.broadcast.done": "{count} Nachrichten sind zum Versand eingereiht.",
    "staff.unavailable": "Diese Funktion ist in dieser Installation nicht eingerichtet.",
    "status.booked": "gebucht",
    "status.confirmed": "bestätigt",
    "status.cancelled_by_citizen": "storniert",
    "status.cancelled_by_office": "vom Amt abgesagt",
    "status.no_show": "nicht erschienen",
    "status.attended": "erschienen",
}
