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
    "staff.noshow.marked": "{code} is recorded as a no-show.",
    "staff.noshow.not_found": "I cannot find an appointment {code}.",
    "staff.noshow.not_started": "Appointment {code} has not started yet.",
    "staff.noshow.not_active": "Appointment {code} is no longer active (cancelled or done).",
    "staff.cutover.preview": "Cutover from {day}: {total} active appointments would be cancelled "
    "and the people affected notified.",
    "staff.cutover.none": "There are no active appointments from {day}; nothing to cancel.",
    "staff.cutover.confirm": "Cancel {total} appointments now",
    "staff.cutover.done": "Done: {count} appointments from {day} cancelled; the notices are "
    "being sent.",
    "staff.broadcast.usage": "Please add the text: /broadcast your message",
    "staff.broadcast.preview": "Broadcast to {count} recipients:\n\n{text}",
    "staff.broadcast.confirm": "Send to {count} recipients",
    "staff.broadcast.done": "{count} messages are queued for sending.",
    "staff.unavailable": "This function is not set up in this installation.",
    "status.booked": "booked",
    "status.confirmed": "confirmed",
    "status.cancelled_by_citizen": "cancelled",
    "status.cancelled_by_office": "cancelled by the office",
    "status.no_show": "no-show",
    "status.attended": "attended",
}
