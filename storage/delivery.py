"""What can be told about an order's delivery: the carrier (named by the order
source, else read from the tracking link's host) and the expected date (the
source's, else the shipping date plus the shop's transit days, weekdays only).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

_CARRIERS = (
    ("colissimo", "Colissimo"),
    ("laposte", "La Poste"),
    ("chronopost", "Chronopost"),
    ("mondialrelay", "Mondial Relay"),
    ("dpd", "DPD"),
    ("gls", "GLS"),
    ("dhl", "DHL"),
    ("ups", "UPS"),
    ("fedex", "FedEx"),
    ("usps", "USPS"),
    ("royalmail", "Royal Mail"),
    ("parcelforce", "Parcelforce"),
    ("evri", "Evri"),
    ("canadapost", "Canada Post"),
    ("postnl", "PostNL"),
    ("bpost", "bpost"),
)


def carrier_name(carrier: str, tracking_url: str) -> str:
    if carrier.strip():
        return carrier.strip()
    host = urlsplit(tracking_url.strip()).hostname or ""
    flat = host.replace("-", "").replace(".", "")
    return next((name for key, name in _CARRIERS if key in flat), "")


def expected_date(
    expected_at: datetime | None,
    fulfilled_at: datetime | None,
    transit_days: int,
) -> date | None:
    """The day the parcel should arrive, or None before it ships (unless the
    source said)."""
    if expected_at is not None:
        return expected_at.date()
    if fulfilled_at is None or transit_days <= 0:
        return None
    day, left = fulfilled_at.date(), transit_days
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return day
