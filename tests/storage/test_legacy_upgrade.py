"""Citizens who booked before proofs existed (migration 0009), after the upgrade: their
appointments keep their e-mail notices, chats that only typed an address lose the link, and
no-shows held against an address nobody proved stop blocking it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import select, text

from storage.db import open_database
from storage.models import Account, NoShow
from storage.outbox import Route
from storage.reach import reach
from tests.storage.support import berlin

AT = datetime(2021, 9, 1, 8, 0, tzinfo=UTC)


def _row(c, table: str, **values) -> None:
    names = ", ".join(values)
    c.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in values)})"),
              values)  # fmt: skip


def test_rows_from_before_proofs_follow_the_rules_after_the_upgrade(tmp_path, city):
    db = open_database(f"sqlite:///{tmp_path / 'old.db'}")
    config = db.alembic_config()
    with db.engine.begin() as c:
        config.attributes["connection"] = c
        command.upgrade(config, "0013")
    with db.engine.begin() as c:
        for i, key in ((1, "email:vera@example.org"), (2, "email:max@example.org")):
            _row(c, "persons", id=i, key=key, name="N", email=key[6:], language="de",
                 created_at=AT, updated_at=AT)  # fmt: skip
        for i, (code, person, sender) in enumerate(
            (("BB-AAAAA", 1, "web:vera"), ("BB-BBBBB", 2, "telegram:5"), ("BB-CCCCC", 1, "web:x"))
        ):
            start = berlin(2021, 9, 14 + i, 9, 0)
            _row(c, "appointments", code=code, service_id="personalausweis", seat=1,
                 slot_start=start, slot_end=start + timedelta(minutes=15), household_size=1,
                 status="booked", person_id=person, person_key="k", sender=sender,
                 channel=sender.split(":")[0], language="de", created_at=AT,
                 updated_at=AT)  # fmt: skip
        # a stranger's chat typed Vera's address before the upgrade and was linked to her
        _row(c, "accounts", person_id=1, sender="web:stranger", channel="web", created_at=AT)
        # no-shows recorded against the typed address
        _row(c, "no_shows", person_id=1, appointment_code="BB-CCCCC", at=AT)
        _row(c, "no_shows", person_id=2, appointment_code="BB-BBBBB", at=AT)
    db.upgrade()
    with db.read() as s:
        assert s.scalars(select(Account)).all() == []
        blame = s.execute(select(NoShow.person_id, NoShow.sender)).all()
        assert blame == [(None, "telegram:5")]  # the Telegram account, never the address
        found = reach(s, city, [text("1 = 1")], per_person=False, lock=False)
    routes = {r.appointments[0].code: r.route for r in found}
    assert routes["BB-AAAAA"] == Route("email", "vera@example.org")  # as before the upgrade
    assert routes["BB-BBBBB"] == Route("telegram", "telegram:5")
    db.dispose()
