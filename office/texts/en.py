"""English wording. Every user-facing English string lives here."""

TEXTS: dict[str, str] = {
    # schedule
    "kind.walk_in": "walk-in",
    "kind.appointment": "by appointment",
    "kind.emergency_phone": "emergency phone",
    "span": "{start}–{end}",
    "interval.walk_in": "{span} walk-in",
    "interval.appointment": "{span} by appointment",
    "interval.emergency_phone": "emergency phone {span}",
    "day.open": "{day}: {periods}",
    "day.closed": "{day}: closed",
    "day.holiday": "{day}: closed – {reason}",
    "day.nth_only": "{day}: closed (open only {rule})",
    "day.none.walk_in": "{day}: no walk-in hours",
    "day.none.appointment": "{day}: no appointment hours",
    "day.none.emergency_phone": "{day}: no emergency phone",
    "day.phone": "{head}; {phone}",
    "day.next_open": "{head}. Next open {weekday}: {date}",
    "day.no_schedule": "{day}: no opening hours have been published for this day yet.",
    "nth.rule": "every {nths} {weekday} of the month",
    "nth.1": "1st",
    "nth.2": "2nd",
    "nth.3": "3rd",
    "nth.4": "4th",
    "nth.5": "5th",
    "nth.-1": "last",
    "range.to": "{first} to {last}",
    "list.and": " and ",
    # privacy (/privacy)
    "privacy": "Privacy at the chat assistant of the {office}\n\n"
    "• We keep only what your request needs: the state of the conversation (discarded after a "
    "30-minute pause) and, for a booking, your name, e-mail address or phone number and the "
    "appointment.\n"
    "• We use these data only for your appointment and notices about it, such as a cancelled "
    "appointment. No advertising, no passing on.\n"
    "• {days} days after the appointment we delete your personal data.\n"
    "• Telegram processes messages under its own terms. If you do not want that, use the chat "
    "on the city's website or call us: {phone}.\n"
    "• The citizens' service office tells you which data we hold and deletes them on request.",
    # telegram
    "tg.cmd.book": "Book an appointment",
    "tg.cmd.hours": "Opening hours",
    "tg.cmd.walkin": "Walk-in hours",
    "tg.cmd.emergency": "Emergency: document lost or stolen",
    "tg.cmd.appointments": "My appointments",
    "tg.cmd.cancel": "Cancel an appointment",
    "tg.cmd.language": "Choose language / Sprache wählen",
    "tg.cmd.privacy": "Privacy",
    "tg.cmd.help": "What I can do",
    "tg.chosen": "Your choice: {choice}",
    "tg.choose": "Please choose:",
    "tg.button_used": "You have already chosen here.",
    "tg.button_invalid": "This button is no longer valid. Please choose from the latest "
    "options or just write to me.",
    "tg.text_only": "Sorry, I can only read text messages. Please write what you need.",
    "tg.apology": "Sorry, something went wrong on my side. Please try again in a moment.",
    # staff
    "staff.day.header": "Appointments on {day}: {count}",
    "staff.day.line": "{time} · {code} · {service} · {name} · {status}",
    "staff.day.empty": "No appointments are booked on {day}.",
    "staff.date_invalid": 'I do not understand the date "{text}". Please write e.g. 2021-09-15',
    "staff.noshow.usage": "Please add the code: /noshow BB-7K3QX",
    "staff.noshow.invalid": '"{text}" is not an appointment code like BB-7K3QX.',
    "staff.noshow.blocked": "Online booking is blocked for this person until {until}.",
    "staff.noshow.marked": "{code} is recorded as a no-show.",
    "staff.noshow.not_found": "I cannot find an appointment {code}.",
    "staff.noshow.not_started": "Appointment {code} has not started yet.",
    "staff.noshow.not_active": "Appointment {code} is no longer active (cancelled or done).",
    "staff.cutover.preview": "Cutover from {day}. Active appointments to cancel, their holders "
    "to be notified: {total}",
    "staff.cutover.none": "There are no active appointments from {day}; nothing to cancel.",
    "staff.cutover.confirm": "Cancel now ({total})",
    "staff.cutover.done": "Done. Appointments cancelled from {day}: {count}. The notices are "
    "being sent.",
    "staff.broadcast.usage": "Please add the text: /broadcast your message",
    "staff.broadcast.preview": "Broadcast (recipients: {count}):\n\n{text}",
    "staff.broadcast.confirm": "Send now ({count})",
    "staff.broadcast.done": "Queued for sending: {count}.",
    "staff.unavailable": "This function is not set up in this installation.",
    "status.booked": "booked",
    "status.confirmed": "confirmed",
    "status.cancelled_by_citizen": "cancelled",
    "status.cancelled_by_office": "cancelled by the office",
    "status.no_show": "no-show",
    "status.attended": "attended",
    # web channel and widget
    "web.error.bad_json": "The request is not valid JSON. Please send "
    '{"sender": "…", "message": "…"}.',
    "web.error.bad_sender": "Please give a “sender”: a text of 1 to {max} characters without "
    "control characters, or a number.",
    "web.error.bad_request": 'Please send a JSON object with "sender" (a text of up to 256 '
    'characters, or a number), "message" (text) and optionally "metadata" (an object).',
    "web.error.empty": "Please write a message.",
    "web.error.too_large": "The request is too large (at most {kb} KB).",
    "web.error.too_long": "Sorry, your message is too long. Please keep it shorter "
    "(at most {max} characters).",
    "web.error.rate": "You are writing very fast. Please wait {seconds} seconds and try again.",
    "web.error.internal": "We have a technical problem right now. Please try again in a few "
    "minutes.",
    "web.error.no_nlu": "Language understanding is not set up on this server.",
    "widget.launcher": "Questions? Chat with the Citizens' Service",
    "widget.close": "Close chat",
    "widget.clear": "Clear conversation",
    "widget.input": "Your message",
    "widget.placeholder": "Your question …",
    "widget.send": "Send",
    "widget.you": "You",
    "widget.bot": "Citizens' Service",
    "widget.typing": "The Citizens' Service is typing …",
    "widget.connecting": "Connecting …",
    "widget.offline": "Connection lost. Trying again in {seconds} seconds …",
    "widget.queued": "Your message will be sent as soon as the connection is back.",
    "widget.proof": "Running a security check …",
    "widget.proof_done": "Security check done.",
    "widget.ics": "Add the appointment to your calendar (.ics)",
    "widget.privacy": "Please share only what your request needs.",
    "widget.privacy_link": "Privacy notice",
    "widget.new_window": "(opens in a new window)",
    "widget.unread": "New message",
    # privacy page (/datenschutz)
    "privacy.title": "Privacy notice for the Citizens' Service chat",
    "privacy.intro": "The chat answers questions about opening hours and books appointments with "
    "the {office}. Here you can read which data are processed and for how long.",
    "privacy.chat.h": "Your messages",
    "privacy.chat.p": "Your messages are processed only to answer you. The state of the "
    "conversation (for example the slot chosen during a booking) is stored and discarded after 30 "
    "minutes without a message. The texts of your messages are not logged.",
    "privacy.booking.h": "When you book an appointment",
    "privacy.booking.p": "For an appointment we store your name, your e-mail address or phone "
    "number, the service and the time. These data are deleted {days} days after the appointment.",
    "privacy.browser.h": "In your browser",
    "privacy.browser.p": "So that the conversation continues after a page reload, your browser "
    'stores a random conversation id and the history (local storage, no cookie). "Clear '
    'conversation" in the chat removes both.',
    "privacy.abuse.h": "Protection against abuse",
    "privacy.abuse.p": "Before an appointment is confirmed, your browser solves a small "
    "computing task (ALTCHA). No data are sent to third parties and no cookies are set. The IP "
    "address is kept only briefly in memory to fend off too many requests in a short time.",
    "privacy.rights.h": "Your rights",
    "privacy.rights.p": "You may ask for access to, correction and deletion of your data. "
    "Please contact the {office}, phone {phone}.",
    "list.comma": ", ",
    # what changes between two versions of the hours
    "changes.heading": "What changes from {date}:",
    "changes.none": "From {date} the opening hours stay the same.",
    "change.line": "{days}: {change}",
    "change.new": "new: {hours}",
    "change.kind": "{span} now {kind} (was {was})",
    "change.moved": "now {hours} (was {was})",
    "change.dropped": "{hours} no longer offered",
    # calendar export
    "ics.summary": "{office}: {kind}",
    "ics.holidays_until": "Closed on public holidays; this calendar leaves them out up to {date}.",
    # conversation
    "greet": "Hello! I am the chat assistant of the {office}. How can I help?",
    "help": "I can tell you when we are open – with and without an appointment –, book, move or "
    "cancel an appointment, and help you in an emergency.",
    "thank": "You are welcome!",
    "goodbye": "Goodbye and have a nice day!",
    "fallback": "Sorry, I did not understand that. Please choose one of the options or put your "
    "question another way.",
    "out_of_scope": "I am afraid I cannot help with that. I answer questions about the opening "
    "hours and appointments of the citizens' service office.",
    "error": "Sorry, there is a technical problem right now. Please try again in a few minutes.",
    "payload_invalid": "This choice is not (or no longer) valid. Please pick one of the options "
    "offered.",
    "language_set": "Sure, I will write in English from now on.",
    "language_choose": "Which language would you like to use?",
    # buttons
    "button.book": "Book an appointment",
    "button.hours": "Opening hours",
    "button.walk_in": "Walk-in hours",
    "button.emergency": "Emergency",
    "button.my_appointments": "My appointments",
    "button.cancel": "Cancel appointment",
    "button.reschedule": "Move appointment",
    "button.yes": "Yes",
    "button.no": "No",
    "button.abort": "Cancel",
    "button.more_days": "Other days",
    # hours
    "hours.week": "Our opening hours this week:",
    "hours.now_open": "We are open right now ({kind}) until {until}.",
    "hours.now_closed": "We are closed right now.",
    "hours.next": "Next {kind} hours: {day}, {span}.",
    "hours.none_published": "No opening hours have been published for that time yet.",
    "walk_in.intro": "You can come without an appointment at these times:",
    "walk_in.from": "From {day} you can come without an appointment:",
    "walk_in.none": "There are no walk-in hours at the moment.",
    "weekly.line": "{day}: {spans}",
    "walk_in.day_none": "{day}: no walk-in hours.",
    # emergency
    "emergency.intro": "If valid documents were lost or stolen, we help you quickly.",
    "emergency.phone": "For urgent emergencies, call us {days}, {span}, on {phone}.",
    "emergency.phone_now": "The emergency line is open right now, until {until}.",
    "emergency.phone_next": "The emergency line opens again on {day} at {start}.",
    "emergency.walk_in": "Please come during our walk-in hours – the next ones are on {day}, "
    "{span}.",
    "emergency.document": "If you have one, please bring the police report of the loss or theft.",
    # phone booking
    "phone_booking": "Appointments are booked online only – booking by phone is no longer "
    "possible. I can book an appointment for you right here. Or come during our walk-in hours.",
    # cutover
    "cutover.info": "All appointments from {date} were cancelled because the booking system was "
    "set up anew.",
    "cutover.yours": "This included your appointment on {day} at {time} ({service}).",
    "cutover.rebook": "Please book a new appointment online or use our walk-in hours.",
    # notices (cutover, reminders, released appointments, news)
    "notice.cutover.subject": "Your appointment on {date} is cancelled",
    "notice.cutover.also": "Your appointment {appointment} is cancelled as well.",
    "notice.why": "Why? {why}",
    "notice.rebook_online": "Book a new appointment online: {url}",
    "notice.reminder.subject": "Reminder of your appointment on {date}",
    "notice.reminder": "Reminder: your appointment {appointment} (no. {code}).",
    "notice.deadline": "{day}, {time}",
    "notice.reminder.confirm": "Please confirm by {deadline} that you are coming. Without a "
    "confirmation we release the appointment to others.",
    "notice.reminder.plain": "If you cannot come, please cancel the appointment in the chat or "
    "call us: {phone}.",
    "notice.released.subject": "Your appointment on {date} has been released",
    "notice.released": "You did not confirm your appointment {appointment}, so we have released "
    "it to others. You are welcome to book a new appointment or to visit our walk-in hours.",
    "notice.news.subject": "News from the {office}",
    "notice.news.plain": "You receive this message because you subscribed to news from the "
    "citizens' service or because an appointment of yours was changed.",
    "button.rebook": "Book a new appointment",
    "button.coming": "I am coming",
    "button.cancel_appointment": "Cancel",
    "button.subscribe": "Subscribe to news",
    "button.unsubscribe": "Unsubscribe from news",
    "news.subscribed": "Done! From now on you will get news from the citizens' service here in "
    "the chat. You can unsubscribe at any time.",
    "news.already": "You already get our news here in the chat.",
    "news.unsubscribed": "All right, you will get no more news.",
    "news.not_subscribed": "You have not subscribed to news.",
    "news.unavailable": "I cannot deliver news on this channel, sorry.",
    "confirm.done": "Thank you! Your appointment {appointment} is confirmed. See you soon!",
    "confirm.not_active": "This appointment is no longer active. Would you like to book a new one?",
    "confirm.unknown": "I cannot find this appointment of yours.",
    "staff.cutover.already": "The cutover from {day} has been done already ({count} appointments "
    "cancelled). Nothing changes.",
    # forms
    "form.aborted": "All right, I have stopped. What else can I do for you?",
    "form.not_understood": "Sorry, I did not understand that.",
    # booking
    "book.ask_service": "What would you like to book an appointment for?",
    "book.unknown_service": "I do not know this service. Please choose one from the list.",
    "book.ask_date": "Which day would you like to come? Here are the next days with free "
    "appointments – or type a date, e.g. \u201c15 September\u201d.",
    "book.no_days": "Sorry, there are no free appointments in the coming weeks.",
    "book.bad_date": "I did not understand this date. Please write it like "
    "\u201c15 September\u201d.",
    "book.day_full": "Sorry, there is no free appointment on {day}.",
    "book.ask_slot": "Which time on {day} suits you?",
    "book.slot_taken": "This appointment was just taken. The next free ones:",
    "book.too_late": "That is too short notice. The earliest possible appointment is from {time} "
    "on {day}.",
    "book.too_far": "I cannot book that far ahead yet – appointments are available until {day}.",
    "book.outside": "There are no appointments at that time. Please choose one of the free times.",
    "book.blocked": "Online booking is blocked for you until {day} because appointments were "
    "missed. You are welcome to come during our walk-in hours.",
    "book.limit": "You already have an appointment: {appointment}. One appointment per person is "
    "possible. Would you like to move or cancel it?",
    "book.held": "I am holding the appointment on {day} at {time} for you for {minutes} minutes.",
    "book.ask_name": "What is your first and last name?",
    "book.bad_name": "Please tell me your name (at most 120 characters).",
    "book.ask_contact": "Which e-mail address or phone number can we reach you at?",
    "book.bad_contact": "This e-mail address or phone number does not look right. Please check it.",
    "book.contact_too_long": "This e-mail address is longer than e-mail addresses may be. "
    "Please check it.",
    "book.contact_invisible": "This e-mail address contains invisible characters or spaces. "
    "Please type the address again by hand.",
    "book.contact_look_alike": "This e-mail address mixes letters of different scripts (for "
    "example a Cyrillic “а” instead of a Latin “a”). Please type the address again by hand.",
    "book.summary": "Please check your details:\n{service}\n{day}, {time}\n{name}, "
    "{contact}\nShall I book this appointment?",
    "book.proof_needed": "Please confirm the booking once more with the button.",
    "book.not_booked": "All right, I have not booked anything.",
    "book.booked": "Your appointment is booked: {appointment}.\nYour booking number: {code}",
    "book.bring": "Please bring: {items}.",
    "book.expired": "The reservation has expired. Please choose the time again.",
    "appointment": "{service} on {day} at {time}",
    # my appointments, cancel, reschedule
    "mine.none": "You have no booked appointment at the moment.",
    "mine.list": "Your appointments:",
    "mine.item": "{appointment} (no. {code})",
    "cancel.ask_code": "Which appointment would you like to cancel?",
    "cancel.unknown": "I cannot find this appointment for you.",
    "cancel.ask_confirm": "Do you really want to cancel {appointment}?",
    "cancel.done": "Your appointment {appointment} is cancelled. The slot is free for others "
    "again.",
    "cancel.kept": "All right, your appointment stays as it is.",
    "cancel.not_active": "This appointment can no longer be changed.",
    "reschedule.ask_code": "Which appointment would you like to move?",
    "reschedule.ask_confirm": "Shall I move your appointment {old} to {day}, {time}?",
    "reschedule.done": "Your appointment is moved: {appointment}.\n"
    "Your booking number stays {code}.",
    "ics.cancel": "Cancel the appointment: {url}",
    "ics.appointment": "{service} – appointment at the {office}",
    "book.household_hint": "For several persons, such as a parent with a child, write e.g. "
    "\u201cfor 2 people\u201d.",
    "book.too_many": "One shared appointment is possible for at most {max} persons.",
    "book.for_persons": "{service} for {n} persons",
    # service knowledge, the office's contacts, other offices
    "info.which_service": "Which service would you like to know about?",
    "info.bring": "{service} – please bring: {items}.",
    "info.bring_unknown": "The office will tell you what to bring for {service}.",
    "info.processing": "{service} – processing time: {time}.",
    "info.processing_unknown": "The office will tell you how long {service} takes.",
    "info.lost": "If it was lost or stolen, please bring the police report if you have one.",
    "info.fee_unknown": "The office will tell you the fee for {service}.",
    "info.fee_free": "{service} – free of charge.",
    "info.fee_item": "{euro} ({label})",
    "info.fee": "{service} – fee: {items}.",
    "info.appointment_only": "{service} – only with an appointment.",
    "info.walk_in_now": "right now until {until}",
    "info.walk_in_next": "the next walk-in hours are on {day} from {start}",
    "info.walk_in_none": "{service}: there are no walk-in hours at the moment; please book an "
    "appointment.",
    "info.walk_in_yes": "Yes, that also works without an appointment ({service}) – {when}.",
    "info.appointment_not_needed": "No, you don't need an appointment for {service} – walk-in: "
    "{when}. With an appointment you wait less.",
    "info.referral": "This is handled by {name}, not the Citizens' Service Office "
    "({topics}). Contact: {contacts}.",
    "info.address": "You will find the {office} at {address}.",
    "info.phone": "Phone: {phone}",
    "info.email": "E-mail: {email}",
    "info.booking_link": "Book an appointment here in the chat or online: {url}",
    "info.office_unknown": "I have no details on that, sorry. Please give us a call.",
    "human.intro": "Of course – this is how you reach our staff:",
    "human.walk_in": "In person without an appointment: {day}, {span}.",
    "euro": "{amount} euros",
    # yes/no answers and the week in short
    "hours.short.walk_in": "Walk-in: {days}.",
    "hours.short.appointment": "By appointment: {days}.",
    "weekly.short": "{days} {hours}",
    "weekly.nth_short": "{nths} {day}",
    "answer.yes": "Yes,",
    "answer.no_sentence": "No.",
    "answer.no": "No",
    "answer.yes_day": "Yes – {day}: {spans}.",
    "answer.no_only_appointment": "No, on {day} only by appointment ({spans})",
    "answer.no_part": "No, on {day} only {spans}.",
    "button.week": "Whole week",
    "book.service_changed": "Sure, then: {services}.",
    "book.past": "{day} has already passed. Please choose a later day.",
    "book.bring_for": "For {service} please bring: {items}.",
    "book.hold_expired_free": "Your reservation for {day} at {time} has expired. The time is "
    "still free – tap {time} to reserve it again.",
    "book.hold_expired_taken": "Your reservation for {day} at {time} has expired, and the time "
    "has been taken since.",
    "book.no_later": "There are no later times free on this day.",
    "button.later": "Later times",
}
