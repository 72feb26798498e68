"""`industry-map actuals …`: a year's template, and the import of a filled-in file (all rows or
none; --dry-run checks without writing)."""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import json
from pathlib import Path

import asyncpg
import click

from app.db import plain_url
from app.domain.actuals import importing


async def _with_connection(url: str, work):
    conn = await asyncpg.connect(plain_url(url))
    try:
        return await work(conn)
    finally:
        await conn.close()


@click.group("actuals")
def actuals() -> None:
    """Yearly figures (actuals) of the plan's indicators and of public sources."""


@actuals.command("template")
@click.option("--year", type=click.IntRange(2022, 2027), required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def template(year: int, fmt: str, output: Path) -> None:
    """Write the template of one year's figures."""
    from app.cli import _url

    rows = asyncio.run(_with_connection(_url(), lambda c: importing.template_rows(c, year)))
    output.write_bytes(importing.template_file(rows, fmt))
    click.echo(f"{len(rows)} rows to fill in → {output}")


@actuals.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row; write nothing.")
@click.option("--entered-by", default=None, help="Who enters the figures (default: OS user).")
def import_command(file: Path, dry_run: bool, entered_by: str | None) -> None:
    """Import a filled-in template (CSV or XLSX): every row is checked, then all are written in
    one transaction, or none."""
    from app.cli import _url

    content = file.read_bytes()
    who = entered_by or f"cli:{getpass.getuser()}"
    batch = f"{file.name}@{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"

    async def work(conn):
        rows = importing.read_table(content, file.name)
        return await importing.import_rows(conn, rows, entered_by=who, batch=batch, dry_run=dry_run)

    try:
        result = asyncio.run(_with_connection(_url(), work))
    except importing.ImportRejected as exc:
        for error in exc.rows("en"):
            click.echo(f"row {error['row']} {error['column']}: {error['message']}", err=True)
        raise click.ClickException(exc.detail) from None
    except importing.ProblemError as exc:
        raise click.ClickException(exc.detail) from None
    result.pop("ids", None)
    click.echo(json.dumps(result, ensure_ascii=False))
