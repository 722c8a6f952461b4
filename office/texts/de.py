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
    "range.to": "{first} bis {last}",
    "list.and": " und ",
    # privacy (/datenschutz)
    "privacy": "Datenschutz beim Chat-Assistenten des {office}\n\n"
    "• Wir speichern nur, was Ihre Anfrage braucht: den Stand des Gesprächs (nach "
    "{form_minutes} Minuten Pause verworfen) und für eine Buchung Ihren Namen, Ihre "
    "E-Mail-Adresse oder Telefonnummer und den Termin.\n"
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
    "status.pending": "vorgemerkt (Kontakt noch nicht bestätigt)",
    "status.booked": "gebucht",
    "status.confirmed": "bestätigt",
    "status.cancelled_by_citizen": "storniert",
    "status.cancelled_by_office": "vom Amt abgesagt",
    "status.cancelled_by_cutover": "wegen der Umstellung abgesagt",
    "status.released_unconfirmed": "freigegeben (nicht bestätigt)",
    "status.released_unverified": "freigegeben (Kontakt nicht bestätigt)",
    "status.no_show": "nicht erschienen",
    "status.checked_in": "erschienen",
    "status.purged": "gelöscht",
    # web channel and widget
    "web.error.bad_json": "Die Anfrage ist kein gültiges JSON. Bitte senden Sie "
    '{"sender": "…", "message": "…"}.',
    "web.error.bad_sender": "Bitte geben Sie „sender“ an: einen Text von 1 bis {max} Zeichen "
    "ohne Steuerzeichen oder eine Zahl.",
    "web.error.bad_request": "Bitte senden Sie ein JSON-Objekt mit „sender“ (Text "
    "bis 256 Zeichen oder eine Zahl), „message“ (Text) und optional "
    "„metadata“ (Objekt).",
    "web.error.not_json": "Bitte senden Sie die Anfrage als JSON (Content-Type: application/json).",
    "web.error.origin": "Diese Seite darf den Chat nicht einbinden.",
    "web.error.too_slow": "Die Anfrage kam zu langsam an. Bitte versuchen Sie es noch einmal.",
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
    "widget.time": "{time} Uhr",
    "widget.confirm_title": "Ihr Termin",
    "widget.confirm_code": "Code",
    "widget.confirm_date": "Datum",
    "widget.confirm_time": "Uhrzeit",
    "widget.confirm_place": "Ort",
    "widget.unreachable": "Der Chat ist gerade nicht erreichbar. So erreichen Sie uns:",
    "widget.phone": "Telefon:",
    "widget.unread": "Neue Nachricht",
    # privacy page (/datenschutz)
    "privacy.title": "Datenschutzhinweise zum Chat des Bürgerservice",
    "privacy.intro": "Der Chat beantwortet Fragen zu Öffnungszeiten und vergibt Termine beim "
    "{office}. Hier lesen Sie, welche Daten dabei verarbeitet werden und wie lange.",
    "privacy.chat.h": "Ihre Nachrichten",
    "privacy.chat.p": "Ihre Nachrichten werden nur verarbeitet, um Ihnen zu antworten. Der "
    "Gesprächsstand (zum Beispiel der gewählte Termin, Name und Kontakt während einer Buchung) "
    "wird nach {form_minutes} Minuten ohne Nachricht verworfen; nur die gewählte Sprache bleibt "
    "{conversation_days} Tage. Die Texte Ihrer Nachrichten werden nicht protokolliert.",
    "privacy.booking.h": "Bei einer Terminbuchung",
    "privacy.booking.p": "Für einen Termin speichern wir Ihren Namen, Ihre E-Mail-Adresse oder "
    "Telefonnummer, die Dienstleistung und die Uhrzeit. Diese Daten werden {days} Tage nach dem "
    "Termin gelöscht, Benachrichtigungen an Sie {notice_days} Tage nach dem Versand.",
    "privacy.browser.h": "In Ihrem Browser",
    "privacy.browser.p": "Damit das Gespräch nach dem Neuladen der Seite weitergeht, speichert Ihr "
    "Browser eine zufällige Gesprächskennung und den Verlauf (lokaler Speicher, kein Cookie). Mit "
    "„Verlauf löschen“ im Chat entfernen Sie beides.",
    "privacy.abuse.h": "Schutz vor Missbrauch",
    "privacy.abuse.p": "Vor der Bestätigung eines Termins löst Ihr Browser eine kleine "
    "Rechenaufgabe (ALTCHA). Dafür werden keine Daten an Dritte übertragen und keine Cookies "
    "gesetzt. Die IP-Adresse wird nur für wenige Minuten gespeichert, um zu viele Anfragen in "
    "kurzer Zeit abzuwehren.",
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
    # conversation
    "greet": "Guten Tag! Ich bin der Chat-Assistent des {office}. Wobei kann ich helfen?",
    "help": "Ich kann Ihnen sagen, wann wir geöffnet haben – mit und ohne Termin –, einen Termin "
    "buchen, verschieben oder stornieren und Ihnen im Notfall weiterhelfen.",
    "thank": "Gern geschehen!",
    "goodbye": "Auf Wiedersehen und einen schönen Tag!",
    "fallback": "Das habe ich leider nicht verstanden. Wählen Sie bitte eine der Möglichkeiten "
    "oder formulieren Sie Ihre Frage anders.",
    "out_of_scope": "Dabei kann ich leider nicht helfen. Ich beantworte Fragen zu Öffnungszeiten "
    "und Terminen des Bürgerservice.",
    "elsewhere": "Für {topics}: {contacts}.",
    "error": "Entschuldigung, gerade gibt es ein technisches Problem. Bitte versuchen Sie es in "
    "ein paar Minuten noch einmal.",
    "payload_invalid": "Diese Auswahl ist nicht (mehr) gültig. Bitte wählen Sie eine der "
    "angebotenen Möglichkeiten.",
    "language_set": "Gern, ich schreibe ab jetzt auf Deutsch.",
    "language_choose": "In welcher Sprache möchten Sie schreiben?",
    # buttons
    "button.book": "Termin buchen",
    "button.hours": "Öffnungszeiten",
    "button.walk_in": "Ohne Termin",
    "button.emergency": "Notfall",
    "button.my_appointments": "Meine Termine",
    "button.cancel": "Termin stornieren",
    "button.reschedule": "Termin verschieben",
    "button.yes": "Ja",
    "button.no": "Nein",
    "button.abort": "Abbrechen",
    "button.more_days": "Andere Tage",
    # hours
    "hours.week": "Unsere Öffnungszeiten in dieser Woche:",
    "hours.now_open": "Gerade ist geöffnet ({kind}) bis {until} Uhr.",
    "hours.now_closed": "Gerade ist geschlossen.",
    "hours.next": "Nächste Sprechzeit {kind}: {day}, {span}.",
    "hours.none_published": "Für diese Zeit sind noch keine Öffnungszeiten veröffentlicht.",
    "walk_in.intro": "Ohne Termin können Sie zu diesen Zeiten kommen:",
    "walk_in.from": "Ab {day} können Sie ohne Termin kommen:",
    "walk_in.none": "Derzeit gibt es keine Sprechzeiten ohne Termin.",
    "weekly.line": "{day}: {spans}",
    "walk_in.day_none": "{day}: keine Sprechzeit ohne Termin.",
    # emergency
    "emergency.intro": "Bei Verlust oder Diebstahl gültiger Dokumente helfen wir Ihnen schnell.",
    "emergency.phone": "Für dringende Notfälle erreichen Sie uns {days}, {span}, unter {phone}.",
    "emergency.phone_now": "Das Notfall-Telefon ist gerade erreichbar, bis {until} Uhr.",
    "emergency.phone_next": "Das Notfall-Telefon ist wieder erreichbar am {day} ab {start} Uhr.",
    "emergency.walk_in": "Kommen Sie bitte in unsere Sprechzeit ohne Termin – die nächste ist am "
    "{day}, {span}.",
    "emergency.document": "Bringen Sie bitte, wenn vorhanden, die Verlust- oder Diebstahlsanzeige "
    "der Polizei mit.",
    # phone booking
    "phone_booking": "Termine vergeben wir nur noch online – telefonisch ist das leider nicht mehr "
    "möglich. Ich kann hier direkt einen Termin für Sie buchen. Oder Sie kommen in unsere "
    "Sprechzeiten ohne Termin.",
    # cutover
    "cutover.info": "Alle Termine ab dem {date} sind entfallen, weil die Terminvergabe neu "
    "aufgesetzt wurde.",
    "cutover.yours": "Betroffen war auch Ihr Termin am {day} um {time} Uhr ({service}).",
    "cutover.rebook": "Bitte buchen Sie einen neuen Termin online oder nutzen Sie unsere "
    "Sprechzeiten ohne Termin.",
    # notices (cutover, reminders, released appointments, news)
    "notice.cutover.subject": "Ihr Termin am {date} entfällt",
    "notice.cutover.also": "Ebenfalls abgesagt ist Ihr Termin {appointment}.",
    "notice.why": "Warum? {why}",
    "notice.rebook_online": "Einen neuen Termin buchen Sie online: {url}",
    "notice.reminder.subject": "Erinnerung an Ihren Termin am {date}",
    "notice.reminder": "Erinnerung: Ihr Termin {appointment} (Nr. {code}).",
    "notice.deadline": "{day}, {time} Uhr",
    "notice.reminder.confirm": "Bitte bestätigen Sie bis {deadline}, dass Sie kommen. Ohne "
    "Bestätigung geben wir den Termin für andere frei.",
    "notice.reminder.plain": "Wenn Sie nicht kommen können, sagen Sie den Termin bitte im Chat "
    "ab oder rufen Sie uns an: {phone}.",
    "notice.released.subject": "Ihr Termin am {date} ist freigegeben",
    "notice.released": "Ihren Termin {appointment} haben Sie nicht bestätigt. Wir haben ihn "
    "deshalb für andere freigegeben. Sie können gern einen neuen Termin buchen oder in unsere "
    "Sprechzeiten ohne Termin kommen.",
    "notice.news.subject": "Neuigkeiten vom {office}",
    "notice.news.plain": "Sie erhalten diese Nachricht, weil Sie Neuigkeiten des Bürgerservice "
    "abonniert haben oder von einer Terminänderung betroffen sind.",
    "button.rebook": "Neuen Termin buchen",
    "button.coming": "Ich komme",
    "button.cancel_appointment": "Absagen",
    "button.subscribe": "Neuigkeiten abonnieren",
    "button.unsubscribe": "Neuigkeiten abbestellen",
    "news.subscribed": "Gern! Sie erhalten Neuigkeiten des Bürgerservice ab jetzt hier im Chat. "
    "Abbestellen können Sie jederzeit.",
    "news.already": "Sie erhalten unsere Neuigkeiten bereits hier im Chat.",
    "news.unsubscribed": "In Ordnung, Sie erhalten keine Neuigkeiten mehr.",
    "news.not_subscribed": "Sie haben keine Neuigkeiten abonniert.",
    "news.unavailable": "Neuigkeiten kann ich in diesem Kanal leider nicht zustellen.",
    "confirm.done": "Danke! Ihr Termin {appointment} ist bestätigt. Bis bald!",
    "confirm.not_active": "Dieser Termin ist nicht mehr aktiv. Möchten Sie einen neuen buchen?",
    "confirm.unknown": "Diesen Termin finde ich bei Ihnen nicht.",
    "staff.cutover.already": "Die Umstellung ab {day} wurde bereits ausgeführt ({count} Termine "
    "abgesagt). Es ändert sich nichts.",
    # verified contacts: the e-mail code, the links in e-mails and the pages they open
    "verify.sent": "Fast geschafft! Ich halte den Termin {minutes} Minuten für Sie. Wir haben "
    "Ihnen eine E-Mail mit einem 6-stelligen Code an {email} geschickt.",
    "verify.ask_code": "Bitte geben Sie den Code hier ein – oder öffnen Sie den Link in der "
    "E-Mail.",
    "verify.wrong": "Dieser Code stimmt leider nicht. Sie haben noch {left} Versuche.",
    "verify.not_a_code": "Bitte geben Sie den 6-stelligen Code aus der E-Mail ein.",
    "verify.expired": "Dieser Code gilt nicht mehr. Der Termin ist nicht gebucht – bitte buchen "
    "Sie ihn noch einmal.",
    "verify.already": "Ihr Termin ist bereits bestätigt: {appointment}.",
    "verify.email_only": "Für eine Online-Buchung brauchen wir Ihre E-Mail-Adresse: Dorthin "
    "schicken wir den Bestätigungscode. Eine Telefonnummer allein genügt leider nicht.",
    "verify.email_sent": "Damit wir Ihnen auch per E-Mail schreiben dürfen, bestätigen Sie bitte "
    "Ihre Adresse: Geben Sie den 6-stelligen Code aus unserer E-Mail hier ein – oder öffnen Sie "
    "den Link darin.",
    "verify.email_done": "Danke! Ihre E-Mail-Adresse ist bestätigt. Wir schreiben Ihnen zu Ihrem "
    "Termin jetzt auch per E-Mail.",
    "verify.email_unknown": "Zu diesem Code habe ich nichts zu bestätigen. Wie kann ich helfen?",
    "verify.email_expired": "Dieser Code gilt nicht mehr. Wenn Sie bei Ihrer nächsten Buchung "
    "Ihre E-Mail-Adresse angeben, schicken wir Ihnen einen neuen.",
    "book.limit_sent": "Für diese Kontaktdaten gibt es schon einen Termin. Wir haben Ihnen Ihren "
    "bestehenden Termin an die hinterlegte Adresse geschickt. Pro Person ist ein Termin möglich.",
    "notice.code.subject": "Ihr Bestätigungscode: {code}",
    "notice.code": "Guten Tag,\n\nbitte bestätigen Sie Ihre Terminbuchung: {appointment}.\n\n"
    "Ihr Code: {code}\n\nGeben Sie ihn im Chat ein oder öffnen Sie diesen Link:\n{url}\n\n"
    "Der Code gilt {minutes} Minuten. Ohne Bestätigung geben wir den Termin wieder frei. Wenn "
    "Sie nichts gebucht haben, können Sie diese E-Mail einfach ignorieren.",
    "notice.email.subject": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
    "notice.email": "Guten Tag,\n\nSie haben diese Adresse beim Bürgerservice angegeben. Damit "
    "wir Ihnen Nachrichten zu Ihrem Termin auch per E-Mail schicken dürfen, bestätigen Sie sie "
    "bitte.\n\nIhr Code: {code}\n\nGeben Sie ihn im Chat ein oder öffnen Sie diesen Link:\n{url}"
    "\n\nCode und Link gelten {hours} Stunden. Wenn Sie das nicht "
    "waren, ignorieren Sie diese E-Mail bitte.",
    "notice.booked.subject": "Ihr Termin am {date} ist gebucht",
    "notice.booked": "Guten Tag,\n\nIhr Termin ist gebucht: {appointment}.\nIhre "
    "Buchungsnummer: {code}",
    "notice.cancel_link": "Falls Sie nicht kommen können, sagen Sie den Termin bitte hier ab:\n"
    "{url}",
    "notice.ics": "Den Termin für Ihren Kalender finden Sie im Anhang.",
    "notice.existing.subject": "Ihr bestehender Termin am {date}",
    "notice.existing": "Guten Tag,\n\nmit Ihren Kontaktdaten wurde gerade versucht, einen "
    "weiteren Termin zu buchen. Pro Person ist ein Termin möglich. Ihr bestehender Termin: "
    "{appointment} (Nr. {code}).",
    "notice.existing.plain": "Wenn Sie das nicht waren, müssen Sie nichts tun.",
    "notice.reminder.links": "Ich komme:\n{confirm}\n\nAbsagen:\n{cancel}",
    "link.title": "Ihr Termin",
    "link.verify.ask": "Bitte bestätigen Sie Ihre Buchung: {appointment}.",
    "link.verify.button": "Termin bestätigen",
    "link.verify.done": "Danke! Ihr Termin ist gebucht: {appointment}. Ihre Buchungsnummer: "
    "{code}. Die Bestätigung mit dem Termin für Ihren Kalender schicken wir Ihnen per E-Mail.",
    "link.cancel.ask": "Möchten Sie Ihren Termin {appointment} (Nr. {code}) wirklich absagen?",
    "link.cancel.button": "Termin absagen",
    "link.cancel.done": "Ihr Termin {appointment} ist abgesagt. Der Platz ist wieder für andere "
    "frei.",
    "link.confirm.ask": "Kommen Sie zu Ihrem Termin {appointment} (Nr. {code})?",
    "link.confirm.button": "Ja, ich komme",
    "link.confirm.done": "Danke! Ihr Termin {appointment} ist bestätigt. Bis bald!",
    "link.email.ask": "Bitte bestätigen Sie, dass Ihnen diese E-Mail-Adresse gehört.",
    "link.email.button": "E-Mail-Adresse bestätigen",
    "link.email.done": "Danke! Ihre E-Mail-Adresse ist bestätigt.",
    "link.invalid": "Dieser Link ist nicht mehr gültig: Er wurde schon benutzt, ist abgelaufen "
    "oder der Termin ist vorbei. Bei Fragen erreichen Sie uns unter {phone}.",
    # forms
    "form.aborted": "In Ordnung, ich habe abgebrochen. Wobei kann ich sonst helfen?",
    "form.not_understood": "Das habe ich leider nicht verstanden.",
    # booking
    "book.ask_service": "Wofür möchten Sie einen Termin buchen?",
    "book.unknown_service": "Diese Leistung kenne ich leider nicht. Bitte wählen Sie eine aus "
    "der Liste.",
    "book.ask_date": "An welchem Tag möchten Sie kommen? Hier sind die nächsten Tage mit freien "
    "Terminen – oder schreiben Sie ein Datum, z. B. „15.9.“.",
    "book.no_days": "Leider sind in den nächsten Wochen keine Termine mehr frei.",
    "book.bad_date": "Dieses Datum habe ich nicht verstanden. Schreiben Sie es bitte z. B. als "
    "„15.9.“.",
    "book.day_full": "Am {day} ist leider kein Termin frei.",
    "book.ask_slot": "Welche Uhrzeit am {day} passt Ihnen?",
    "book.slot_taken": "Dieser Termin wurde gerade vergeben. Die nächsten freien Termine:",
    "book.too_late": "So kurzfristig kann ich nicht buchen. Der früheste Termin ist ab {time} Uhr "
    "am {day} möglich.",
    "book.too_far": "So weit im Voraus kann ich noch nicht buchen – Termine gibt es bis {day}.",
    "book.outside": "Zu dieser Zeit gibt es keine Termine. Bitte wählen Sie eine der freien "
    "Zeiten.",
    "book.blocked": "Online-Buchungen sind für Sie bis {day} gesperrt, weil Termine nicht "
    "wahrgenommen wurden. Sie können aber jederzeit in unsere Sprechzeiten ohne Termin kommen.",
    "book.limit": "Sie haben schon einen Termin: {appointment}. Pro Person ist ein Termin möglich. "
    "Möchten Sie ihn verschieben oder stornieren?",
    "book.held": "Ich halte den Termin am {day} um {time} Uhr {minutes} Minuten für Sie frei.",
    "book.ask_name": "Wie ist Ihr Vor- und Nachname?",
    "book.bad_name": "Bitte geben Sie Ihren Namen an (höchstens 120 Zeichen).",
    "book.ask_contact": "Unter welcher E-Mail-Adresse oder Telefonnummer erreichen wir Sie?",
    "book.bad_contact": "Diese E-Mail-Adresse oder Telefonnummer scheint nicht zu stimmen. "
    "Bitte prüfen Sie die Eingabe.",
    "book.contact_too_long": "Diese E-Mail-Adresse ist länger, als E-Mail-Adressen sein dürfen. "
    "Bitte prüfen Sie die Eingabe.",
    "book.contact_invisible": "In dieser E-Mail-Adresse stecken unsichtbare Zeichen oder "
    "Leerzeichen. Bitte tippen Sie die Adresse noch einmal von Hand ein.",
    "book.contact_look_alike": "Diese E-Mail-Adresse mischt Buchstaben verschiedener Schriften "
    "(zum Beispiel ein kyrillisches „а“ statt eines lateinischen „a“). Bitte tippen Sie die "
    "Adresse noch einmal von Hand ein.",
    "book.summary": "Bitte prüfen Sie Ihre Angaben:\n{service}\n{day}, {time} Uhr\n{name}, "
    "{contact}\nSoll ich den Termin verbindlich buchen?",
    "book.not_held": "Diese Zeit ist noch nicht für Sie reserviert: Sie bekommen sie, wenn sie "
    "beim Buchen noch frei ist.",
    "book.proof_needed_confirm": "Bitte bestätigen Sie die Buchung noch einmal über die "
    "Schaltfläche.",
    "book.too_many_held.client": "Von Ihrem Anschluss aus werden gerade schon mehrere Termine "
    "reserviert. Bitte schließen Sie eine begonnene Buchung ab oder versuchen Sie es in ein paar "
    "Minuten noch einmal.",
    "book.too_many_held.day": "Für diesen Tag sind gerade sehr viele Zeiten vorgemerkt. Bitte "
    "wählen Sie einen anderen Tag oder versuchen Sie es in ein paar Minuten noch einmal.",
    "book.not_booked": "In Ordnung, ich habe nichts gebucht.",
    "book.booked": "Ihr Termin ist gebucht: {appointment}.\nIhre Buchungsnummer: {code}",
    "book.bring": "Bitte bringen Sie mit: {items}.",
    "book.expired": "Die Reservierung ist abgelaufen. Bitte wählen Sie die Uhrzeit noch einmal.",
    "appointment": "{service} am {day} um {time} Uhr",
    # my appointments, cancel, reschedule
    "mine.none": "Sie haben derzeit keinen gebuchten Termin.",
    "mine.list": "Ihre Termine:",
    "mine.item": "{appointment} (Nr. {code})",
    "cancel.ask_code": "Welchen Termin möchten Sie stornieren?",
    "cancel.unknown": "Diesen Termin finde ich bei Ihnen nicht.",
    "cancel.ask_confirm": "Möchten Sie den Termin {appointment} wirklich stornieren?",
    "cancel.done": "Ihr Termin {appointment} ist storniert. Der Platz ist wieder für andere frei.",
    "cancel.kept": "In Ordnung, Ihr Termin bleibt bestehen.",
    "cancel.not_active": "Dieser Termin kann nicht mehr geändert werden.",
    # erasure and access in the chat (GDPR Art. 17 and 15)
    "privacy.ask_email": "Damit nur Sie selbst an Ihre Daten kommen: Bitte schreiben Sie mir die "
    "E-Mail-Adresse, mit der Sie gebucht haben. Wir schicken Ihnen dorthin einen Code.",
    "privacy.ask_code": "Bitte geben Sie den 6-stelligen Code ein, den wir Ihnen per E-Mail "
    "geschickt haben.",
    "privacy.code_sent": "Wir haben Ihnen einen Code per E-Mail geschickt. Er gilt {minutes} "
    "Minuten.",
    "privacy.bad_email": "Das ist keine E-Mail-Adresse, die ich verwenden kann. Bitte schreiben "
    "Sie sie z. B. so: name@example.org",
    "privacy.wrong_code": "Dieser Code stimmt nicht. Sie haben noch {n} Versuch(e).",
    "privacy.code_expired": "Dieser Code gilt nicht mehr. Bitte schreiben Sie Ihre E-Mail-Adresse "
    "noch einmal, dann schicken wir Ihnen einen neuen.",
    "privacy.code.subject": "Ihr Code für den Chat des {office}",
    "privacy.code.text": "Guten Tag,\n\nIhr Code lautet: {code}\n\nEr gilt {minutes} Minuten. "
    "Wenn Sie ihn nicht angefordert haben, können Sie diese E-Mail einfach löschen.",
    "privacy.erase.ask_confirm": "Sollen wir alle Ihre Daten löschen: Name, Kontaktdaten, Termine "
    "und diesen Gesprächsstand? Das lässt sich nicht rückgängig machen.",
    "privacy.erase.ask_confirm_ahead": "Sollen wir alle Ihre Daten löschen: Name, Kontaktdaten, "
    "Termine und diesen Gesprächsstand? Ihre künftigen Termine ({n}) werden dabei abgesagt. Das "
    "lässt sich nicht rückgängig machen.",
    "privacy.erase.done": "Erledigt: Ihre Daten sind gelöscht.",
    "privacy.erase.done_cancelled": "Erledigt: Ihre Daten sind gelöscht und Ihre künftigen "
    "Termine ({n}) abgesagt. Die Plätze sind wieder für andere frei.",
    "privacy.erase.nothing": "Zu Ihnen ist bei uns nichts gespeichert.",
    "privacy.erase.kept": "In Ordnung, es bleibt alles, wie es ist.",
    "privacy.export.sent": "Wir haben Ihnen alle Daten, die wir zu Ihnen gespeichert haben, per "
    "E-Mail geschickt.",
    "privacy.export.nothing": "Zu Ihnen ist bei uns nichts gespeichert.",
    "privacy.export.subject": "Ihre gespeicherten Daten beim {office}",
    "privacy.export.text": "Guten Tag,\n\nSie haben im Chat Auskunft über Ihre Daten erbeten "
    "(Art. 15 DSGVO). Das ist alles, was wir zu Ihnen gespeichert haben:\n\n{data}",
    "reschedule.ask_code": "Welchen Termin möchten Sie verschieben?",
    "reschedule.ask_confirm": "Soll ich Ihren Termin {old} auf {day}, {time} Uhr verschieben?",
    "reschedule.done": "Ihr Termin ist verschoben: {appointment}.\n"
    "Ihre Buchungsnummer bleibt {code}.",
    "ics.cancel": "Termin absagen: {url}",
    "ics.appointment": "{service} – Termin im {office}",
    "book.household_hint": "Für mehrere Personen, etwa Eltern mit Kind, schreiben Sie z. B. "
    "„für 2 Personen“.",
    "book.too_many": "Ein gemeinsamer Termin ist für höchstens {max} Personen möglich.",
    "book.for_persons": "{service} für {n} Personen",
    # service knowledge, the office's contacts, other offices
    "info.which_service": "Zu welcher Leistung möchten Sie etwas wissen?",
    "info.bring": "{service} – bitte mitbringen: {items}.",
    "info.bring_unknown": "Was Sie für {service} mitbringen müssen, sagt Ihnen der Bürgerservice.",
    "info.processing": "{service} – Dauer: {time}.",
    "info.processing_unknown": "Wie lange {service} dauert, sagt Ihnen der Bürgerservice.",
    "info.lost": "Bei Verlust oder Diebstahl bringen Sie bitte die Anzeige der Polizei mit, wenn "
    "Sie eine haben.",
    "info.fee_unknown": "Die Gebühr für {service} nennt Ihnen der Bürgerservice.",
    "info.fee_free": "{service} – gebührenfrei.",
    "info.fee_item": "{euro} ({label})",
    "info.fee": "{service} – Gebühr: {items}.",
    "info.appointment_only": "{service} – nur mit Termin.",
    "info.walk_in_now": "gerade jetzt bis {until} Uhr",
    "info.walk_in_next": "die nächste Sprechzeit ohne Termin ist am {day} ab {start} Uhr",
    "info.walk_in_none": "{service}: Derzeit gibt es keine Sprechzeiten ohne Termin, bitte buchen "
    "Sie einen Termin.",
    "info.walk_in_yes": "Ja, das geht auch ohne Termin ({service}) – {when}.",
    "info.appointment_not_needed": "Nein, dafür brauchen Sie keinen Termin ({service}) – {when}. "
    "Mit Termin warten Sie kürzer.",
    "info.referral": "Dafür ist {name} zuständig, nicht der Bürgerservice ({topics}). "
    "Kontakt: {contacts}.",
    "info.address": "Sie finden den {office} hier: {address}.",
    "info.phone": "Telefon: {phone}",
    "info.email": "E-Mail: {email}",
    "info.booking_link": "Termine buchen Sie hier im Chat oder online: {url}",
    "info.office_unknown": "Dazu habe ich leider keine Angaben. Rufen Sie uns gern an.",
    "human.intro": "Gern – so erreichen Sie unsere Mitarbeiterinnen und Mitarbeiter:",
    "human.walk_in": "Persönlich ohne Termin: {day}, {span}.",
    "euro": "{amount} Euro",
    # yes/no answers and the week in short
    "hours.short.walk_in": "Ohne Termin: {days}.",
    "hours.short.appointment": "Mit Termin: {days}.",
    "weekly.short": "{days} {hours} Uhr",
    "weekly.nth_short": "{nths} {day}",
    "answer.yes": "Ja,",
    "answer.no_sentence": "Nein.",
    "answer.no": "Nein",
    "answer.yes_day": "Ja – {day}: {spans}.",
    "answer.no_only_appointment": "Nein, am {day} nur mit Termin ({spans})",
    "answer.no_part": "Nein, am {day} nur {spans}.",
    "button.week": "Ganze Woche",
    "book.service_changed": "Gern, dann: {services}.",
    "date.weekday_mismatch": "Der {date} ist ein {weekday}, kein {said}.",
    "date.passed": "Der {day} ist schon vorbei.",
    "date.which_of": "Welchen Tag meinen Sie: {options}?",
    "date.or": " oder ",
    "date.this_one": "Meinen Sie {day}?",
    "date.which": "Welchen Tag meinen Sie?",
    "book.past": "Der {day} ist schon vorbei. Bitte wählen Sie einen späteren Tag.",
    "book.bring_for": "Für {service} bitte mitbringen: {items}.",
    "book.hold_expired_free": "Ihre Reservierung für {day} um {time} Uhr ist abgelaufen. Der "
    "Termin ist noch frei – tippen Sie auf {time}, um ihn wieder zu reservieren.",
    "book.hold_expired_taken": "Ihre Reservierung für {day} um {time} Uhr ist abgelaufen, und der "
    "Termin ist inzwischen vergeben.",
    "book.no_later": "Später ist an diesem Tag nichts mehr frei.",
    "button.later": "Spätere Zeiten",
    # staff console (issue 18)
    "console.title": "Mitarbeiterbereich",
    "console.skip": "Zum Inhalt springen",
    "console.nav.label": "Bereiche",
    "console.nav.day": "Tagesliste",
    "console.nav.waitlist": "Warteliste",
    "console.nav.cutover": "Umstellung",
    "console.nav.broadcast": "Rundschreiben",
    "console.nav.closures": "Schließtage",
    "console.nav.audit": "Protokoll",
    "console.nav.accounts": "Konten",
    "console.nav.telegram": "Telegram",
    "console.signed_in_as": "Angemeldet: {name} ({role})",
    "console.logout": "Abmelden",
    "console.role.clerk": "Sachbearbeitung",
    "console.role.supervisor": "Leitung",
    "console.refused.title": "Nicht möglich",
    "console.refused.back": "Zurück",
    "console.error.signed_out": "Bitte melden Sie sich zuerst an.",
    "console.error.supervisor_only": "Das darf nur die Leitung.",
    "console.error.csrf": "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und "
    "versuchen Sie es noch einmal.",
    "console.error.bad_form": "Die Angaben im Formular sind unvollständig.",
    "console.error.not_found": "Diese Seite gibt es nicht.",
    "console.error.date": "Bitte geben Sie ein gültiges Datum an.",
    "console.login.title": "Anmelden",
    "console.login.name": "Benutzername",
    "console.login.password": "Passwort",
    "console.login.submit": "Anmelden",
    "console.login.invalid": "Benutzername oder Passwort stimmt nicht.",
    "console.login.locked": "Zu viele Fehlversuche: Das Konto ist bis {until} Uhr gesperrt.",
    "console.login.throttled": "Zu viele Fehlversuche von diesem Gerät. Bitte versuchen Sie es "
    "ab {until} Uhr wieder.",
    "console.day.title": "Termine am {day}",
    "console.day.previous": "← Vortag",
    "console.day.today": "Heute",
    "console.day.next": "Folgetag →",
    "console.day.date": "Tag",
    "console.day.search": "Suche nach Terminnummer oder Name",
    "console.day.search_hint": "Eine Terminnummer wie BB-7K3QX findet den Termin an jedem Tag.",
    "console.day.show": "Anzeigen",
    "console.day.empty": "An diesem Tag gibt es keine Termine.",
    "console.day.caption": "Termine: {count}",
    "console.day.time": "Zeit",
    "console.day.code": "Terminnummer",
    "console.day.service": "Anliegen",
    "console.day.name": "Name",
    "console.day.contact": "Kontakt",
    "console.day.status": "Stand",
    "console.day.actions": "Aktionen",
    "console.day.persons": "{n} Personen",
    "console.day.check_in": "Angekommen",
    "console.day.check_in_for": "{code} ist angekommen",
    "console.day.no_show": "Nicht erschienen",
    "console.day.no_show_for": "{code} nicht erschienen",
    "console.day.reason": "Grund",
    "console.day.cancel": "Absagen",
    "console.day.cancel_for": "{code} absagen",
    "console.day.note.noshow_marked": "{code} ist als nicht erschienen vermerkt.",
    "console.day.note.noshow_not_started": "Der Termin {code} hat noch nicht begonnen.",
    "console.day.note.noshow_not_active": "Der Termin {code} ist nicht mehr aktiv.",
    "console.day.note.not_found": "Einen Termin {code} gibt es nicht.",
    "console.day.note.cancelled": "{code} ist abgesagt; die Person wird benachrichtigt.",
    "console.day.note.cancel_not_active": "{code} ist nicht mehr aktiv oder hat schon begonnen.",
    "console.day.note.checked_in": "{code} ist als angekommen vermerkt.",
    "console.day.note.check_in_refused": "{code} kann nicht eingecheckt werden.",
    "console.day.note.date_invalid": "Das Datum verstehe ich nicht; hier ist der heutige Tag.",
    "console.cancel_reason.office_absence": "Ausfall im Bürgerservice",
    "console.cancel_reason.citizen_request": "Auf Wunsch der Person",
    "console.cancel_reason.duplicate": "Doppelt gebucht",
    "console.channel": "Weg",
    "console.channel.telegram": "Telegram",
    "console.channel.email": "E-Mail",
    "console.channel.web": "Web-Chat",
    "console.channel.none": "Kein Weg (anrufen)",
    "console.cutover.title": "Umstellung",
    "console.cutover.not_configured": "In der Konfiguration ist keine Umstellung beschrieben; "
    "sie kann hier nicht ausgeführt werden.",
    "console.cutover.from": "Alle Termine ab",
    "console.cutover.dry_run": "Probelauf",
    "console.cutover.dry_run_for": "Probelauf ab {day}",
    "console.cutover.total": "Abzusagende Termine: {total}",
    "console.cutover.by_day": "Termine nach Tag",
    "console.cutover.by_channel": "Benachrichtigungen nach Weg",
    "console.cutover.day": "Tag",
    "console.cutover.appointments": "Termine",
    "console.cutover.notices": "Nachrichten",
    "console.cutover.warning": "Bestätigen sagt {total} Termine ab {day} ab und benachrichtigt "
    "jede betroffene Person. Das lässt sich nicht rückgängig machen.",
    "console.cutover.confirm": "Umstellung bestätigen ({total} Termine)",
    "console.cutover.supervisor_confirms": "Bestätigen kann nur die Leitung.",
    "console.cutover.runs": "Bisherige Umstellungen",
    "console.cutover.run": "Ab {day}: {cancelled} abgesagt, {notices} Nachrichten",
    "console.report.title.cutover": "Umstellung ab {subject}",
    "console.report.title.closure": "Schließtag {subject}",
    "console.report.title.cancel": "Absage {subject}",
    "console.report.title.news": "Rundschreiben",
    "console.report.progress": "Versand",
    "console.report.settled": "{settled} von {total} Nachrichten abgeschlossen",
    "console.report.delivered": "Zugestellt",
    "console.report.failed": "Fehlgeschlagen",
    "console.report.undeliverable": "Nicht zustellbar",
    "console.report.waiting": "Wartet auf Web-Besuch",
    "console.report.pending": "Noch offen",
    "console.report.reload": "Stand neu laden",
    "console.report.done": "Bericht",
    "console.report.waiting_note": "{n} Nachrichten im Web-Chat werden beim nächsten Besuch "
    "gezeigt.",
    "console.report.to_call": "Bitte anrufen",
    "console.report.to_call_caption": "Personen ohne Nachricht: {n}",
    "console.report.nobody_to_call": "Alle Personen wurden erreicht.",
    "console.report.phone": "Telefon",
    "console.report.why": "Grund",
    "console.report.state.failed": "Zustellung fehlgeschlagen",
    "console.report.state.undeliverable": "Kein Chat und keine E-Mail",
    "console.broadcast.title": "Rundschreiben",
    "console.broadcast.audience": "Empfänger",
    "console.audience.subscribers": "Abonnierende der Neuigkeiten ({n})",
    "console.audience.affected": "Von der Umstellung Betroffene ({n})",
    "console.audience.all": "Alle Erreichbaren ({n})",
    "console.broadcast.text_de": "Text auf Deutsch",
    "console.broadcast.text_en": "Text auf Englisch",
    "console.broadcast.text_en_hint": "Ohne englischen Text erhalten alle den deutschen.",
    "console.broadcast.preview": "Vorschau",
    "console.broadcast.missing": "Bitte wählen Sie die Empfänger und schreiben Sie einen Text.",
    "console.broadcast.preview_h": "Vorschau für {total} Empfänger",
    "console.broadcast.in_de": "Auf Deutsch",
    "console.broadcast.in_en": "Auf Englisch",
    "console.broadcast.send": "Jetzt senden ({total})",
    "console.closures.title": "Schließtage und früher Feierabend",
    "console.closures.list": "Eingetragene Schließungen",
    "console.closures.none": "Es sind keine zusätzlichen Schließungen eingetragen.",
    "console.closures.closed": "geschlossen",
    "console.closures.closes_at": "schließt um {time} Uhr",
    "console.closures.report": "Bericht",
    "console.closures.from_config": "aus der Konfiguration",
    "console.closures.add": "Schließung eintragen",
    "console.closures.day": "Tag",
    "console.closures.kind": "Art",
    "console.closures.kind.day": "Den ganzen Tag geschlossen",
    "console.closures.kind.early": "Früher schließen",
    "console.closures.closes_label": "Schließt um (nur bei früherem Schließen)",
    "console.closures.reason_de": "Grund auf Deutsch",
    "console.closures.reason_en": "Grund auf Englisch",
    "console.closures.check": "Betroffene Termine anzeigen",
    "console.closures.error.day": "Bitte geben Sie einen Tag ab heute an.",
    "console.closures.error.time": "Bitte geben Sie die Uhrzeit an, zu der geschlossen wird.",
    "console.closures.error.kind": "Bitte wählen Sie die Art der Schließung.",
    "console.closures.error.reason": "Bitte nennen Sie den Grund auf Deutsch.",
    "console.closures.error.exists": "Für diesen Tag ist schon eine Schließung eingetragen.",
    "console.closures.preview_h": "Schließung am {day}",
    "console.closures.hours_after": "Danach gelten an diesem Tag: {hours}.",
    "console.closures.hours_none": "Danach hat der Bürgerservice an diesem Tag nicht geöffnet.",
    "console.closures.affected": "Betroffene Termine: {n}",
    "console.closures.affected_caption": "Diese Termine werden abgesagt",
    "console.closures.notice": "So lautet die Nachricht",
    "console.closures.confirm": "Schließung eintragen und {n} Termine absagen",
    "console.waitlist.title": "Warteliste",
    "console.waitlist.for": "{service} am {day}",
    "console.waitlist.unavailable": "Die Warteliste ist für diese Stadt ausgeschaltet "
    "(waitlist.enabled in der Konfiguration).",
    "console.waitlist.wish": "Wunsch",
    "console.waitlist.persons": "{n} Pers.",
    "console.waitlist.earlier": "früher als {day}, {time} Uhr",
    "console.waitlist.state.waiting": "wartet",
    "console.waitlist.state.offered": "Angebot offen",
    "console.waitlist.empty": "Für diesen Tag und dieses Anliegen wartet niemand.",
    "console.waitlist.caption": "Wartende: {n}",
    "console.waitlist.since": "Seit",
    "console.audit.title": "Protokoll",
    "console.audit.actor": "Wer",
    "console.audit.actor_hint": "Zum Beispiel staff:mueller oder citizen",
    "console.audit.action": "Aktion",
    "console.audit.any": "Alle",
    "console.audit.from": "Von",
    "console.audit.to": "Bis",
    "console.audit.filter": "Filtern",
    "console.audit.caption": "Einträge: {n} (höchstens {limit}, neueste zuerst)",
    "console.audit.at": "Zeitpunkt",
    "console.audit.detail": "Einzelheiten",
    "console.audit.none": "Keine Einträge für diese Filter.",
    "console.accounts.title": "Konten",
    "console.accounts.caption": "Konten: {n}",
    "console.accounts.role": "Rolle",
    "console.accounts.linked": "verknüpft",
    "console.accounts.active": "aktiv",
    "console.accounts.disabled": "gesperrt",
    "console.accounts.make": "Zu {role} machen",
    "console.accounts.make_for": "{name} zu {role} machen",
    "console.accounts.disable": "Sperren",
    "console.accounts.disable_for": "{name} sperren",
    "console.accounts.enable": "Entsperren",
    "console.accounts.enable_for": "{name} entsperren",
    "console.accounts.add": "Neues Konto",
    "console.accounts.create": "Konto anlegen",
    "console.accounts.password_hint": "Mindestens 10 Zeichen.",
    "console.accounts.error": "Das Konto ließ sich nicht anlegen: Der Name ist vergeben, "
    "enthält Leerzeichen, oder das Passwort ist kürzer als 10 Zeichen.",
    "console.accounts.not_self": "Das eigene Konto können Sie hier nicht ändern.",
    "console.telegram.title": "Telegram verknüpfen",
    "console.telegram.linked": "Ihr Konto ist mit einem Telegram-Konto verknüpft.",
    "console.telegram.not_linked": "Ihr Konto ist noch mit keinem Telegram-Konto verknüpft.",
    "console.telegram.send": "Senden Sie diese Nachricht innerhalb von {minutes} Minuten an den "
    "Bot. Der Code gilt einmal.",
    "console.telegram.new_code": "Neuen Code erzeugen",
    "staff.link.usage": "Bitte mit dem Code aus dem Mitarbeiterbereich: /verknuepfen CODE",
    "staff.link.done": "Verknüpft: Sie sind als {name} angemeldet.",
    "staff.link.invalid": "Dieser Code gilt nicht (mehr). Bitte erzeugen Sie im "
    "Mitarbeiterbereich einen neuen.",
    "staff.supervisor_only": "Das darf nur die Leitung.",
    "notice.office_cancel": "Ihr Termin {appointment} muss leider entfallen.",
    "notice.office_cancel.office_absence": "Wegen eines Ausfalls im Bürgerservice.",
    "notice.office_cancel.citizen_request": "Sie haben uns darum gebeten.",
    "notice.office_cancel.duplicate": "Der Termin war doppelt gebucht.",
    "notice.closure.day": "Der Bürgerservice ist an diesem Tag geschlossen: {reason}.",
    "notice.closure.early": "Der Bürgerservice schließt an diesem Tag bereits um {time} Uhr: "
    "{reason}.",
    "book.persons_changed": "Gern, für {n} Personen – dafür brauchen wir etwas mehr Zeit.",
    # waitlist (office.waitlist): joining, offers of freed seats, leaving
    "notice.waitlist.offer.subject": "Ein Termin ist frei geworden",
    "notice.waitlist.offer": "Ein Termin ist frei geworden: {appointment}. Wir halten ihn bis "
    "{until} nur für Sie frei. Möchten Sie ihn nehmen?",
    "notice.waitlist.offer.move": "Ihr bisheriger Termin am {previous} wird dann für andere frei.",
    "notice.waitlist.offer.plain": "Antworten Sie bitte im Chat mit „Ja“ oder „Nein“.",
    "notice.waitlist.lapsed.subject": "Ihr Angebot von der Warteliste ist abgelaufen",
    "notice.waitlist.lapsed": "Sie haben das Angebot nicht rechtzeitig angenommen; der Termin "
    "geht an die nächste Person auf der Warteliste.",
    "notice.waitlist.unanswered": "Sie haben {n} Angebote nicht beantwortet; deshalb haben wir Sie "
    "von der Warteliste genommen. Sie können sich jederzeit wieder eintragen.",
    "notice.waitlist.still": "Sie bleiben auf der Warteliste.",
    "notice.waitlist.ended": "Ihr Zeitraum ist vorbei, damit endet Ihr Platz auf der Warteliste.",
    "notice.waitlist.join": "Möchten Sie auf die Warteliste? Wird ein passender Termin frei, "
    "melden wir uns sofort.",
    "button.waitlist": "Auf die Warteliste",
    "button.waitlist_accept": "Ja, Termin nehmen",
    "button.waitlist_decline": "Nein, danke",
    "button.waitlist_leave": "Warteliste verlassen",
    "button.waitlist_change": "Warteliste ändern",
    "button.waitlist_status": "Meine Warteliste",
    "button.in_weeks": "in {n} Wochen",
    "button.in_week": "in 1 Woche",
    "part.morning": "vormittags",
    "part.noon": "mittags",
    "part.afternoon": "nachmittags",
    "part.evening": "abends",
    "waitlist.ask_service": "Für welche Dienstleistung möchten Sie auf die Warteliste?",
    "waitlist.ask_until": "Bis zu welchem Tag soll ich für Sie suchen? Nennen Sie einen Tag, "
    "höchstens {days} Tage weit.",
    "waitlist.ask_name": "Auf welchen Namen soll der Termin gebucht werden, wenn einer frei wird?",
    "waitlist.summary": "Ich setze Sie auf die Warteliste: {wish}. Wird ein passender Termin "
    "frei, schreibe ich Ihnen hier und halte ihn eine Weile nur für Sie. Einverstanden?",
    "waitlist.wish": "{service}, {range}",
    "waitlist.wish_part": "{service}, {range}, {part}",
    "waitlist.earlier": "früher als Ihr Termin am {day} um {time} Uhr",
    "waitlist.joined": "Sie stehen auf der Warteliste: {wish}. Sobald ein passender Termin frei "
    "wird, melde ich mich hier im Chat.",
    "waitlist.joined_earlier": "Nehmen Sie ein Angebot an, verschiebe ich Ihren Termin dorthin; "
    "Ihr bisheriger Termin wird dann für andere frei.",
    "waitlist.already": "Sie stehen schon auf der Warteliste: {wish}.",
    "waitlist.not_joined": "In Ordnung, ich setze Sie nicht auf die Warteliste.",
    "waitlist.refused.off": "Für diese Dienstleistung gibt es leider keine Warteliste.",
    "waitlist.refused.order": "Dieser Tag liegt vor dem ersten Tag. Bitte nennen Sie einen "
    "späteren Tag.",
    "waitlist.refused.past": "Dieser Tag ist schon vorbei. Bitte nennen Sie einen späteren Tag.",
    "waitlist.refused.too_long": "So weit kann ich leider nicht suchen: höchstens {days} Tage. "
    "Bitte nennen Sie einen früheren Tag.",
    "waitlist.refused.too_far": "So weit im Voraus vergeben wir noch keine Termine.",
    "waitlist.refused.not_earlier": "Früher als Ihr Termin geht es in diesem Zeitraum nicht.",
    "waitlist.unverified": "Die Warteliste gibt es im Moment nur in unserem Telegram-Chat: dort "
    "erreichen wir Sie sicher, sobald ein Termin frei wird. Einen freien Termin buchen können "
    "Sie hier aber jederzeit.",
    "waitlist.free_now": "In diesem Zeitraum ist sogar schon ein Termin frei – am besten buchen "
    "Sie ihn gleich.",
    "waitlist.status": "Sie stehen auf der Warteliste: {wish} (seit {since}).",
    "waitlist.status_offer": "Für Sie gehalten: {appointment}, bis {until}.",
    "waitlist.none": "Sie stehen derzeit auf keiner Warteliste.",
    "waitlist.left": "Sie stehen nicht mehr auf der Warteliste.",
    "waitlist.declined": "In Ordnung, der Termin geht an die nächste Person. Sie bleiben auf der "
    "Warteliste.",
    "waitlist.gone": "Dieses Angebot gilt leider nicht mehr – die Zeit ist abgelaufen oder es "
    "wurde schon beantwortet.",
    "waitlist.no_offer": "Im Moment halte ich keinen Termin für Sie bereit.",
}
