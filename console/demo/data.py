"""What the demo shop sells, who buys, and what they write about."""

from __future__ import annotations

from decimal import Decimal

SHOP_NAME = "La Théière Bleue"
SHOP_ADDRESS = "bonjour@latheierebleue.fr"
AGENT = "Camille"

FIRST_FR = (
    "Camille",
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Inès",
    "Théo",
    "Manon",
    "Gabriel",
    "Zoé",
    "Jules",
    "Élodie",
    "François",
    "Agnès",
    "Noël",
    "Maëlle",
)
LAST_FR = (
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Girard",
    "Roux",
    "Fournier",
    "Bonnet",
    "Lambert",
    "Fontaine",
    "Chevalier",
    "Garçon",
    "Lebœuf",
)
FIRST_EN = ("Emma", "Oliver", "Amelia", "Harry", "Isla", "Jack", "Sophie", "George")
LAST_EN = ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "O'Connor", "Walker")
DOMAINS_FR = ("gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr")
DOMAINS_EN = ("gmail.com", "outlook.com", "icloud.com", "btinternet.com")

CATALOGUE = (
    ("Thé vert Sencha 100 g", "TV-SEN", Decimal("12.50")),
    ("Thé noir Assam 100 g", "TN-ASS", Decimal("9.90")),
    ("Oolong Tie Guan Yin 50 g", "TO-TGY", Decimal("14.00")),
    ("Rooibos vanille 100 g", "RO-VAN", Decimal("8.50")),
    ("Théière en fonte bleue 0,8 l", "TH-FON", Decimal("49.00")),
    ("Théière en verre 1 l", "TH-VER", Decimal("29.00")),
    ("Tasse en porcelaine", "TA-POR", Decimal("11.00")),
    ("Filtre inox", "AC-FIL", Decimal("6.50")),
    ("Coffret découverte 6 thés", "CO-DEC", Decimal("34.00")),
)

# topic: name, tags, priority, (French subject, question, answer), (English ...)
Texts = tuple[str, str, str]
Topic = tuple[str, tuple[str, ...], str, Texts, Texts]
TOPICS: tuple[Topic, ...] = (
    (
        "where",
        ("livraison",),
        "normal",
        (
            "Où est ma commande {order} ?",
            "Bonjour,\n\nJ'ai passé la commande {order} il y a une semaine et je n'ai toujours rien reçu. Pouvez-vous me dire où en est le colis ?\n\nMerci,\n{name}",
            "Bonjour {first},\n\nVotre colis est en route : suivi {tracking}. Il devrait arriver sous 48 h.\n\nBelle journée,\n{agent}",
        ),
        (
            "Where is my order {order}?",
            "Hello,\n\nI ordered {order} a week ago and nothing has arrived yet. Could you check where the parcel is?\n\nThanks,\n{name}",
            "Hi {first},\n\nYour parcel is on its way: tracking {tracking}. It should arrive within two days.\n\nBest,\n{agent}",
        ),
    ),
    (
        "damaged",
        ("retour", "casse"),
        "high",
        (
            "Théière arrivée cassée",
            "Bonjour,\n\nMa théière (commande {order}) est arrivée avec le couvercle cassé. Je vous joins une photo.\n\n{name}",
            "Bonjour {first},\n\nNous sommes désolés ! Nous vous envoyons une nouvelle théière dès aujourd'hui, inutile de renvoyer l'ancienne.\n\n{agent}",
        ),
        (
            "Teapot arrived broken",
            "Hello,\n\nMy teapot (order {order}) arrived with a broken lid. Photo attached.\n\n{name}",
            "Hi {first},\n\nSo sorry about that! A new teapot leaves today; no need to send the old one back.\n\n{agent}",
        ),
    ),
    (
        "invoice",
        ("facture",),
        "low",
        (
            "Facture pour la commande {order}",
            "Bonjour,\n\nPourriez-vous m'envoyer la facture de la commande {order} au nom de ma société ?\n\nCordialement,\n{name}",
            "Bonjour {first},\n\nVoici la facture de la commande {order} en pièce jointe.\n\nCordialement,\n{agent}",
        ),
        (
            "Invoice for order {order}",
            "Hello,\n\nCould you send me the invoice for order {order}, made out to my company?\n\nRegards,\n{name}",
            "Hi {first},\n\nPlease find the invoice for order {order} attached.\n\nRegards,\n{agent}",
        ),
    ),
    (
        "gift",
        ("cadeau",),
        "normal",
        (
            "Emballage cadeau ?",
            "Bonjour,\n\nEst-il possible d'avoir un emballage cadeau pour la commande {order} ? C'est pour l'anniversaire de ma mère.\n\n{name}",
            "Bonjour {first},\n\nAvec plaisir, c'est noté : emballage cadeau et petit mot offerts.\n\n{agent}",
        ),
        (
            "Gift wrapping?",
            "Hello,\n\nCould order {order} be gift wrapped? It's for my mother's birthday.\n\n{name}",
            "Hi {first},\n\nOf course, done: gift wrapping and a card, on us.\n\n{agent}",
        ),
    ),
    (
        "address",
        ("livraison",),
        "high",
        (
            "Changement d'adresse de livraison",
            "Bonjour,\n\nJe viens de déménager : pouvez-vous livrer la commande {order} au 12 rue des Lilas, 69003 Lyon ?\n\n{name}",
            "Bonjour {first},\n\nC'est modifié, le colis partira à la nouvelle adresse.\n\n{agent}",
        ),
        (
            "Change of delivery address",
            "Hello,\n\nI've just moved: can order {order} go to 12 Lilac Road, Bath BA1 2AB instead?\n\n{name}",
            "Hi {first},\n\nDone, the parcel will go to your new address.\n\n{agent}",
        ),
    ),
    (
        "discount",
        ("promo",),
        "normal",
        (
            "Code promo refusé",
            "Bonjour,\n\nLe code BIENVENUE10 ne fonctionne pas sur ma commande. Pouvez-vous m'aider ?\n\n{name}",
            "Bonjour {first},\n\nLe code était réservé à la première commande ; je vous rembourse tout de même 10 % sur {order}.\n\n{agent}",
        ),
        (
            "Discount code refused",
            "Hello,\n\nThe code WELCOME10 doesn't work at checkout. Can you help?\n\n{name}",
            "Hi {first},\n\nThat code is for first orders only, but I've refunded 10% on {order} anyway.\n\n{agent}",
        ),
    ),
    (
        "thanks",
        ("merci",),
        "low",
        (
            "Merci !",
            "Bonjour,\n\nLe Sencha est délicieux, merci pour le petit échantillon glissé dans le colis !\n\n{name}",
            "Merci beaucoup {first}, ça nous fait très plaisir !\n\n{agent}",
        ),
        (
            "Thank you!",
            "Hello,\n\nThe Sencha is lovely, and thanks for the little sample in the parcel!\n\n{name}",
            "Thank you so much {first}, that made our day!\n\n{agent}",
        ),
    ),
)

