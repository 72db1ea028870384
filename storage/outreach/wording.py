"""comptoir's own wording of the "To tell" messages, in French and English;
a canned reply named in `[outreach] replies` takes its place (its title is the
subject, in the customer's language when several are named)."""

from __future__ import annotations

from collections.abc import Mapping

from storage.outreach.settings import OutreachSettings

_HELLO = {
    "fr": "Bonjour {{ customer.first_name }},\n\n",
    "en": 'Hello {{ customer.first_name or "there" }},\n\n',
}
_BYE = {
    "fr": "\n\nToutes nos excuses pour ce contretemps,\n{{ agent.name }}\n{{ shop.name }}\n",
    "en": "\n\nOur apologies for the wait,\n{{ agent.name }}\n{{ shop.name }}\n",
}
_SUBJECTS = {
    "fr": "Votre commande {{ order.number }}",
    "en": "Your order {{ order.number }}",
}
_BODIES = {
    ("unfulfilled", "fr"): (
        "Votre commande {{ order.number }} prend plus de temps que prévu : elle "
        "n'est pas encore partie, et nous faisons le nécessaire pour l'expédier au "
        "plus vite. Vous recevrez le lien de suivi dès son départ."
    ),
    ("unfulfilled", "en"): (
        "Your order {{ order.number }} is taking longer than planned: it has not "
        "left yet, and we are doing what it takes to ship it as soon as we can. "
        "You will get the tracking link as soon as it leaves."
    ),
    ("tracking", "fr"): (
        "Le suivi de votre commande {{ order.number }}{% if order.carrier %} chez "
        "{{ order.carrier }}{% endif %} n'a pas bougé depuis quelques jours. Nous "
        "avons demandé au transporteur où en est le colis et revenons vers vous "
        "dès que nous en savons plus.{% if order.tracking_url %} Le suivi : "
        "{{ order.tracking_url }}{% endif %}"
    ),
    ("tracking", "en"): (
        "The tracking of your order {{ order.number }}{% if order.carrier %} with "
        "{{ order.carrier }}{% endif %} has not moved for a few days. We have asked "
        "the carrier where the parcel is and will come back to you as soon as we "
        "know more.{% if order.tracking_url %} Tracking: {{ order.tracking_url }}"
        "{% endif %}"
    ),
    ("refund", "fr"): (
        "Nous ne vous oublions pas : le remboursement promis pour la commande "
        "{{ order.number }} est en cours. Il vous parviendra dans les prochains "
        "jours, et nous vous écrirons dès qu'il sera fait."
    ),
    ("refund", "en"): (
        "We have not forgotten you: the refund we promised for order "
        "{{ order.number }} is under way. It will reach you in the coming days, "
        "and we will write as soon as it is done."
    ),
}


def template(
    rule: str,
    language: str,
    settings: OutreachSettings,
    replies: Mapping[str, object],
) -> tuple[str, str]:
    """The subject and body templates for a rule, in the language."""
    lang = language if language in _HELLO else "en"
    named = [replies[n] for n in settings.replies.get(rule, ()) if n in replies]
    if named:
        from storage.intents.text import fold
        from storage.intents.text import language as guess

        chosen = next(
            (r for r in named if guess(fold(getattr(r, "body", ""))) == lang), named[0]
        )
        title = str(getattr(chosen, "title", "")) or _SUBJECTS[lang]
        return title, str(getattr(chosen, "body", ""))
    body = _HELLO[lang] + _BODIES[rule, lang] + _BYE[lang]
    return _SUBJECTS[lang], body
