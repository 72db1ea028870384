"""The inbox's own words (statuses, priorities) as a person reads them; the
values themselves (`open`, `urgent`) stay as the store, search and --json say
them."""

from __future__ import annotations

from console.i18n import N_, _, pgettext

STATUS_NAMES = {
    "open": N_("open"),
    "pending": N_("pending"),
    "snoozed": N_("snoozed"),
    "closed": N_("closed"),
}
PRIORITY_NAMES = {
    "urgent": N_("Urgent"),
    "high": N_("High"),
    "normal": N_("Normal"),
    "low": N_("Low"),
}


def status_name(status: str) -> str:
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def priority_name(priority: str) -> str:
    return _(PRIORITY_NAMES[priority]) if priority in PRIORITY_NAMES else priority


def view_name(name: str) -> str:
    """A built-in view by its name in the interface's language; a view the shop
    saved keeps the name it was given."""
    names = {
        "Needs answer": _("Needs answer"),
        "Open": pgettext("view", "Open"),
        "Pending": pgettext("view", "Pending"),
        "Snoozed": pgettext("view", "Snoozed"),
        "Closed": pgettext("view", "Closed"),
        "All": pgettext("view", "All"),
        "Search": _("Search"),
    }
    return names.get(name, name)
