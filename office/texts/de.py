"""German wording (Sie). Every user-facing German string lives here."""

TEXTS: dict[str, str] = {
    # schedule
    "kind.walk_in": "ohne Termin",
    "kind.appointment": "mit Termin",
    "kind.emergency_phone": "Notfall-Telefon",
    "span": "{start}–{end} Uhr",
    "interval.walk_in": "{span} ohne Termin",
    "interval.appointment": "{span} mit Termin",
    "interval.emergency_phone": "Notfall-Telefon {span}",
    "day.open": "{day}: {periods}",
    "day.closed": "{day}: geschlossen",
    "day.holiday": "{day}: geschlossen – {reason}",
    "day.nth_only": "{day}: geschlossen (geöffnet nur {rule})",
    "day.none.walk_in": "{day}: keine Sprechzeiten ohne Termin",
    "day.none.appointment": "{day}: keine Sprechzeiten mit Termin",
    "day.none.emergency_phone": "{day}: kein Notfall-Telefon",
    "day.phone": "{head}; {phone}",
    "day.next_open": "{head}. Nächster offener {weekday}: {date}",
    "day.no_schedule": "{day}: Für diesen Tag sind noch keine Öffnungszeiten veröffentlicht.",
    "nth.rule": "jeden {nths} {weekday} im Monat",
    "nth.1": "1.",
    "nth.2": "2.",
    "nth.3": "3.",
    "nth.4": "4.",
    "nth.5": "5.",
    "nth.-1": "letzten",
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
    "staff.noshow.invalid": "„{text}“ ist keine Terminnummer wie BB-7K3QX.",
    "staff.noshow.blocked": "Die Person ist für Online-Buchungen gesperrt bis {until}.",
    "staff.noshow.marked": "{code} ist als nicht erschienen vermerkt.",
    "staff.noshow.not_found": "Einen Termin {code} finde ich nicht.",
    "staff.noshow.not_started": "Der Termin {code} hat noch nicht begonnen.",
    "staff.noshow.not_active": "Der Termin {code} ist nicht mehr aktiv (storniert oder erledigt).",
    "staff.cutover.preview": "Umstellung ab {day}. Aktive Termine, die abgesagt und deren "
    "Inhaber benachrichtigt würden: {total}",
    "staff.cutover.none": "Ab {day} gibt es keine aktiven Termine; es ist nichts abzusagen.",
    "staff.cutover.confirm": "Jetzt absagen ({total})",
    "staff.cutover.done": "Erledigt. Abgesagte Termine ab {day}: {count}. Die Benachrichtigungen "
    "werden versandt.",
    "staff.broadcast.usage": "Bitte mit Text: /rundschreiben Ihre Nachricht",
    "staff.broadcast.preview": "Rundschreiben (Empfänger: {count}):\n\n{text}",
    "staff.broadcast.confirm": "Jetzt senden ({count})",
    "staff.broadcast.done": "Zum Versand eingereiht: {count}.",
    "staff.unavailable": "Diese Funktion ist in dieser Installation nicht eingerichtet.",
    "status.booked": "gebucht",
    "status.confirmed": "bestätigt",
    "status.cancelled_by_citizen": "storniert",
    "status.cancelled_by_office": "vom Amt abgesagt",
    "status.no_show": "nicht erschienen",
    "status.attended": "erschienen",
    # web channel and widget
    "web.error.bad_json": "Die Anfrage ist kein gültiges JSON. Bitte senden Sie "
    '{"sender": "…", "message": "…"}.',
    "web.error.bad_request": "Bitte senden Sie ein JSON-Objekt mit „sender“ (Text aus "
    "Buchstaben, Ziffern und - _ . :, höchstens 64 Zeichen), „message“ (Text) und optional "
    "„metadata“ (Objekt).",
    "web.error.empty": "Bitte schreiben Sie eine Nachricht.",
    "web.error.too_large": "Die Anfrage ist zu groß (höchstens {kb} KB).",
    "web.error.too_long": "Ihre Nachricht ist leider zu lang. Bitte fassen Sie sich etwas kürzer "
    "(höchstens {max} Zeichen).",
    "web.error.rate": "Sie schreiben gerade sehr schnell. Bitte warten Sie {seconds} Sekunden und "
    "versuchen Sie es dann noch einmal.",
    "web.error.internal": "Es gibt gerade ein technisches Problem. Bitte versuchen Sie es in ein "
    "paar Minuten noch einmal.",
    "web.error.no_nlu": "Die Sprachverarbeitung ist auf diesem Server nicht eingerichtet.",
    "widget.launcher": "Fragen? Chat mit dem Bürgerservice",
    "widget.close": "Chat schließen",
    "widget.clear": "Verlauf löschen",
    "widget.input": "Ihre Nachricht",
    "widget.placeholder": "Ihre Frage …",
    "widget.send": "Senden",
    "widget.you": "Sie",
    "widget.bot": "Bürgerservice",
    "widget.typing": "Der Bürgerservice schreibt …",
    "widget.connecting": "Verbindung wird hergestellt …",
    "widget.offline": "Verbindung unterbrochen. Neuer Versuch in {seconds} Sekunden …",
    "widget.queued": "Ihre Nachricht wird gesendet, sobald die Verbindung wieder steht.",
    "widget.proof": "Sicherheitsprüfung läuft …",
    "widget.proof_done": "Sicherheitsprüfung abgeschlossen.",
    "widget.ics": "Termin in den Kalender übernehmen (.ics)",
    "widget.privacy": "Bitte geben Sie nur an, was für Ihr Anliegen nötig ist.",
    "widget.privacy_link": "Hinweise zum Datenschutz",
    "widget.new_window": "(öffnet in neuem Fenster)",
    "widget.unread": "Neue Nachricht",
    # privacy page (/datenschutz)
    "privacy.title": "Datenschutzhinweise zum Chat des Bürgerservice",
    "privacy.intro": "Der Chat beantwortet Fragen zu Öffnungszeiten und vergibt Termine beim "
    "{office}. Hier lesen Sie, welche Daten dabei verarbeitet werden und wie lange.",
    "privacy.chat.h": "Ihre Nachrichten",
    "privacy.chat.p": "Ihre Nachrichten werden nur verarbeitet, um Ihnen zu antworten. Der "
    "Gesprächsstand (zum Beispiel der gewählte Termin während einer Buchung) wird gespeichert und "
    "nach 30 Minuten ohne Nachricht verworfen. Die Texte Ihrer Nachrichten werden nicht "
    "protokolliert.",
    "privacy.booking.h": "Bei einer Terminbuchung",
    "privacy.booking.p": "Für einen Termin speichern wir Ihren Namen, Ihre E-Mail-Adresse oder "
    "Telefonnummer, die Dienstleistung und die Uhrzeit. Diese Daten werden {days} Tage nach dem "
    "Termin gelöscht.",
    "privacy.browser.h": "In Ihrem Browser",
    "privacy.browser.p": "Damit das Gespräch nach dem Neuladen der Seite weitergeht, speichert Ihr "
    "Browser eine zufällige Gesprächskennung und den Verlauf (lokaler Speicher, kein Cookie). Mit "
    "„Verlauf löschen“ im Chat entfernen Sie beides.",
    "privacy.abuse.h": "Schutz vor Missbrauch",
    "privacy.abuse.p": "Vor der Bestätigung eines Termins löst Ihr Browser eine kleine "
    "Rechenaufgabe (ALTCHA). Dafür werden keine Daten an Dritte übertragen und keine Cookies "
    "gesetzt. Die IP-Adresse wird nur kurzzeitig im Arbeitsspeicher gehalten, um zu viele Anfragen "
    "in kurzer Zeit abzuwehren.",
    "privacy.rights.h": "Ihre Rechte",
    "privacy.rights.p": "Sie können Auskunft, Berichtigung und Löschung Ihrer Daten verlangen. "
    "Wenden Sie sich dazu an den {office}, Telefon {phone}.",
    "list.comma": ", ",
    # what changes between two versions of the hours
    "changes.heading": "Was sich ab {date} ändert:",
    "changes.none": "Ab {date} bleiben die Öffnungszeiten unverändert.",
    "change.line": "{days}: {change}",
    "change.new": "neu {hours}",
    "change.kind": "{span} jetzt {kind} (bisher {was})",
    "change.moved": "jetzt {hours} (bisher {was})",
    "change.dropped": "{hours} entfällt",
    # calendar export
    "ics.summary": "{office}: {kind}",
    "ics.holidays_until": "An Feiertagen ist geschlossen; dieser Kalender nimmt die Feiertage "
    "bis zum {date} heraus.",
}