FOLLOW_UP = (
    ("Merci beaucoup pour votre réponse rapide !", "Avec plaisir, bonne dégustation !"),
    ("Thanks a lot for the quick answer!", "You're welcome, enjoy your tea!"),
)

CANNED_REPLIES = (
    ("bonjour", "Salutation", 'Bonjour {{ customer.first_name or "" }},\n\n'),
    ("hello", "Greeting", 'Hi {{ customer.first_name or "there" }},\n\n'),
    (
        "suivi",
        "Où est ma commande",
        "Votre commande {{ order.number }} est en route : {{ order.tracking_url }}\n",
    ),
    (
        "tracking",
        "Where is my order",
        "Your order {{ order.number }} is on its way: {{ order.tracking_url }}\n",
    ),
    (
        "retour",
        "Retours",
        "Vous pouvez nous renvoyer un article sous 30 jours ; le retour est offert.\n",
    ),
    (
        "returns",
        "Returns",
        "You can return any item within 30 days; return shipping is on us.\n",
    ),
    (
        "facture",
        "Facture",
        "Vous trouverez la facture de la commande {{ order.number }} en pièce jointe.\n",
    ),
    (
        "casse",
        "Article cassé",
        "Nous sommes désolés ! Un nouvel article part aujourd'hui, sans frais.\n",
    ),
    (
        "signature-fr",
        "Signature",
        "Belle journée,\n{{ agent.name }} — {{ shop.name }}\n",
    ),
    ("signature-en", "Signature", "Best wishes,\n{{ agent.name }} — {{ shop.name }}\n"),
    (
        "retard",
        "Retard de livraison",
        "Votre commande {{ order.number }} a pris du retard : elle sera livrée "
        'le {{ ask("Date de livraison") }}. Toutes nos excuses !\n',
    ),
    (
        "delay",
        "Delivery delay",
        "Your order {{ order.number }} is running late: it will arrive on "
        '{{ ask("Delivery date") }}. Sorry about that!\n',
    ),
)


# The demo shop's service levels, written into its config file.
SLA = """
# Service levels: opening hours, then policies, the first match applying.
[sla.calendars.boutique]
timezone = "Europe/Paris"
mon = ["09:00-12:30", "14:00-18:00"]
tue = ["09:00-12:30", "14:00-18:00"]
wed = ["09:00-12:30", "14:00-18:00"]
thu = ["09:00-12:30", "14:00-18:00"]
fri = ["09:00-12:30", "14:00-17:00"]
holidays = "FR"
closures = [{ from = "2026-08-10", to = "2026-08-23", name = "congés d'été" }]

[[sla.policies]]
name = "urgent"
priority = ["urgent", "high"]
first_response = "1h"
next_response = "2h"
resolution = "1d"

[[sla.policies]]
name = "chat"
channel = ["chat"]
first_response = "15min calendar"
next_response = "30min calendar"
resolution = "2d"

[[sla.policies]]
name = "standard"
first_response = "4h"
next_response = "8h"
resolution = "3d"
"""
