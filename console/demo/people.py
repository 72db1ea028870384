"""The demo shop's customers and their orders."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from console.demo import data
from plugins.api import LineItem, OrderRecord

VAT = Decimal("0.20")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    last: str
    email: str
    french: bool

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def make_people(rng: random.Random, count: int = 60) -> list[Person]:
    people: dict[str, Person] = {}
    while len(people) < count:
        french = rng.random() < 0.6
        first = rng.choice(data.FIRST_FR if french else data.FIRST_EN)
        last = rng.choice(data.LAST_FR if french else data.LAST_EN)
        domain = rng.choice(data.DOMAINS_FR if french else data.DOMAINS_EN)
        email = f"{_ascii(first)}.{_ascii(last)}@{domain}"
        people.setdefault(email, Person(first, last, email, french))
    return list(people.values())


def make_orders(
    rng: random.Random, person: Person, now: datetime, first_number: int
) -> list[OrderRecord]:
    """One to four orders whose subtotal, shipping and taxes add up to the total."""
    orders = []
    for n in range(rng.randint(1, 4)):
        picks = rng.sample(data.CATALOGUE, rng.randint(1, 3))
        items = tuple(
            LineItem(name, rng.randint(1, 2), price, sku) for name, sku, price in picks
        )
        subtotal = sum(
            ((i.price or Decimal(0)) * i.quantity for i in items), Decimal(0)
        )
        shipping = Decimal("0.00") if subtotal >= 50 else Decimal("4.90")
        taxes = ((subtotal + shipping) * VAT).quantize(CENT)
        created = now - timedelta(days=rng.randint(3, 60), minutes=rng.randint(0, 1440))
        fulfilled = created < now - timedelta(days=5)
        tracking = f"6A{rng.randint(10**10, 10**11 - 1)}" if fulfilled else ""
        orders.append(
            OrderRecord(
                source="shopify",
                number=f"#{first_number + n}",
                email=person.email,
                customer_name=person.name,
                created_at=created,
                currency="EUR",
                subtotal=subtotal,
                shipping=shipping,
                taxes=taxes,
                total=subtotal + shipping + taxes,
                financial_status="paid",
                fulfillment_status="fulfilled" if fulfilled else "unfulfilled",
                paid_at=created,
                fulfilled_at=created + timedelta(days=1) if fulfilled else None,
                tracking_number=tracking,
                tracking_url=f"https://www.laposte.fr/outils/suivre-vos-envois?code={tracking}"
                if tracking
                else "",
                items=items,
                **_delivery(created, fulfilled, now),
            )
        )
    return orders


def _delivery(created: datetime, fulfilled: bool, now: datetime) -> dict[str, Any]:
    """What La Poste tells of a parcel: delivered after two days, except the
    parcels of the last fortnight, some still in transit."""
    if not fulfilled:
        return {}
    shipped = created + timedelta(days=1)
    delivered = created < now - timedelta(days=12)
    return {
        "carrier": "La Poste",
        "expected_at": shipped + timedelta(days=2),
        "tracking_status": "Livré" if delivered else "En cours d'acheminement",
        "tracking_updated_at": shipped + timedelta(days=2 if delivered else 1),
    }
