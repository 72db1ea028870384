"""Every action of the console, once: its keys, its name, what it does.

Bindings, the help screen (`?`) and the command palette are all made from this
table, so none of them can forget an action. Keys follow aerc and neomutt where
those have one (j/k, /, r, q).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Action:
    keys: str  # Textual key names, comma-separated
    action: str  # the app's action_<name>
    title: str
    help: str
    group: str


ACTIONS: tuple[Action, ...] = (
    Action("j,down", "cursor_down", "Next", "Move to the next conversation", "Move"),
    Action(
        "k,up", "cursor_up", "Previous", "Move to the previous conversation", "Move"
    ),
    Action("g,home", "cursor_first", "First", "Go to the first conversation", "Move"),
    Action("G,end", "cursor_last", "Last", "Go to the last conversation", "Move"),
    Action(
        "enter", "open", "Open", "Open the conversation (focus its messages)", "Move"
    ),
    Action("escape", "back", "Back", "Back to the queue; leave the composer", "Move"),
    Action("tab", "focus_next", "Next pane", "Focus the next pane", "Move"),
    Action("r", "reply", "Reply", "Write a reply to the customer", "Write"),
    Action("n", "note", "Note", "Write an internal note (never sent)", "Write"),
    Action(
        "i,ctrl+t",
        "insert_reply",
        "Canned reply",
        "Insert a canned reply at the cursor (ctrl+t in the composer)",
        "Write",
    ),
    Action(
        "e", "edit_external", "Edit in $EDITOR", "Write the reply in $EDITOR", "Write"
    ),
    Action("ctrl+s", "send", "Send", "Send the reply (it goes to the outbox)", "Write"),
    Action("c", "close", "Close", "Close the conversation", "Status"),
    Action("O", "reopen", "Reopen", "Reopen the conversation", "Status"),
    Action("p", "pending", "Pending", "Waiting on the customer", "Status"),
    Action(
        "s",
        "snooze",
        "Snooze",
        "Snooze until a time (2h, tomorrow 9:00, monday)",
        "Status",
    ),
    Action("u", "undo", "Undo", "Undo the last change", "Status"),
    Action("t", "tag", "Tag", "Add or remove tags (-tag removes)", "Organise"),
    Action("P", "priority", "Priority", "Set the priority", "Organise"),
    Action("a", "assign", "Assign", "Assign to a person", "Organise"),
    Action("m", "merge", "Merge", "Merge this conversation into another", "Organise"),
    Action(
        "x",
        "split",
        "Split",
        "Split the last message off into a new conversation",
        "Organise",
    ),
    Action(
        "slash",
        "search",
        "Search",
        "Search (from: subject: tag: status: channel: order: before: after:)",
        "Find",
    ),
    Action("v", "views", "Views", "Saved views and their counts", "Find"),
    Action("V", "save_view", "Save view", "Save the current search as a view", "Find"),
    Action("z", "toggle_quotes", "Quoted text", "Show or fold quoted history", "Read"),
    Action(
        "w",
        "toggle_why",
        "Why threaded",
        "Show why each message joined the conversation",
        "Read",
    ),
    Action(
        "A",
        "save_attachments",
        "Save attachments",
        "Save the conversation's attachments",
        "Read",
    ),
    Action(
        "o",
        "open_attachments",
        "Open attachments",
        "Open the saved attachments with the system opener",
        "Read",
    ),
    Action(
        "R",
        "reports",
        "Reports",
        "Response times, SLA attainment, CSAT and volume, with charts",
        "App",
    ),
    Action("question_mark", "help", "Help", "This screen", "App"),
    Action("q", "app.quit", "Quit", "Quit (drafts are kept)", "App"),
)

# Shown in the footer; the rest are on the help screen and in the palette.
FOOTER = frozenset({"reply", "note", "close", "snooze", "search", "help", "send"})


def bindings() -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    return [
        Binding(a.keys, a.action, a.title, show=a.action in FOOTER)
        for a in ACTIONS
        if a.action not in ("focus_next",)
    ]


def key_label(keys: str) -> str:
    names = {"slash": "/", "question_mark": "?", "down": "↓", "up": "↑"}
    return " ".join(names.get(key, key) for key in keys.split(","))
