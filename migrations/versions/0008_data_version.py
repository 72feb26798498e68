"""data_version: a counter per table, bumped by every statement that changes the table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

The serving processes keep answers they have built (app/http/answers.py) and reuse one only while
the sum of these counters is what it was when the answer was built: one indexed read of a tiny
table per request instead of the page's or the tile's statement. The counter is a row updated
inside the writing transaction, so it becomes visible exactly when the change does, on the
primary and on every replica alike. The triggers are attached by app.db.versions after every
migration (to every table the serving roles may read), so tables made later are covered too.
The function runs as its owner: writers need no grant on data_version.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE data_version (
            table_name text PRIMARY KEY,
            version bigint NOT NULL DEFAULT 0
        );
        COMMENT ON TABLE data_version IS
            'Change counters of the tables that answers are built from (app/db/versions.py).';

        CREATE FUNCTION note_data_change() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            INSERT INTO data_version (table_name, version) VALUES (TG_TABLE_NAME, 1)
            ON CONFLICT (table_name) DO UPDATE SET version = data_version.version + 1;
            RETURN NULL;
        END
        $$;
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS note_data_change() CASCADE")
    op.drop_table("data_version")
