"""Outbox rows by e-mail: plain text (and an appointment's .ics file), over SMTP (SMTP_URL,
one connection kept open) or, without SMTP_URL, into the local mail drop (a Maildir).

Each message carries a Message-ID made from its outbox row, so a notice sent again after a
worker died mid-send (in doubt) is the same message to the receiving mail system, which drops
the duplicate. A refused recipient is undeliverable; 4xx answers and lost connections retry.
"""

from __future__ import annotations

import mailbox
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.delivery.worker import Delivered, Failed, Outcome, Retry, Undeliverable
from bot.offload import offload
from storage.outbox import Message

IDLE_CHECK_S = 10.0
PRUNE_EVERY_S = 3600.0  # how often the mail drop looks for messages past their time


class EmailSender:
    channel = "email"

    def __init__(self, smtp_url: str, mail_from: str, timeout: float = 30.0):
        url = urlsplit(smtp_url)
        if url.scheme not in ("smtp", "smtps") or not url.hostname:
            raise ValueError("SMTP_URL must look like smtp://user:password@host:587")
        self.url = url
        self.mail_from = mail_from
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        self._used = 0.0

    async def send(self, m: Message) -> Outcome:
        return await offload(self._send, m)

    def _send(self, m: Message) -> Outcome:
        msg = compose(m, self.mail_from)
        try:
            self._connection().send_message(msg)
        except smtplib.SMTPRecipientsRefused as e:
            return Undeliverable(_answer(next(iter(e.recipients.values()), (550, b"refused"))))
        except smtplib.SMTPResponseException as e:
            if 400 <= e.smtp_code < 500:
                return Retry(_answer((e.smtp_code, e.smtp_error)))
            return Failed(_answer((e.smtp_code, e.smtp_error)))
        except (smtplib.SMTPException, OSError) as e:
            self._drop()
            return Retry(f"SMTP: {type(e).__name__}")
        return Delivered()

    def _connection(self) -> smtplib.SMTP:
        """The open connection; one idle for a while is checked first (servers hang up)."""
        if self._smtp is not None:
            if time.monotonic() - self._used < IDLE_CHECK_S:
                self._used = time.monotonic()
                return self._smtp
            try:
                if self._smtp.noop()[0] == 250:
                    self._used = time.monotonic()
                    return self._smtp
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()
        url = self.url
        if url.scheme == "smtps":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(url.hostname, url.port or 465,
                                                  timeout=self.timeout)  # fmt: skip
        else:
            smtp = smtplib.SMTP(url.hostname, url.port or 25, timeout=self.timeout)
            if url.port == 587 or "starttls" in url.query:
                smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        self._smtp, self._used = smtp, time.monotonic()
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    async def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            await offload(_quit, smtp)


def compose(m: Message, mail_from: str) -> EmailMessage:
    """The e-mail of an outbox row, its Message-ID made from the row."""
    p = m.payload
    lines = [p["text"]]
    if p.get("plain"):
        lines.append(p["plain"])
    msg = EmailMessage()
    msg["Subject"] = p.get("subject") or ""
    msg["From"] = mail_from
    msg["To"] = m.address
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<outbox-{m.id}@{mail_from.rpartition('@')[2] or 'localhost'}>"
    msg["Content-Language"] = p.get("lang", "de")
    msg.set_content("\n\n".join(lines))
    ics = p.get("ics")
    if ics:  # the appointment for the calendar (the confirmation e-mail)
        msg.add_attachment(
            ics["content"].encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename=ics["filename"],
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    return msg


class MailDrop:
    """E-mail without SMTP_URL: each message a file in a Maildir (any mail reader opens it), so
    the embedded set-up's codes and links reach whoever runs it and contacts stay verified.
    A message is kept `keep_s` (the outbox's `notice_days`), like the sent notice's row."""

    channel = "email"

    def __init__(self, folder: Path, mail_from: str, keep_s: float):
        self.folder = folder
        self.mail_from = mail_from
        self.keep_s = keep_s
        self._pruned = -PRUNE_EVERY_S

    async def send(self, m: Message) -> Outcome:
        return await offload(self._send, m)

    def _send(self, m: Message) -> Outcome:
        try:
            box = mailbox.Maildir(self.folder, create=True)
            box.add(compose(m, self.mail_from))
            if time.monotonic() - self._pruned >= PRUNE_EVERY_S:
                self._pruned = time.monotonic()
                self.prune(time.time())
        except OSError as e:
            return Retry(f"mail drop: {type(e).__name__}")
        return Delivered()

    def prune(self, now: float) -> None:
        """Remove the messages older than `keep_s`."""
        for sub in ("new", "cur"):
            for file in (self.folder / sub).iterdir():
                if file.stat().st_mtime < now - self.keep_s:
                    file.unlink(missing_ok=True)

    async def close(self) -> None:
        pass


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _answer(answer: tuple[int, bytes | str]) -> str:
    code, text = answer
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"SMTP {code}: {text}"[:200]
