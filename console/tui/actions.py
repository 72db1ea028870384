"""Every action of the console, once: its keys, its name, what it does, and
which widget handles it.

Bindings, the help screen (`?`) and the command palette are all made from this
table, so none of them can forget an action. The keys are bound on the inbox
screen, so that they work whichever pane has the focus (a text field keeps the
letters it is typed); the screen hands each to its handler:

- `queue`: the queue list (its cursor);
- `pane`: the conversation pane (changes to the conversation shown);
- `composer`: the composer (the reply, note or forward being written);
- `view`: the messages of the conversation;
- `bar`: the view bar above the panes (which view the queue shows);
- `screen`: the inbox screen itself (layout, finding, other screens);
- `app`: the application.

Keys follow aerc and neomutt where those have one (j/k, /, r, f, q).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from console.i18n import N_, _


@dataclass(frozen=True, slots=True)
class Action:
    keys: str  # Textual key names, comma-separated
    action: str  # the handler's action_<name>
    title: str
    help: str
    group: str
    handler: str  # queue, pane, composer, view, screen or app


def _move(keys: str, action: str, title: str, help: str) -> Action:
    return Action(keys, action, title, help, _("Move"), "queue")


# The actions after which the next keys belong to a field: the composer's, or
# a modal's (console/tui/type_ahead.py holds keys typed ahead of them).
OPENS_COMPOSER = frozenset({"reply", "reply_all", "forward", "note", "insert_reply"})
OPENS_A_MODAL = frozenset({
    "snooze", "tag", "priority", "assign", "correct_intent", "language", "merge",
    "search", "views", "to_tell", "reports", "help",
})  # fmt: skip

ACTIONS: tuple[Action, ...] = (
    _move("j,down", "cursor_down", N_("Next"), N_("Move to the next conversation")),
    _move("k,up", "cursor_up", N_("Previous"), N_("Move to the previous conversation")),
    _move("g,home", "cursor_first", N_("First"), N_("Go to the first conversation")),
    _move("G,end", "cursor_last", N_("Last"), N_("Go to the last conversation")),
    _move("enter", "open", N_("Open"), N_("Open the conversation (focus its messages)")),
    Action("escape", "back", N_("Back"), N_("Back to the queue; leave the composer"), N_("Move"),
           "screen"),
    Action("C", "toggle_context", N_("Customer"), N_("Show or hide the customer, orders "
           "and deadlines"), N_("Move"), "screen"),
    Action("r", "reply", N_("Reply"), N_("Reply to the customer"), N_("Write"), "composer"),
    Action("ctrl+r", "reply_all", N_("Reply all"), N_("Reply to the customer and everyone "
           "in copy (Cc)"), N_("Write"), "composer"),
    Action("f", "forward", N_("Forward"), N_("Forward the customer's last mail with its "
           "attachments"), N_("Write"), "composer"),
    Action("n", "note", N_("Note"), N_("Write an internal note (never sent)"), N_("Write"),
           "composer"),
    Action("i,ctrl+t", "insert_reply", N_("Canned reply"), N_("Insert a canned reply at "
           "the cursor (ctrl+t in the composer)"), N_("Write"), "composer"),
    Action("1", "suggested(0)", N_("Suggested 1"), N_("Insert the first suggested reply"),
           N_("Write"), "composer"),
    Action("2", "suggested(1)", N_("Suggested 2"), N_("Insert the second suggested reply"),
           N_("Write"), "composer"),
    Action("3", "suggested(2)", N_("Suggested 3"), N_("Insert the third suggested reply"),
           N_("Write"), "composer"),
    Action("e", "edit_external", N_("Edit in $EDITOR"), N_("Write the reply in $EDITOR, "
           "the message answered quoted below"), N_("Write"), "composer"),
    Action("ctrl+l", "other_address", N_("Other address"), N_("Reply at the customer's "
           "other address or channel (in the composer)"), N_("Write"), "composer"),
    Action("ctrl+s", "send", N_("Send"), N_("Send the reply (it goes to the outbox)"),
           N_("Write"), "composer"),
    Action("ctrl+o", "attach_file", N_("Attach a file"), N_("Attach a file to the reply "
           "(a path; Tab completes)"), N_("Write"), "composer"),
    Action("ctrl+g", "attach_theirs", N_("Attach their files"), N_("Attach the files of "
           "the customer's last message that had any"), N_("Write"), "composer"),
    Action("f7", "spelling", N_("Spelling"), N_("Suggestions for the underlined word at "
           "the cursor"), N_("Write"), "composer"),
    Action("c", "close", N_("Close"), N_("Close the conversation"), N_("Status"), "pane"),
    Action("O", "reopen", N_("Reopen"), N_("Reopen the conversation"), N_("Status"), "pane"),
    Action("p", "pending", N_("Pending"), N_("Waiting on the customer"), N_("Status"), "pane"),
    Action("s", "snooze", N_("Snooze"), N_("Snooze until a time (2h, tomorrow 9:00, "
           "monday)"), N_("Status"), "pane"),
    Action("u", "undo", N_("Undo"), N_("Undo the last change"), N_("Status"), "pane"),
    Action("t", "tag", N_("Tag"), N_("Add or remove tags (-tag removes)"), N_("Organise"), "pane"),
    Action("P", "priority", N_("Priority"), N_("Set the priority"), N_("Organise"), "pane"),
    Action("a", "assign", N_("Assign"), N_("Assign to a person"), N_("Organise"), "pane"),
    Action("I", "correct_intent", N_("Intent"), N_("Correct what the customer asks"),
           N_("Organise"), "pane"),
    Action("L", "language", N_("Language"), N_("Set the language (the customer's next "
           "conversations take it)"), N_("Organise"), "pane"),
    Action("m", "merge", N_("Merge"), N_("Merge this conversation into another"),
           N_("Organise"), "pane"),
    Action("x", "split", N_("Split"), N_("Split the last message off into a new "
           "conversation"), N_("Organise"), "pane"),
    Action("slash", "search", N_("Search"), N_("Search (from: tag: status: "
           "order: lang: intent: after:, all on /)"), N_("Find"), "bar"),
    Action("v", "views", N_("Views"), N_("Saved views and their counts (rename, delete)"),
           N_("Find"), "bar"),
    Action("V", "save_view", N_("Save view"), N_("Save the current search as a view"),
           N_("Find"), "bar"),
    Action("z", "toggle_quotes", N_("Quoted text"), N_("Show or fold quoted history"),
           N_("Read"), "view"),
    Action("w", "toggle_why", N_("Why"), N_("Why each message is here, what it asks, "
           "what the automation did"), N_("Read"), "view"),
    Action("A", "save_attachments", N_("Save attachments"), N_("Save the conversation's "
           "attachments"), N_("Read"), "pane"),
    Action("o", "open_attachments", N_("Open attachments"), N_("Open the saved "
           "attachments with the system opener"), N_("Read"), "pane"),
    Action("T", "to_tell", N_("To tell"), N_("Late orders to tell customers about"),
           N_("App"), "screen"),
    Action("R", "reports", N_("Reports"), N_("Response times, SLA attainment, CSAT and "
           "volume, with charts"), N_("App"), "app"),
    Action("question_mark", "help", N_("Help"), N_("This screen"), N_("App"), "app"),
    Action("q", "quit", N_("Quit"), N_("Quit (drafts are kept)"), N_("App"), "app"),
)  # fmt: skip

# Shown in the footer; the rest are on the help screen and in the palette.
FOOTER = frozenset(
    {"reply", "note", "close", "snooze", "search", "help", "send", "toggle_context"}
)


def bindings() -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """The screen's bindings: each runs its row's action on its handler."""
    return [
        Binding(
            a.keys,
            f"run('{a.handler}', '{a.action}')",
            _(a.title),
            show=a.action in FOOTER,
        )
        for a in ACTIONS
    ]


def key_label(keys: str) -> str:
    names = {"slash": "/", "question_mark": "?", "down": "↓", "up": "↑"}
    return " ".join(names.get(key, key) for key in keys.split(","))
