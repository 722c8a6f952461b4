"""Verified contacts: one-time codes and link tokens (hashes only), when a person's e-mail
address was proven, no-shows that hang on a verified person or a Telegram account, and the
appointments' plain cancel token replaced by hashed, expiring link tokens.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:50:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=True),
        sa.Column("sender", sa.String(length=200), nullable=True),
        sa.Column("code_salt", sa.String(length=32), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifications")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_verifications_token_hash")),
    )
    op.create_index(
        "ix_verifications_purpose_subject", "verifications", ["purpose", "subject"], unique=False
    )
    op.create_index(op.f("ix_verifications_expires_at"), "verifications", ["expires_at"])
    with op.batch_alter_table("persons") as batch:
        batch.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("no_shows") as batch:
        batch.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("sender", sa.String(length=200), nullable=True))
        batch.create_index(op.f("ix_no_shows_sender"), ["sender"])
    with op.batch_alter_table("appointments") as batch:
        batch.drop_constraint("uq_appointments_cancel_token", type_="unique")
        batch.drop_column("cancel_token")


def downgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.add_column(sa.Column("cancel_token", sa.String(length=43), nullable=True))
        batch.create_unique_constraint("uq_appointments_cancel_token", ["cancel_token"])
    with op.batch_alter_table("no_shows") as batch:
        batch.drop_index(op.f("ix_no_shows_sender"))
        batch.drop_column("sender")
        batch.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("verified_at")
    op.drop_table("verifications")
