"""A person is the union of their proven keys (office.identity): `identities` (the row a booking
locks) and `identity_keys` (a Telegram chat or an e-mail mailbox → its person).

Filled from the proven links there are: a Telegram chat linked to a person whose key is a
mailbox (since 0009 an account row is written only when the chat proved that address).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 19:10:00

"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    identities = op.create_table(
        "identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identities")),
    )
    keys = op.create_table(
        "identity_keys",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("identity_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["identities.id"],
            name=op.f("fk_identity_keys_identity_id_identities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_identity_keys")),
    )
    op.create_index(op.f("ix_identity_keys_identity_id"), "identity_keys", ["identity_id"])
    _link_proven_accounts(identities, keys)


def _link_proven_accounts(identities: sa.Table, keys: sa.Table) -> None:
    bind = op.get_bind()
    pairs = bind.execute(
        sa.text(
            "SELECT p.key, a.sender FROM accounts a JOIN persons p ON p.id = a.person_id "
            "WHERE a.channel = 'telegram' AND p.key LIKE 'email:%' AND p.verified_at IS NOT NULL"
        )
    ).all()
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for mailbox, sender in pairs:
        parent[root(mailbox)] = root(sender)
    groups: dict[str, list[str]] = {}
    for k in list(parent):
        groups.setdefault(root(k), []).append(k)
    now = datetime.now(UTC)
    for members in groups.values():
        identity = bind.execute(
            identities.insert().values(created_at=now).returning(identities.c.id)
        ).scalar_one()
        bind.execute(
            keys.insert(), [{"key": k, "identity_id": identity, "linked_at": now} for k in members]
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_identity_keys_identity_id"), table_name="identity_keys")
    op.drop_table("identity_keys")
    op.drop_table("identities")
