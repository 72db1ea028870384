"""The visitors' API: every call checked for its token, origin, size and rate."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.demo.messages import tiny_png
from plugins.chat.server import build_app
from plugins.chat.settings import ServerSettings
from storage.widget_store import open_widget_store
from tests.chat_tests.conftest import settings
from tests.chat_tests.live import TOKEN

SHOP = "https://latheierebleue.fr"


class Api:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def start(self, ip: str = "", **form: Any) -> tuple[str, dict[str, Any]]:
        answer = await self.call("POST", "/api/visitor/session", json=form, ip=ip)
        assert answer.status_code == 201, answer.text
        body = answer.json()
        return body["token"], body["visitor"]

    async def call(
        self, method: str, path: str, token: str = "", ip: str = "", **kw: Any
    ) -> httpx.Response:
        headers = {"origin": SHOP, **kw.pop("headers", {})}
        if token:
            headers["authorization"] = f"Bearer {token}"
        if ip:
            headers["x-test-ip"] = ip
        return await self.client.request(method, path, headers=headers, **kw)

    async def say(
        self, token: str, client_id: str, text: str, ip: str = ""
    ) -> httpx.Response:
        body = {"client_id": client_id, "text": text}
        return await self.call("POST", "/api/visitor/messages", token, ip, json=body)


def _with_test_ip(app: Any) -> Any:
    """Each request's client address from `x-test-ip` (as a proxy would say)."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        for name, value in scope.get("headers", []):
            if name == b"x-test-ip":
                scope = {**scope, "client": (value.decode(), 1234)}
        await app(scope, receive, send)

    return wrapped


