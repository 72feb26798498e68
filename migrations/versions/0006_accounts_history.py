"""accounts, bearer tokens, login attempts and the change history (issue 12)

Revision ID: 0006
Revises: 0005b
Create Date: 2026-12-01

Reading stays public; writing needs an account. Tokens are stored only as SHA-256 digests, so a
copy of this table lets nobody sign in. Login attempts live here (not in process memory) so that
every worker counts the same failures. change_log keeps every change — who, when, what, why,
before and after — and records the database role that made it (`db_user`), which shows that
writes ran under the narrowly granted writer role.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE app_user (
            username text PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
            password_hash text NOT NULL,
            role text NOT NULL CHECK (role IN ('editor', 'admin')),
            disabled boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE access_token (
            token_hash text PRIMARY KEY,
            username text NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
            created_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL,
            revoked_at timestamptz
        );
        CREATE INDEX ix_access_token_username ON access_token (username);

        CREATE TABLE login_attempt (
            id bigserial PRIMARY KEY,
            username text NOT NULL,
            client text NOT NULL,
            succeeded boolean NOT NULL,
            attempted_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX ix_login_attempt_username ON login_attempt (username, attempted_at);
        CREATE INDEX ix_login_attempt_client ON login_attempt (client, attempted_at);

        CREATE TABLE change_log (
            id bigserial PRIMARY KEY,
            changed_at timestamptz NOT NULL DEFAULT now(),
            actor text NOT NULL,
            action text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
            entity text NOT NULL,
            entity_id text NOT NULL,
            before jsonb,
            after jsonb,
            reason text NOT NULL CHECK (length(btrim(reason)) > 0),
            source text NOT NULL CHECK (length(btrim(source)) > 0),
            db_user text NOT NULL DEFAULT current_user,
            CHECK (before IS NOT NULL OR after IS NOT NULL)
        );
        CREATE INDEX ix_change_log_entity ON change_log (entity, entity_id, id);
        CREATE INDEX ix_change_log_actor ON change_log (actor, id);
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS change_log, login_attempt, access_token, app_user")
