"""The threading rules, apart from SQL."""

from __future__ import annotations

from storage.threads import (
    KnownMessage,
    RecentConversation,
    decide_thread,
    references_in_order,
    subject_key,
)

DAY = 86400


def decide(**overrides: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "message_id": "new@x",
        "in_reply_to": (),
        "references": (),
        "customer_id": 1,
        "sender": "ann@example.com",
        "subject": "Where is my parcel?",
        "sent_at": 100 * DAY,
        "known": {},
        "recent": (),
    }
    args.update(overrides)
    return decide_thread(**args)  # type: ignore[arg-type]


def test_subject_key_strips_prefixes_in_several_languages() -> None:
    assert (
        subject_key("Re: AW: TR: Fwd: [Ticket #12] Où est mon colis ?")
        == "où est mon colis ?"
    )
    assert subject_key("RE[2]:  Order   42") == "order 42"
    assert subject_key("Réf : livraison") == "livraison"


def test_references_order_puts_in_reply_to_first_then_newest_reference() -> None:
    assert references_in_order(("c",), ("a", "b", "c")) == ["c", "b", "a"]


def test_reply_joins_the_conversation_of_the_message_it_answers() -> None:
    known = {"m1@x": [KnownMessage(7, 1, False, frozenset({"ann@example.com"}))]}
    decision = decide(in_reply_to=("m1@x",), known=known)
    assert (decision.conversation_id, decision.reason) == (7, "in-reply-to")


def test_reply_to_the_shops_own_message_is_recognised() -> None:
    known = {"ours@shop": [KnownMessage(3, 1, True, frozenset())]}
    decision = decide(references=("ours@shop",), known=known)
    assert (decision.conversation_id, decision.reason) == (3, "our-message")


def test_replies_of_two_customers_to_one_newsletter_stay_apart() -> None:
    newsletter = {"news@shop": [KnownMessage(9, 50, True, frozenset({"list@shop"}))]}
    decision = decide(in_reply_to=("news@shop",), customer_id=2, known=newsletter)
    assert decision.conversation_id is None
    assert "another customer" in decision.detail


def test_a_cc_participant_replying_joins_the_thread() -> None:
    known = {"m1@x": [KnownMessage(7, 1, False, frozenset({"bob@example.com"}))]}
    decision = decide(
        in_reply_to=("m1@x",), customer_id=2, sender="bob@example.com", known=known
    )
    assert decision.conversation_id == 7


def test_duplicate_message_ids_prefer_the_same_customers_conversation() -> None:
    known = {
        "dup@x": [
            KnownMessage(4, 99, False, frozenset()),
            KnownMessage(5, 1, False, frozenset()),
        ]
    }
    assert decide(in_reply_to=("dup@x",), known=known).conversation_id == 5


def test_mail_that_lost_its_headers_joins_by_subject_within_the_window() -> None:
    recent = [RecentConversation(11, 98 * DAY), RecentConversation(12, 60 * DAY)]
    decision = decide(subject="Re: where is my  PARCEL?", recent=recent)
    assert (decision.conversation_id, decision.reason) == (11, "subject")


def test_subject_match_too_old_starts_a_new_conversation() -> None:
    decision = decide(recent=[RecentConversation(12, 60 * DAY)])
    assert (decision.conversation_id, decision.reason) == (None, "new")


def test_empty_subject_never_matches() -> None:
    assert (
        decide(subject="Re:", recent=[RecentConversation(1, 100 * DAY)]).conversation_id
        is None
    )