@pytest.fixture
async def api(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    changes = dict(getattr(request, "param", {}))
    secret = changes.pop("identity_secret", "")
    chosen: ServerSettings = settings({SHOP}, **changes)
    async with open_widget_store(tmp_path / "w.db") as store:
        app = _with_test_ip(build_app(store, chosen, TOKEN, identity_secret=secret))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://w") as c:
            yield Api(c)


def server_settings(**changes: Any) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("api", [changes], indirect=True)


async def test_every_call_needs_the_visitors_token(api: Api) -> None:
    token, _ = await api.start(name="Ann")
    for method, path in [
        ("GET", "/api/visitor/messages"),
        ("POST", "/api/visitor/messages"),
        ("POST", "/api/visitor/profile"),
        ("POST", "/api/visitor/files?client_id=a&name=x.png"),
        ("POST", "/api/visitor/rating"),
        ("GET", "/api/visitor/files/abc"),
    ]:
        for wrong in ("", "not-a-token", token[:-2]):
            answer = await api.call(method, path, wrong, json={})
            assert answer.status_code == 401, (method, path, wrong)
            assert answer.json()["error"] == "token"
    assert (await api.say(token, "m1", "Bonjour")).status_code == 201


async def test_another_site_is_refused_with_a_readable_answer(api: Api) -> None:
    answer = await api.call(
        "POST",
        "/api/visitor/session",
        json={},
        headers={"origin": "https://evil.example"},
    )
    assert answer.status_code == 403
    assert answer.json()["error"] == "origin"
    assert "https://evil.example" in answer.json()["message"]
    # CORS lets the page read the refusal, and only the refusal.
    assert answer.headers["access-control-allow-origin"] == "https://evil.example"
    allowed = await api.call("GET", "/api/visitor/config")
    assert allowed.headers["access-control-allow-origin"] == SHOP


async def test_a_message_sent_twice_is_stored_once(api: Api) -> None:
    token, _ = await api.start()
    first = (await api.say(token, "same-id", "Bonjour")).json()["entry"]
    again = (await api.say(token, "same-id", "Bonjour")).json()["entry"]
    assert first == again
    listed = await api.call("GET", "/api/visitor/messages", token)
    assert [e["text"] for e in listed.json()["entries"]] == ["Bonjour"]


async def test_sizes_are_limited_with_413(api: Api) -> None:
    token, _ = await api.start()
    too_long = await api.say(token, "m1", "é" * 4001)
    assert too_long.status_code == 413 and too_long.json()["error"] == "too_long"
    huge_body = await api.say(token, "m2", "x" * 70_000)  # over the route's body limit
    assert huge_body.status_code == 413
    big = b"%PDF-1.4\n" + b"0" * 10_000_001
    upload = await api.call(
        "POST", "/api/visitor/files?client_id=f1&name=big.pdf", token,
        content=big, headers={"content-type": "application/pdf"},
    )  # fmt: skip
    assert upload.status_code == 413
    listed = await api.call("GET", "/api/visitor/messages", token)
    assert listed.json()["entries"] == []


@server_settings(visitor_rate=5, ip_rate=8)
async def test_floods_get_429_per_visitor_and_per_ip(api: Api) -> None:
    first, _ = await api.start(ip="10.0.0.1")
    codes = [(await api.say(first, f"m{n}", "flood", "10.0.0.1")).status_code for n in range(7)]  # fmt: skip
    assert codes == [201] * 5 + [429] * 2
    refused = await api.say(first, "m9", "flood", "10.0.0.1")
    assert refused.json()["error"] == "rate"
    assert int(refused.headers["retry-after"]) >= 1
    # A second visitor behind the same address shares the address's allowance
    # of 8 a minute: the first used 6 (refusals count for nothing).
    second, _ = await api.start(ip="10.0.0.1")
    assert (await api.say(second, "a", "hello", "10.0.0.1")).status_code == 201
    assert (await api.say(second, "b", "hello", "10.0.0.1")).status_code == 429
    # Someone elsewhere is not slowed down by either.
    third, _ = await api.start(ip="10.0.0.2")
    assert (await api.say(third, "b", "hello", "10.0.0.2")).status_code == 201


async def test_files_are_checked_by_their_bytes_and_kept_private(api: Api) -> None:
    token, _ = await api.start()
    fake = await api.call(
        "POST", "/api/visitor/files?client_id=f1&name=cat.png", token,
        content=b"<svg onload=alert(1)>", headers={"content-type": "image/png"},
    )  # fmt: skip
    assert fake.status_code == 415
    good = await api.call(
        "POST", "/api/visitor/files?client_id=f2&name=../../etc/passwd.png", token,
        content=tiny_png(), headers={"content-type": "image/png"},
    )  # fmt: skip
    file = good.json()["entry"]["file"]
    assert file["filename"] == "passwd.png"
    mine = await api.call("GET", f"/api/visitor/files/{file['id']}", token)
    assert mine.content == tiny_png()
    assert mine.headers["content-disposition"].startswith("attachment")
    assert mine.headers["content-security-policy"] == "sandbox"
    other, _ = await api.start()
    theirs = await api.call("GET", f"/api/visitor/files/{file['id']}", other)
    assert theirs.status_code == 404


@server_settings(identity_secret="s3cret", verify_identity=True)
async def test_a_signed_identity_is_verified_and_a_forged_one_refused(api: Api) -> None:
    from plugins.chat.security import identity_signature

    signed = identity_signature("s3cret", "Ann@Example.fr")
    _, visitor = await api.start(user_email="ann@example.fr", user_hash=signed)
    assert visitor["email"] == "ann@example.fr" and visitor["email_verified"]
    forged = await api.call(
        "POST", "/api/visitor/session",
        json={"user_email": "ann@example.fr", "user_hash": "0" * 64},
    )  # fmt: skip
    assert forged.status_code == 403 and forged.json()["error"] == "identity"
    _, typed = await api.start(email="bob@example.fr")
    assert typed["email"] == "bob@example.fr" and not typed["email_verified"]


async def test_the_channel_api_wants_the_shops_token(api: Api) -> None:
    for token in ("", "wrong"):
        answer = await api.call("GET", "/api/channel/inbound", token)
        assert answer.status_code == 401
    answer = await api.call("GET", "/api/channel/hello", TOKEN)
    assert answer.status_code == 200 and answer.json()["last"] == 0


async def test_a_long_poll_wakes_when_the_visitor_writes(api: Api) -> None:
    token, _ = await api.start()
    polling = asyncio.create_task(
        api.call("GET", "/api/channel/inbound?wait=10", TOKEN)
    )
    await asyncio.sleep(0.2)
    started = asyncio.get_running_loop().time()
    await api.say(token, "m1", "Il y a quelqu'un ?")
    answer = await asyncio.wait_for(polling, 5)
    waited = asyncio.get_running_loop().time() - started
    assert [i["entry"]["text"] for i in answer.json()["entries"]] == [
        "Il y a quelqu'un ?"
    ]
    assert waited < 1.0, waited


async def test_a_rating_answers_one_survey_once(api: Api) -> None:
    token, visitor = await api.start()
    await api.say(token, "m1", "Merci !")
    survey = {"visitor": visitor["id"], "key": "survey-1#x", "message_id": "survey-1",
              "kind": "survey", "text": "Votre note ?", "automatic": "survey"}  # fmt: skip
    await api.call("POST", "/api/channel/replies", TOKEN, json=survey)
    for score in (0, 6, "5", True):
        bad = await api.call("POST", "/api/visitor/rating", token, json={"survey": "survey-1#x", "score": score})  # fmt: skip
        assert bad.status_code == 400, score
    unknown = await api.call("POST", "/api/visitor/rating", token, json={"survey": "nope", "score": 5})  # fmt: skip
    assert unknown.status_code == 404
    rated = await api.call("POST", "/api/visitor/rating", token, json={"survey": "survey-1#x", "score": 5, "comment": "Top"})  # fmt: skip
    again = await api.call("POST", "/api/visitor/rating", token, json={"survey": "survey-1#x", "score": 1})  # fmt: skip
    assert rated.json()["entry"]["seq"] == again.json()["entry"]["seq"]
    inbound = await api.call("GET", "/api/channel/inbound", TOKEN)
    texts = [i["entry"]["text"] for i in inbound.json()["entries"]]
    assert texts == ["Merci !", "5\nTop"]
    assert inbound.json()["entries"][1]["entry"]["data"] == {
        "score": 5, "comment": "Top", "survey": "survey-1#x", "answers": "survey-1",
    }  # fmt: skip


async def test_a_visitor_cannot_hold_more_than_twenty_pages_open(api: Api) -> None:
    from plugins.chat.hub import MAX_LISTENERS

    token, _ = await api.start()
    polls = [
        asyncio.create_task(api.call("GET", "/api/visitor/messages?wait=5", token))
        for _ in range(MAX_LISTENERS)
    ]
    await asyncio.sleep(0.3)
    refused = await api.call("GET", "/api/visitor/messages?wait=5", token)
    assert refused.status_code == 429
    await api.say(token, "m1", "Bonjour")  # wakes every poll with the message
    answers = await asyncio.gather(*polls)
    assert all(a.json()["entries"][0]["text"] == "Bonjour" for a in answers)
    again = await api.call("GET", "/api/visitor/messages?wait=0", token)
    assert again.status_code == 200
