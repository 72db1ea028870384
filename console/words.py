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

# An order's payment and delivery states as Shopify exports them (WooCommerce's
# are read into the same words); a state no export here names is shown as is.
ORDER_STATE_NAMES = {
    "paid": N_("paid"),
    "pending": N_("awaiting payment"),
    "authorized": N_("authorized"),
    "partially_paid": N_("partially paid"),
    "refunded": N_("refunded"),
    "partially_refunded": N_("partially refunded"),
    "voided": N_("voided"),
    "failed": N_("failed"),
    "fulfilled": N_("fulfilled"),
    "unfulfilled": N_("not shipped"),
    "partial": N_("partly shipped"),
    "restocked": N_("restocked"),
}


def _named(names: dict[str, str], value: str) -> str:
    """`value`'s word in the interface's language; a value the table does not
    name (a plugin's, a shop's export) as it is."""
    return _(names[value]) if value in names else value


def status_name(status: str) -> str:
    return _named(STATUS_NAMES, status)


def order_state_name(state: str) -> str:
    return _named(ORDER_STATE_NAMES, state)


def priority_name(priority: str) -> str:
    return _named(PRIORITY_NAMES, priority)


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
