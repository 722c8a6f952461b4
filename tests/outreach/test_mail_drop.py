"""The mail drop (e-mail without SMTP_URL): each notice a message in a Maildir, with its .ics;
messages past the outbox's keeping period are removed, like the sent rows."""

from __future__ import annotations

import asyncio
import mailbox
import os
import time

from bot.delivery.email import MailDrop
from bot.delivery.worker import Delivered
from storage.outbox import Message

DAY = 86400.0


def test_a_notice_becomes_a_message_and_old_ones_go(tmp_path):
    drop = MailDrop(tmp_path / "mail", "amt@example.org", keep_s=30 * DAY)
    ics = {"filename": "termin.ics", "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}
    payload = {"text": "Ihr Termin ist gebucht.", "subject": "Gebucht", "ics": ics}
    message = Message(7, "email", "erika@example.org", payload, 0)
    assert asyncio.run(drop.send(message)) == Delivered()
    (mail,) = mailbox.Maildir(tmp_path / "mail").values()
    assert mail["To"] == "erika@example.org" and mail["Message-ID"] == "<outbox-7@example.org>"
    assert "termin.ics" in mail.as_string()

    (file,) = (tmp_path / "mail" / "new").iterdir()
    old = time.time() - 31 * DAY
    os.utime(file, (old, old))
    drop.prune(time.time())
    assert not any((tmp_path / "mail" / "new").iterdir())
