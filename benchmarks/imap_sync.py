"""Initial IMAP sync speed: `comptoir fetch` against `mbsync` on the same mailbox.

    .venv/bin/python benchmarks/imap_sync.py [--count 10000] [--runs 3]
        [--reference OTHER/.venv/bin/comptoir]

Generates `count` messages (generate_mail.py), APPENDs them to a private Dovecot
on loopback (as root, like the tests), then times, as whole commands and in
alternated rounds: `comptoir fetch` into a fresh database (stored, threaded and
searchable, checked after each run) and `mbsync` with default settings into a
fresh Maildir. Prints, for each, the seconds of every round and the median
(min, max), and comptoir's ratio to mbsync paired by round, then one JSON line.
A command that fails stops the script: no figure is printed for it.

The floor, in the same rounds: the CPU time (user + system) of each command's
process tree, and a bare FETCH of every message with comptoir's own reader
(plugins/email/imap_read.py, chunks of 500) that parses and stores nothing:
what Dovecot, TLS and the socket take. Whatever comptoir takes beyond that is
its own work (parse, index, store); on C cores it cannot take less than its
CPU time / C. `--reference` adds another checkout's `comptoir fetch` to each
round (before and after a change, alternated), with its ratio to this one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from generate_mail import maildir_messages  # noqa: E402 (beside this script)
from imapclient import IMAPClient  # noqa: E402

from plugins.email.imap_read import fetch_bodies  # noqa: E402
from tests.servers import Dovecot, start_dovecot, stop_dovecot  # noqa: E402

COMPTOIR = str(Path(sys.executable).parent / "comptoir")


def load(server: Dovecot, user: str, password: str, raws: list[bytes]) -> None:
    client = IMAPClient(
        "127.0.0.1", port=server.sslport, ssl=True, ssl_context=server.ssl_context()
    )
    client.login(user, password)
    for start in range(0, len(raws), 500):
        client.multiappend("INBOX", raws[start : start + 500])
    client.logout()


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and every
    process it waited for) of one command; a failure stops the script."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def run_bare(server: Dovecot, user: str, password: str) -> float:
    """Every message FETCHed with comptoir's reader, nothing parsed or stored."""
    start = time.perf_counter()
    client = IMAPClient(
        "127.0.0.1", port=server.sslport, ssl=True, ssl_context=server.ssl_context()
    )
    client.login(user, password)
    client.select_folder("INBOX", readonly=True)
    uids = client.search(["ALL"])
    got = 0
    for first in range(0, len(uids), 500):
        got += len(fetch_bodies(client, uids[first : first + 500]).messages)
    client.logout()
    assert got == len(uids), f"bare FETCH got {got} of {len(uids)}"
    return time.perf_counter() - start


def run_comptoir(
    server: Dovecot, user: str, password: str, work: Path, command: str = COMPTOIR
) -> tuple[float, float]:
    for old in work.glob("bench.db*"):
        old.unlink()
    config = work / "config.toml"
    config.write_text(
        "[channels.bench]\n"
        'type = "email"\n'
        'imap_host = "127.0.0.1"\n'
        f"imap_port = {server.sslport}\n"
        f'username = "{user}"\n'
        'password_env = "BENCH_IMAP_PW"\n'
        f'ca_file = "{server.cafile}"\n'
        'sent_folder = ""\n'
    )
    env = dict(os.environ, BENCH_IMAP_PW=password, COMPTOIR_CONFIG=str(config))
    env["COMPTOIR_DB"] = str(work / "bench.db")
    return timed([command, "fetch", "-q"], env)


def check_stored(work: Path, count: int) -> int:
    """Stored and searchable: every message is in the index."""
    import sqlite3

    conn = sqlite3.connect(work / "bench.db")
    try:
        stored = int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])
        indexed = int(
            conn.execute("SELECT count(*) FROM message_search WHERE message_search "
                         "MATCH 'order OR commande OR the OR le'").fetchone()[0]
        )  # fmt: skip
    finally:
        conn.close()
    assert stored == count, f"stored {stored} of {count}"
    assert indexed > 0
    return stored


def run_mbsync(
    server: Dovecot, user: str, password: str, work: Path
) -> tuple[float, float]:
    local = work / "mbsync-mail"
    shutil.rmtree(local, ignore_errors=True)
    local.mkdir()
    rc = work / "mbsyncrc"
    rc.write_text(
        f"IMAPAccount bench\nHost localhost\nPort {server.sslport}\nUser {user}\n"
        f"Pass {password}\nSSLType IMAPS\nCertificateFile {server.cafile}\n\n"
        "IMAPStore bench-remote\nAccount bench\n\n"
        f"MaildirStore bench-local\nPath {local}/\nInbox {local}/INBOX\n\n"
        "Channel bench\nFar :bench-remote:\nNear :bench-local:\nPatterns INBOX\n"
        "Create Near\nSyncState *\n"
    )
    seconds = timed(["mbsync", "-q", "-c", str(rc), "bench"])  # exit checked
    got = sum(1 for sub in ("cur", "new") for _ in (local / "INBOX" / sub).iterdir())
    assert got > 0
    return seconds


def spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def said_spread(values: list[float]) -> str:
    found = spread(values)
    return f"{found['median']:.2f} (min {found['min']:.2f}, max {found['max']:.2f})"


@dataclass(slots=True)
class Round:
    ours: tuple[float, float]  # wall, CPU seconds
    bare: float
    theirs: tuple[float, float] | None
    reference: tuple[float, float] | None = None


def one_round(
    server: Dovecot,
    user: str,
    password: str,
    work: Path,
    distinct: int,
    reference: str | None,
    first: bool,
) -> Round:
    """comptoir, the bare FETCH, mbsync, on the same warm server; the reference
    comptoir before this one (`first`) or after it, in alternate rounds."""
    other = None
    if reference and first:
        other = run_comptoir(server, user, password, work, reference)
        check_stored(work, distinct)
    ours = run_comptoir(server, user, password, work)
    check_stored(work, distinct)
    if reference and not first:
        other = run_comptoir(server, user, password, work, reference)
        check_stored(work, distinct)
    bare = run_bare(server, user, password)
    theirs = None
    if shutil.which("mbsync"):
        theirs = run_mbsync(server, user, password, work)
    return Round(ours, bare, theirs, other)


def said_round(n: int, found: Round) -> str:
    (wall, cpu), said = found.ours, ""
    if found.theirs:
        said = f", mbsync {found.theirs[0]:.2f} s (CPU {found.theirs[1]:.2f} s)"
    if found.reference:
        said += (
            f", reference {found.reference[0]:.2f} s (CPU {found.reference[1]:.2f} s)"
        )
    return (
        f"round {n}: comptoir {wall:.2f} s (CPU {cpu:.2f} s), "
        f"bare FETCH {found.bare:.2f} s{said}"
    )


def summary(rounds: list[Round], count: int) -> dict[str, object]:
    ours_s = [r.ours[0] for r in rounds]
    cpu = [r.ours[1] for r in rounds]
    bare = [r.bare for r in rounds]
    cores = os.cpu_count() or 1
    figures: dict[str, object] = {
        "count": count,
        "comptoir_s": spread(ours_s),
        "comptoir_cpu_s": spread(cpu),
        "bare_fetch_s": spread(bare),
        "cores": cores,
    }
    print(f"comptoir fetch: {said_spread(ours_s)} s "
          f"({count / statistics.median(ours_s):,.0f} messages/s at the median)")  # fmt: skip
    print(f"  its CPU time: {said_spread(cpu)} s; on {cores} cores at least "
          f"{statistics.median(cpu) / cores:.2f} s")  # fmt: skip
    print(f"bare FETCH:     {said_spread(bare)} s (Dovecot, TLS, reading; "
          f"{statistics.median(bare) / statistics.median(ours_s):.0%} of comptoir's)")  # fmt: skip
    others = [r.reference for r in rounds if r.reference is not None]
    if others:
        walls = [wall for wall, _ in others]
        figures |= {
            "reference_s": spread(walls),
            "reference_cpu_s": spread([c for _, c in others]),
            "speed_up": spread([r / o for o, r in zip(ours_s, walls, strict=True)]),
        }
        print(f"reference:      {said_spread(walls)} s (CPU "
              f"{said_spread([c for _, c in others])} s); this one faster by "
              f"{said_spread([r / o for o, r in zip(ours_s, walls, strict=True)])}x, paired")  # fmt: skip
    theirs = [r.theirs for r in rounds if r.theirs is not None]
    if len(theirs) < len(rounds):
        print("mbsync: not installed (apt-get install isync)")
        return figures
    theirs_s = [wall for wall, _ in theirs]
    ratios = [t / o for o, t in zip(ours_s, theirs_s, strict=True)]
    figures |= {
        "mbsync_s": spread(theirs_s),
        "mbsync_cpu_s": spread([c for _, c in theirs]),
        "ratio": spread(ratios),
    }
    print(f"mbsync:         {said_spread(theirs_s)} s "
          f"(CPU {said_spread([c for _, c in theirs])} s)")  # fmt: skip
    print(f"ratio (comptoir / mbsync rate, paired by round): {said_spread(ratios)}x")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference", help="another checkout's comptoir command")
    args = parser.parse_args()
    raws = maildir_messages(args.count)
    distinct = len(set(raws))
    server = start_dovecot()
    work = Path(tempfile.mkdtemp(prefix="comptoir-bench-"))
    try:
        user, password = server.add_user()
        started = time.perf_counter()
        load(server, user, password, raws)
        print(f"loaded {len(raws)} messages in {time.perf_counter() - started:.1f} s")
        # Dovecot builds its caches on the first read, which would otherwise be
        # charged to whichever tool runs first: one bare FETCH warms them.
        run_bare(server, user, password)
        rounds = []
        for n in range(1, args.runs + 1):
            found = one_round(
                server, user, password, work, distinct, args.reference, n % 2 == 1
            )
            rounds.append(found)
            print(said_round(n, rounds[-1]))
        print(json.dumps(summary(rounds, len(raws))))
    finally:
        stop_dovecot(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
