"""A parse worker's batch: each step runs over the whole batch, with the same
results as each message parsed, read and packed on its own."""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

from plugins.api import InboundMessage, RawMessage
from plugins.email.channel import EmailChannel
from storage.pipeline.workers import parse_raws, parse_to_send, with_raw


def _corpus_mail(corpus: Path) -> list[RawMessage]:
    files = sorted(p for p in (corpus / "email").rglob("*") if p.is_file())
    # As IMAP hands them over: CRLF line ends.
    return [
        RawMessage(str(p), p.read_bytes().replace(b"\n", b"\r\n"))
        for p in files
        if not p.name.endswith((".ref", ".tnef", ".md", "-summary.txt"))
    ]


def test_a_batch_parses_as_its_messages_one_by_one(corpus: Path) -> None:
    raws = _corpus_mail(corpus)
    assert len(raws) > 300
    batch = parse_raws(EmailChannel, raws)
    assert batch == [parse_raws(EmailChannel, [raw])[0] for raw in raws]
    for raw, (message, packed, _) in zip(raws, batch, strict=True):
        assert message.external_id == raw.external_id
        assert message.raw == b""  # not sent back: the caller holds it
        data = (
            zlib.decompress(packed.data) if packed.encoding == "zlib" else packed.data
        )
        assert data == raw.raw


def test_each_message_of_a_batch_keeps_its_own_language() -> None:
    french = b"From: a@b.example\r\nSubject: colis\r\n\r\n" + (
        "Bonjour, je n'ai toujours pas reçu ma commande, pouvez-vous "
        "me dire où en est le colis ? Merci beaucoup.\r\n".encode()
    )
    english = b"From: c@d.example\r\nSubject: parcel\r\n\r\n" + (
        b"Hello, my order has still not arrived, could you tell me where "
        b"the parcel is? Thank you very much.\r\n"
    )
    raws = [
        RawMessage("fr", french),
        RawMessage("en", english),
        RawMessage("f2", french),
    ]
    parsed = parse_raws(EmailChannel, raws)
    assert [m.external_id for m, _, _ in parsed] == ["fr", "en", "f2"]
    assert [language.language for _, _, language in parsed] == ["fr", "en", "fr"]
    assert [m.subject for m, _, _ in parsed] == ["colis", "parcel", "colis"]


def test_what_a_worker_sends_makes_the_records_the_channel_parsed(
    corpus: Path,
) -> None:
    raws = _corpus_mail(corpus)[:120]
    assert InboundMessage.__slots__[:2] == ("external_id", "raw")
    made = with_raw(parse_to_send(EmailChannel, raws), raws)
    for raw, (message, _, _) in zip(raws, made, strict=True):
        parsed = EmailChannel.parse(raw)
        assert message == dataclasses.replace(parsed, external_id=raw.external_id)
        assert message.raw is raw.raw


@dataclasses.dataclass(frozen=True, slots=True)
class _Annotated(InboundMessage):
    """A channel's own record, with a field the store does not read."""

    note: str = ""


class _AnnotatingChannel(EmailChannel):
    @classmethod
    def parse(cls, raw: RawMessage) -> InboundMessage:
        parsed = EmailChannel.parse(raw)
        fields = [getattr(parsed, name) for name in InboundMessage.__slots__]
        return _Annotated(*fields, note="channel's own")


def test_a_channel_returning_a_subclass_is_stored_as_a_plain_message() -> None:
    raws = [RawMessage("k1", b"From: a@b.example\r\nSubject: hi\r\n\r\nhello\r\n")]
    ((message, _, _),) = with_raw(parse_to_send(_AnnotatingChannel, raws), raws)
    assert type(message) is InboundMessage
    assert (message.external_id, message.subject, message.raw) == (
        "k1",
        "hi",
        raws[0].raw,
    )
