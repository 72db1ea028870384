"""Initial IMAP sync speed: `comptoir fetch` against `mbsync` on the same mailbox.

    .venv/bin/python benchmarks/imap_sync.py [--count 10000] [--runs 3]

Generates `count` messages (generate_mail.py), APPENDs them to a private Dovecot
on loopback (as root, like the tests), then times, as whole commands and in
alternated rounds: `comptoir fetch` into a fresh database (stored, threaded and
searchable, checked after each run) and `mbsync` with default settings into a
fresh Maildir. Prints, for each, the seconds of every round and the median
(min, max), and comptoir's ratio to mbsync paired by round, then one JSON line.
A command that fails stops the script: no figure is printed for it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from imapclient import IMAPClient  # noqa: E402

from tests.servers import Dovecot, start_dovecot, stop_dovecot  # noqa: E402

COMPTOIR = str(Path(sys.executable).parent / "comptoir")


def generated(count: int) -> list[bytes]:
    target = HERE / "out" / f"maildir-{count}"
    if not (target / "cur").is_dir():
        subprocess.run(
            [sys.executable, str(HERE / "generate_mail.py"), str(target),
             "--count", str(count)],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    files = sorted(p for sub in ("cur", "new") for p in (target / sub).iterdir())
    return [p.read_bytes() for p in files]


def load(server: Dovecot, user: str, password: str, raws: list[bytes]) -> None:
    client = IMAPClient(
        "127.0.0.1", port=server.sslport, ssl=True, ssl_context=server.ssl_context()
    )
    client.login(user, password)
    for start in range(0, len(raws), 500):
        client.multiappend("INBOX", raws[start : start + 500])
    client.logout()


def warm_up(server: Dovecot, user: str, password: str) -> None:
    """One bare FETCH of everything: Dovecot builds its caches on the first read,
    which would otherwise be charged to whichever tool runs first."""
    client = IMAPClient(
        "127.0.0.1", port=server.sslport, ssl=True, ssl_context=server.ssl_context()
    )
    client.login(user, password)
    client.select_folder("INBOX", readonly=True)
    uids = client.search(["ALL"])
    for start in range(0, len(uids), 1000):
        client.fetch(uids[start : start + 1000], [b"BODY.PEEK[]", b"INTERNALDATE"])
    client.logout()


def run_comptoir(server: Dovecot, user: str, password: str, work: Path) -> float:
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
    start = time.perf_counter()
    subprocess.run([COMPTOIR, "fetch", "-q"], env=env, check=True)
    return time.perf_counter() - start


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


def run_mbsync(server: Dovecot, user: str, password: str, work: Path) -> float:
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
    start = time.perf_counter()
    subprocess.run(["mbsync", "-q", "-c", str(rc), "bench"], check=True)  # exit checked
    seconds = time.perf_counter() - start
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    raws = generated(args.count)
    distinct = len(set(raws))
    server = start_dovecot()
    work = Path(tempfile.mkdtemp(prefix="comptoir-bench-"))
    try:
        user, password = server.add_user()
        started = time.perf_counter()
        load(server, user, password, raws)
        print(f"loaded {len(raws)} messages in {time.perf_counter() - started:.1f} s")
        warm_up(server, user, password)
        rounds: list[tuple[float, float | None]] = []
        for round_ in range(1, args.runs + 1):  # alternated, on the same warm server
            ours = run_comptoir(server, user, password, work)
            check_stored(work, distinct)
            theirs = None
            if shutil.which("mbsync"):
                theirs = run_mbsync(server, user, password, work)
            rounds.append((ours, theirs))
            said = f", mbsync {theirs:.2f} s" if theirs else ""
            print(f"round {round_}: comptoir {ours:.2f} s{said}")
        ours_s = [ours for ours, _ in rounds]
        figures = {"count": len(raws), "comptoir_s": spread(ours_s)}
        print(f"comptoir fetch: {said_spread(ours_s)} s "
              f"({len(raws) / statistics.median(ours_s):,.0f} messages/s at the median)")  # fmt: skip
        theirs_s = [theirs for _, theirs in rounds if theirs is not None]
        if len(theirs_s) == len(rounds):
            ratios = [
                theirs / ours for ours, theirs in zip(ours_s, theirs_s, strict=True)
            ]
            figures |= {"mbsync_s": spread(theirs_s), "ratio": spread(ratios)}
            print(f"mbsync:         {said_spread(theirs_s)} s")
            print(
                f"ratio (comptoir / mbsync rate, paired by round): {said_spread(ratios)}x"
            )
        else:
            print("mbsync: not installed (apt-get install isync)")
        print(json.dumps(figures))
    finally:
        stop_dovecot(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
