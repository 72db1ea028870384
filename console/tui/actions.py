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


@dataclass(frozen=True, slots=True)
class Action:
    keys: str  # Textual key names, comma-separated
    action: str  # the handler's action_<name>
    title: str
    help: str
    group: str
    handler: str  # queue, pane, composer, view, screen or app


def _move(keys: str, action: str, title: str, help: str) -> Action:
    return Action(keys, action, title, help, "Move", "queue")


ACTIONS: tuple[Action, ...] = (
    _move("j,down", "cursor_down", "Next", "Move to the next conversation"),
    _move("k,up", "cursor_up", "Previous", "Move to the previous conversation"),
    _move("g,home", "cursor_first", "First", "Go to the first conversation"),
    _move("G,end", "cursor_last", "Last", "Go to the last conversation"),
    _move("enter", "open", "Open", "Open the conversation (focus its messages)"),
    Action("escape", "back", "Back", "Back to the queue; leave the composer", "Move",
           "screen"),
    Action("C", "toggle_context", "Customer", "Show or hide the customer, orders "
           "and deadlines", "Move", "screen"),
    Action("r", "reply", "Reply", "Reply to the customer", "Write", "composer"),
    Action("ctrl+r", "reply_all", "Reply all", "Reply to the customer and everyone "
           "in copy (Cc)", "Write", "composer"),
    Action("f", "forward", "Forward", "Forward the customer's last mail with its "
           "attachments", "Write", "composer"),
    Action("n", "note", "Note", "Write an internal note (never sent)", "Write",
           "composer"),
    Action("i,ctrl+t", "insert_reply", "Canned reply", "Insert a canned reply at "
           "the cursor (ctrl+t in the composer)", "Write", "composer"),
    Action("e", "edit_external", "Edit in $EDITOR", "Write the reply in $EDITOR, "
           "the message answered quoted below", "Write", "composer"),
    Action("ctrl+l", "other_address", "Other address", "Reply at the customer's "
           "other address or channel (in the composer)", "Write", "composer"),
    Action("ctrl+s", "send", "Send", "Send the reply (it goes to the outbox)",
           "Write", "composer"),
    Action("ctrl+o", "attach_file", "Attach a file", "Attach a file to the reply "
           "(a path; Tab completes)", "Write", "composer"),
    Action("ctrl+g", "attach_theirs", "Attach their files", "Attach the files of "
           "the customer's last message that had any", "Write", "composer"),
    Action("f7", "spelling", "Spelling", "Suggestions for the underlined word at "
           "the cursor", "Write", "composer"),
    Action("c", "close", "Close", "Close the conversation", "Status", "pane"),
    Action("O", "reopen", "Reopen", "Reopen the conversation", "Status", "pane"),
    Action("p", "pending", "Pending", "Waiting on the customer", "Status", "pane"),
    Action("s", "snooze", "Snooze", "Snooze until a time (2h, tomorrow 9:00, "
           "monday)", "Status", "pane"),
    Action("u", "undo", "Undo", "Undo the last change", "Status", "pane"),
    Action("t", "tag", "Tag", "Add or remove tags (-tag removes)", "Organise", "pane"),
    Action("P", "priority", "Priority", "Set the priority", "Organise", "pane"),
    Action("a", "assign", "Assign", "Assign to a person", "Organise", "pane"),
    Action("L", "language", "Language", "Set the language (the customer's next "
           "conversations take it)", "Organise", "pane"),
    Action("m", "merge", "Merge", "Merge this conversation into another",
           "Organise", "pane"),
    Action("x", "split", "Split", "Split the last message off into a new "
           "conversation", "Organise", "pane"),
    Action("slash", "search", "Search", "Search (from: subject: tag: status: "
           "channel: order: before: after:)", "Find", "bar"),
    Action("v", "views", "Views", "Saved views and their counts (rename, delete)",
           "Find", "bar"),
    Action("V", "save_view", "Save view", "Save the current search as a view",
           "Find", "bar"),
    Action("z", "toggle_quotes", "Quoted text", "Show or fold quoted history",
           "Read", "view"),
    Action("w", "toggle_why", "Why threaded", "Show why each message joined the "
           "conversation", "Read", "view"),
    Action("A", "save_attachments", "Save attachments", "Save the conversation's "
           "attachments", "Read", "pane"),
    Action("o", "open_attachments", "Open attachments", "Open the saved "
           "attachments with the system opener", "Read", "pane"),
    Action("R", "reports", "Reports", "Response times, SLA attainment, CSAT and "
           "volume, with charts", "App", "app"),
    Action("question_mark", "help", "Help", "This screen", "App", "app"),
    Action("q", "quit", "Quit", "Quit (drafts are kept)", "App", "app"),
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
            a.title,
            show=a.action in FOOTER,
        )
        for a in ACTIONS
    ]


def key_label(keys: str) -> str:
    names = {"slash": "/", "question_mark": "?", "down": "↓", "up": "↑"}
    return " ".join(names.get(key, key) for key in keys.split(","))
