"""`comptoir export eml|mbox|jsonl`: a shop's data is never locked in."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, BinaryIO, TextIO

import typer

from console.i18n import _
from console.jsonout import dumps
from console.runtime import fail, run, state

app = typer.Typer(help="Export raw originals and records.", no_args_is_help=True)


@app.command()
def eml(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(help="Folder to write NNNNNNNN.eml files into.")
    ],
) -> None:
    """Every raw original, byte for byte, one file per message."""
    from storage.connection import open_store
    from storage.export import iter_raw_messages

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        said = _("{folder}: cannot create the folder ({reason})")
        fail(said.format(folder=folder, reason=exc.strerror))

    async def go() -> int:
        count = 0
        async with open_store(state(ctx).db_path) as store:
            async for message in iter_raw_messages(store):
                (folder / f"{message.id:08d}.eml").write_bytes(message.raw)
                count += 1
        return count

    try:
        count = run(go(), state(ctx).db_path)
    except OSError as exc:
        said = _(
            "{folder}: cannot write ({reason}); free space or choose another folder"
        )
        fail(said.format(folder=folder, reason=exc.strerror))
    said = _("{count} messages written to {folder}")
    print(said.format(count=count, folder=folder), file=sys.stderr)


def _mboxrd(raw: bytes) -> bytes:
    """Quote body lines that would read as separators (mboxrd)."""
    lines = raw.splitlines(keepends=True)
    quoted = [
        b">" + line if line.lstrip(b">").startswith(b"From ") else line
        for line in lines
    ]
    body = b"".join(quoted)
    return body if body.endswith(b"\n") else body + b"\n"


def _from_line(sender: str, at: int) -> bytes:
    """The separator line written before each message."""
    stamp = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(at))
    return f"From {sender or 'MAILER-DAEMON'} {stamp}\n".encode()


def _open_binary(target: str) -> BinaryIO:
    return sys.stdout.buffer if target == "-" else open(target, "wb")


def _open_text(target: str) -> TextIO:
    return sys.stdout if target == "-" else open(target, "w", encoding="utf-8")


@app.command()
def mbox(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="File to write, or - for stdout.")
    ] = "-",
) -> None:
    """Every raw original in one mbox (mboxrd quoting of `From ` lines)."""
    from storage.connection import open_store
    from storage.export import iter_raw_messages

    async def go(out: BinaryIO) -> None:
        async with open_store(state(ctx).db_path) as store:
            async for message in iter_raw_messages(store):
                out.write(_from_line(message.sender_address, message.sent_at))
                out.write(_mboxrd(message.raw) + b"\n")

    try:
        out = _open_binary(target)
        try:
            run(go(out), state(ctx).db_path)
        finally:
            if out is not sys.stdout.buffer:
                out.close()
    except OSError as exc:
        fail(
            _("{path}: cannot write ({reason})").format(
                path=target, reason=exc.strerror
            )
        )


@app.command()
def jsonl(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="File to write, or - for stdout.")
    ] = "-",
) -> None:
    """Every record of every table as JSON lines ({"table": ..., columns...})."""
    from storage.connection import open_store
    from storage.export import iter_records

    async def go(out: TextIO) -> None:
        async with open_store(state(ctx).db_path) as store:
            async for record in iter_records(store):
                out.write(dumps(record) + "\n")

    try:
        out = _open_text(target)
        try:
            run(go(out), state(ctx).db_path)
        finally:
            if out is not sys.stdout:
                out.close()
    except OSError as exc:
        fail(
            _("{path}: cannot write ({reason})").format(
                path=target, reason=exc.strerror
            )
        )
