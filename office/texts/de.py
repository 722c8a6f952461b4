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
    "web.error.bad_sender": "Bitte geben Sie „sender“ an: einen Text von 1 bis {max} Zeichen "
    "ohne Steuerzeichen oder eine Zahl.",
    "web.error.bad_request": "Bitte senden Sie ein JSON-Objekt mit „sender“ (Text "
    "bis 256 Zeichen oder eine Zahl), „message“ (Text) und optional "
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
    "book.proof_needed": "Bitte bestätigen Sie die Buchung noch einmal über die Schaltfläche.",
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
    "book.past": "Der {day} ist schon vorbei. Bitte wählen Sie einen späteren Tag.",
    "book.bring_for": "Für {service} bitte mitbringen: {items}.",
    "book.hold_expired_free": "Ihre Reservierung für {day} um {time} Uhr ist abgelaufen. Der "
    "Termin ist noch frei – tippen Sie auf {time}, um ihn wieder zu reservieren.",
    "book.hold_expired_taken": "Ihre Reservierung für {day} um {time} Uhr ist abgelaufen, und der "
    "Termin ist inzwischen vergeben.",
    "book.no_later": "Später ist an diesem Tag nichts mehr frei.",
    "button.later": "Spätere Zeiten",
}
