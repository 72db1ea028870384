"""Vocabulary for ``generate_mail.py``: names, places, products and sentences.

Sentences are templates filled with ``str.format_map``; the placeholders are
documented in ``generate_mail.Conversation.context``.  Language blocks are
written as ``[section]`` headers followed by one entry per line; a ``|`` in an
entry stands for a line break.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


def _triples(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(cell.strip() for cell in line.split("|")) for line in _lines(text)
    )


def _weights(text: str) -> tuple[tuple[str, int], ...]:
    pairs = (item.rsplit(":", 1) for item in text.split())
    return tuple((value, int(weight)) for value, weight in pairs)


def _sections(text: str) -> dict[str, tuple[str, ...]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in _lines(text):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line.replace("|", "\n"))
    return {key: tuple(values) for key, values in sections.items()}


FIRST_NAMES = {
    "fr": _words(
        """Françoise Hélène Jérôme François Amélie Cécile Noël Zoé Léa Chloé Benoît
        Gaëlle Loïc Anaïs Joël Clément Thérèse Agnès Sébastien Frédéric Mélanie
        Valérie Stéphane Émilie Léon Aurélie Grégoire Maëlle Inès Jean-Baptiste
        Marie-Hélène Pierre Camille Julien Nathalie Isabelle Nicolas Thomas Sophie
        Manon Lucas Hugo Océane Élodie Raphaël Bérénice Céline Hervé Régis Ségolène
        Éric Josiane Gérard Dominique Yannick Solène Maïwenn Anne-Sophie Romain
        Margaux Quentin Laëtitia Ophélie Timothée Eugénie Aurélien Karima Mohamed"""
    ),
    "de": _words(
        """Jürgen Jörg Günther Björn Käthe Sören Bärbel Uwe Klaus Heike Sabine
        Maximilian Lukas Jonas Lea Hannah Mia Anna Lena Katharina Stefan Andreas
        Thomas Michael Sandra Petra Ursula Dörte Götz Hans-Jürgen Anne-Kathrin
        Rüdiger Ömer Zoë Malte Till Jannik Frauke Wiebke Henrik Friederike Mattis
        Leonie Jörn Gülay Björna Søren Elif Maren Torsten Dagmar Ingrid Horst"""
    ),
    "en": _words(
        """James Oliver Emma Sophie Charlotte Harry George Amelia Zoë Renée Jack
        William Emily Olivia Isla Siobhán Seán Niamh Aoife Chris Sarah Laura Daniel
        Rebecca Hannah Matthew Chloë Noël Priya Aisha Tom Lucy Ellie Ben"""
    ),
}

LAST_NAMES = {
    "fr": _words(
        """Dupont Lefèvre Bézier Garnier Lemaître Bérenger Mercier Rivière Gauthier
        Fournier Ménard Giraud Dubois Moreau Laurent Lefebvre Roux Fontaine
        Chevalier Boucher Faure Brunet Blanchard Guérin Perrin Morel Girard André
        Mathieu Leroy Lambert Bonnet François Martin Durand Petit Bernard Robert
        Richard Lévêque Lécuyer Thévenin Béranger Château Garçon Barthélemy Cléry
        Noël Prévost Hébert Lebœuf Desprès Carré Vallée Lefrançois Delaunay
        Le_Goff Le_Gall Kerjean N'Diaye Da_Silva Nguyen Benali Haddad Besnard
        Pelletier Muñoz Ferrière Jouvet Crépin Évrard Daoudi"""
    ),
    "de": _words(
        """Müller Schröder Weiß Groß Köhler Schäfer Krüger Böhm Jäger Strauß
        Hoffmann Löwe Fuß Schmidt Schneider Fischer Meyer Wagner Becker Schulz Koch
        Bauer Richter Klein Wolf Neumann Schwarz Zimmermann Braun Hofmann Hartmann
        Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köster
        Günther Bäcker Dreßler Kühn Pöhlmann Şahin Y\u0131lmaz Öztürk Nowak Kowalski
        von_Bülow Große-Wöstmann Eßer Möller Voß Jürgensen Häußler"""
    ),
    "en": _words(
        """Smith Jones Taylor Brown Williams Wilson Evans O'Brien O'Connor Murphy
        Walsh Davies Thomas Roberts Johnson Clarke Wright Hughes Green Hall Wood
        Patel Khan McCarthy MacDonald Ó_Súilleabháin Fitzgerald Nolan Byrne"""
    ),
}

# Free-mail domains with their weights, per customer language.
MAIL_DOMAINS = {
    "fr": _weights(
        """gmail.com:30 orange.fr:15 free.fr:10 laposte.net:8 hotmail.fr:8 sfr.fr:6
        wanadoo.fr:5 yahoo.fr:5 outlook.fr:5 icloud.com:5 protonmail.com:2 bbox.fr:2"""
    ),
    "de": _weights(
        """gmx.de:20 web.de:20 gmail.com:20 t-online.de:12 gmx.net:8 outlook.de:5
        posteo.de:4 icloud.com:4 freenet.de:3 mailbox.org:3 yahoo.de:2"""
    ),
    "en": _weights(
        """gmail.com:35 outlook.com:15 hotmail.co.uk:10 yahoo.co.uk:10 icloud.com:10
        btinternet.com:8 sky.com:5 live.co.uk:5"""
    ),
}

# The mail client most customers of a provider use.
DOMAIN_MAILERS = dict(
    item.split("=")
    for item in _words(
        """gmail.com=gmail icloud.com=iphone outlook.fr=outlook outlook.com=outlook
        outlook.de=outlook hotmail.fr=outlook hotmail.co.uk=outlook live.co.uk=outlook
        gmx.de=webmail web.de=webmail orange.fr=webmail free.fr=webmail"""
    )
)

# Header naming the client, per mailer key (Gmail's web client sends none).
MAILER_AGENTS = {
    "gmail": ("",),
    "thunderbird": _lines(
        """
        User-Agent: Mozilla Thunderbird
        User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.6.0
        User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2
        """
    ),
    "apple": _lines(
        """
        X-Mailer: Apple Mail (2.3826.300.87.4.3)
        X-Mailer: Apple Mail (2.3774.600.62)
        """
    ),
    "iphone": ("X-Mailer: iPhone Mail (22C152)", "X-Mailer: iPhone Mail (21G93)"),
    "outlook": ("X-Mailer: Microsoft Outlook 16.0", "X-Mailer: Microsoft Outlook 15.0"),
    "webmail": _lines(
        """
        User-Agent: Roundcube Webmail/1.6.9
        X-Mailer: Open-Xchange Mailer v7.10.6-Rev71
        X-Mailer: Zimbra 9.0.0_GA_4583 (ZimbraWebClient - FF133 (Win)/9.0.0_GA_4583)
        X-Mailer: WEB.DE Mail
        """
    ),
    "newsletter": ("X-Mailer: Brevo",),
}

COMPANIES = _lines(
    """
    Atelier Lumière SARL
    Boulangerie Pâtissière Chéron
    Cabinet Médical des Tilleuls
    Librairie L'Écume des Pages
    Bäckerei Schulz GmbH
    Blumenhaus Köhler e.K.
    Praxis Dr. med. Weiß
    Fernweh Reisen GmbH & Co. KG
    Harbour Lane Interiors Ltd
    The Crooked Spoon Café
    """
)

# Products and colours as (fr, de, en).
PRODUCTS = _triples(
    """
    Pull marin en laine mérinos | Matrosenpullover aus Merinowolle | Merino wool Breton jumper
    Théière en fonte Tetsubin | Gusseiserne Teekanne Tetsubin | Tetsubin cast-iron teapot
    Chaussettes rayées (lot de 3) | Gestreifte Socken (3er-Pack) | Striped socks (pack of 3)
    Plaid en lin lavé | Plaid aus gewaschenem Leinen | Washed linen throw
    Bougie parfumée figue & cèdre | Duftkerze Feige & Zeder | Fig & cedar scented candle
    Tablier de cuisine en toile | Küchenschürze aus Canvas | Canvas kitchen apron
    Bonnet côtelé en cachemire | Gerippte Kaschmirmütze | Ribbed cashmere beanie
    Mug en grès émaillé | Glasierte Steingut-Tasse | Glazed stoneware mug
    Sac cabas en cuir végétal | Shopper aus pflanzlich gegerbtem Leder | Vegetable-tanned leather tote
    Écharpe tissée main | Handgewebter Schal | Hand-woven scarf
    Porte-savon en céramique | Seifenschale aus Keramik | Ceramic soap dish
    Carnet de notes relié | Gebundenes Notizbuch | Bound notebook
    Coussin brodé Bretagne | Besticktes Kissen Bretagne | Embroidered Brittany cushion
    Robe chemise à pois | Gepunktetes Hemdblusenkleid | Polka-dot shirt dress
    Tisanière en porcelaine | Teetasse mit Sieb aus Porzellan | Porcelain infuser mug
    Gilet zippé en laine bouillie | Walkjacke mit Reißverschluss | Boiled wool zip cardigan
    Savon de Marseille à l'huile d'olive | Marseiller Seife mit Olivenöl | Olive oil Marseille soap
    Pantoufles en feutre | Filzpantoffeln | Felt slippers
    Planche à découper en noyer | Schneidebrett aus Nussbaum | Walnut chopping board
    Vase soufflé bouche | Mundgeblasene Vase | Hand-blown glass vase
    Gants en cuir d'agneau | Lammlederhandschuhe | Lambskin gloves
    Lampe de chevet en rotin | Nachttischlampe aus Rattan | Rattan bedside lamp
    Housse de couette en percale | Bettbezug aus Perkal | Percale duvet cover
    Marinière col bateau | Ringelshirt mit U-Boot-Ausschnitt | Boat-neck Breton top
    Bol à café au lait | Milchkaffeeschale | Café au lait bowl
    Ceinture tressée | Geflochtener Gürtel | Braided belt
    Moulin à poivre en hêtre | Pfeffermühle aus Buche | Beech pepper mill
    Jean droit brut | Gerade Rohdenim-Jeans | Straight raw denim jeans
    Coffret thé de Noël | Weihnachtliche Teebox | Christmas tea gift box
    Chemise en flanelle à carreaux | Karierte Flanellhemd | Checked flannel shirt
    Panier en osier tressé | Geflochtener Weidenkorb | Woven wicker basket
    Parapluie pliant anti-tempête | Sturmfester Taschenschirm | Storm-proof folding umbrella
    Bouillotte en caoutchouc naturel | Wärmflasche aus Naturkautschuk | Natural rubber hot-water bottle
    Trousse de toilette en coton ciré | Kulturbeutel aus Wachscanvas | Waxed cotton wash bag
    Set de 4 verres à pied | 4er-Set Stielgläser | Set of 4 stemmed glasses
    Kimono en gaze de coton | Kimono aus Baumwollmusselin | Cotton gauze kimono
    """
)

COLORS = _triples(
    """
    bleu marine | Marineblau | navy blue
    écru | Naturweiß | ecru
    vert sauge | Salbeigrün | sage green
    terracotta | Terrakotta | terracotta
    gris chiné | Grau meliert | heather grey
    moutarde | Senfgelb | mustard
    bordeaux | Bordeauxrot | burgundy
    rose poudré | Puderrosa | dusty pink
    noir | Schwarz | black
    bleu canard | Petrol | teal
    """
)

SIZES = _words("XS S M L XL XXL 36 38 40 42 44 46 T1 T2 T3")

CARRIERS = {
    "fr": ("Colissimo", "Chronopost", "Mondial Relay", "DHL", "UPS", "La Poste"),
    "de": ("DHL", "Hermes", "DPD", "GLS", "UPS", "Deutsche Post"),
    "en": ("Royal Mail", "DPD", "UPS", "DHL", "Evri", "Colissimo"),
}

# Tracking number shapes: # digit, A letter, X letter or digit.
TRACKING_PATTERNS = dict(
    line.split(" = ")
    for line in _lines(
        """
        Colissimo = 6A###########
        Chronopost = XW#########FR
        La Poste = 8R###########
        Mondial Relay = ########
        DHL = JJD00##################
        UPS = 1ZXXXXXX##########
        Hermes = H10000########
        DPD = 0###############
        GLS = ###########
        Deutsche Post = RR#########DE
        Royal Mail = AA#########GB
        Evri = H0XXXXXXXXXXXXXX
        """
    )
)

# How customers write an order number.
ORDER_FORMATS = {
    "fr": ("n°{}", "n° {}", "#{}", "{}", "numéro {}"),
    "de": ("Nr. {}", "#{}", "{}", "Nummer {}"),
    "en": ("#{}", "no. {}", "{}"),
}

# Local shapes of postcodes, VAT numbers and phone numbers (same notation).
LOCAL_PATTERNS = {
    "fr": {"zip": "#####", "vat": "FR###########", "phone": "06 ## ## ## ##"},
    "de": {"zip": "#####", "vat": "DE#########", "phone": "0171 #######"},
    "en": {"zip": "AA# #AA", "vat": "GB#########", "phone": "07700 900###"},
}

# Attachment file names: {order}, {invoice}, {n} (a number), {stamp} (a date).
ATTACHMENT_NAMES = {
    "pdf": {
        "fr": _lines(
            """
            Facture_{invoice}.pdf
            facture-{order}.pdf
            Étiquette retour commande {order}.pdf
            Bon de retour n°{order}.pdf
            """
        ),
        "de": _lines(
            """
            Rechnung_{invoice}.pdf
            Rücksendeschein_{order}.pdf
            Rechnung Bestellung {order} für Köhler & Söhne GmbH.pdf
            """
        ),
        "en": ("Invoice_{invoice}.pdf", "return-label-{order}.pdf"),
    },
    "jpg": {
        "fr": _lines(
            """
            IMG_{n}.JPG
            photo colis.jpg
            {stamp}.jpg
            Capture d'écran colis abîmé.jpg
            """
        ),
        "de": ("IMG_{n}.JPG", "Foto_Schaden_{n}.jpeg", "Beschädigung Verpackung.jpg"),
        "en": ("IMG_{n}.JPG", "photo.jpg", "{stamp}.jpg"),
    },
    "txt": {
        "fr": ("commande_{order}.txt", "récapitulatif.txt"),
        "de": ("Bestellübersicht.txt", "bestellung_{order}.txt"),
        "en": ("order_{order}.txt", "notes.txt"),
    },
}

CITIES = {
    "fr": _words(
        """Lyon Nantes Besançon Orléans Nîmes Saint-Étienne Quimper Béziers Rennes
        Grenoble Périgueux Fréjus Sète Montréal Genève Liège Angoulême Cholet"""
    ),
    "de": _words(
        """München Köln Düsseldorf Lübeck Göttingen Würzburg Saarbrücken Münster
        Osnabrück Fürth Tübingen Jena Zürich Wien Graz Gießen Lüneburg"""
    ),
    "en": _words(
        """London Manchester Brighton Dublin Cork Edinburgh Bristol Leeds York
        Cardiff Norwich Galway"""
    ),
}

STREETS = {
    "fr": _lines(
        """
        rue des Lilas
        avenue Jean-Jaurès
        impasse du Moulin
        rue de l'Église
        boulevard Gambetta
        chemin des Écoliers
        place du Marché
        allée des Châtaigniers
        """
    ),
    "de": _lines(
        """
        Hauptstraße
        Goethestraße
        Am Mühlbach
        Schillerplatz
        Lindenallee
        Kirchgasse
        Bahnhofstraße
        Zur Gänseweide
        """
    ),
    "en": _lines(
        """
        Baker Street
        Victoria Road
        Church Lane
        Mill Close
        Queen's Avenue
        Station Road
        """
    ),
}

COUPONS = _words(
    "BIENVENUE10 SOLDES20 NOEL2025 MERCI15 HIVER30 FIDELITE WILLKOMMEN10 "
    "WINTER25 SPRING15 LIVRAISONOFFERTE VIP2026 PARRAINAGE"
)

RARE_WORDS = _words(
    """chouquette galimatias farfelu tohu-bohu nénuphar hurluberlu saperlipopette
    Kuddelmuddel Schnickschnack Fernweh Kummerspeck Ohrwurm Zugzwang Gemütlichkeit
    serendipity kerfuffle brouhaha flummoxed gobbledygook higgledy-piggledy
    pétrichor zigouigoui Backpfeifengesicht Verschlimmbesserung"""
)

MONTHS_RFC = _words("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
DAYS_RFC = _words("Mon Tue Wed Thu Fri Sat Sun")

DATE_NAMES = {
    "fr": {
        "days_short": _words("lun. mar. mer. jeu. ven. sam. dim."),
        "days_long": _words("lundi mardi mercredi jeudi vendredi samedi dimanche"),
        "months_short": _words(
            "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."
        ),
        "months_long": _words(
            "janvier février mars avril mai juin juillet août septembre octobre "
            "novembre décembre"
        ),
    },
    "de": {
        "days_short": _words("Mo. Di. Mi. Do. Fr. Sa. So."),
        "days_long": _words(
            "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
        ),
        "months_short": _words(
            "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez."
        ),
        "months_long": _words(
            "Januar Februar März April Mai Juni Juli August September Oktober "
            "November Dezember"
        ),
    },
    "en": {
        "days_short": DAYS_RFC,
        "days_long": _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
        "months_short": MONTHS_RFC,
        "months_long": _words(
            "January February March April May June July August September October "
            "November December"
        ),
    },
}

# Quote attributions per mail-client style; placeholders are filled by the
# generator ({name}, {addr}, {d}, {dd}, {mm}, {y}, {H}, {M}, {h12}, {ampm},
# {dshort}, {dlong}, {mshort}, {mlong}, {to}, {subject}).
ATTRIBUTIONS = {
    "gmail": {
        "fr": "Le {dshort} {d} {mshort} {y} à {H}:{M}, {name} <{addr}> a écrit :",
        "de": "Am {dshort}, {d}. {mshort} {y} um {H}:{M} Uhr schrieb {name} <{addr}>:",
        "en": "On {dshort}, {mshort} {d}, {y} at {h12}:{M} {ampm} {name} <{addr}> wrote:",
    },
    "thunderbird": {
        "fr": "Le {dd}/{mm}/{y} à {H}:{M}, {name} a écrit :",
        "de": "Am {dd}.{mm}.{y} um {H}:{M} schrieb {name}:",
        "en": "On {dd}/{mm}/{y} {H}:{M}, {name} wrote:",
    },
    "apple": {
        "fr": "Le {d} {mshort} {y} à {H}:{M}, {name} <{addr}> a écrit :",
        "de": "Am {dd}.{mm}.{y} um {H}:{M} schrieb {name} <{addr}>:",
        "en": "On {d} {mshort} {y}, at {H}:{M}, {name} <{addr}> wrote:",
    },
    "outlook": {
        "fr": "De : {name} <{addr}>|Envoyé : {dlong} {d} {mlong} {y} {H}:{M}|"
        "À : {to}|Objet : {subject}",
        "de": "Von: {name} <{addr}>|Gesendet: {dlong}, {d}. {mlong} {y} {H}:{M}|"
        "An: {to}|Betreff: {subject}",
        "en": "From: {name} <{addr}>|Sent: {dlong}, {mlong} {d}, {y} {h12}:{M} {ampm}|"
        "To: {to}|Subject: {subject}",
    },
}

TOPIC_WEIGHTS = (
    ("where_is_order", 26),
    ("return_request", 14),
    ("wrong_size", 10),
    ("damaged_item", 9),
    ("invoice_request", 8),
    ("address_change", 7),
    ("discount_code", 8),
    ("product_question", 8),
    ("thanks", 10),
)

FR = _sections(
    """
    [where_is_order.subject]
    Où en est ma commande {order} ?
    Commande {order} toujours pas reçue
    Suivi de commande {order}
    Pas de nouvelles de ma commande
    Colis non reçu - commande {order}
    retard livraison
    [where_is_order.ask]
    J'ai passé commande le {date} (commande {order}) et je n'ai toujours rien reçu.
    Pourriez-vous me dire où en est ma commande {order} ? Le suivi {carrier} n'a pas bougé depuis {days} jours.
    Le numéro de suivi {tracking} indique « en cours d'acheminement » depuis plusieurs jours, est-ce normal ?
    Ma commande {order} devait arriver avant le week-end mais je n'ai reçu aucun avis de passage.
    Je commence à m'inquiéter car c'est un cadeau d'anniversaire pour ma sœur.
    Pouvez-vous vérifier auprès de {carrier} si le colis n'a pas été égaré ?
    Le site indiquait une livraison sous 48 h, cela fait maintenant {days} jours.
    Le suivi indique que le colis a été livré, mais il n'est ni dans ma boîte aux lettres ni chez la gardienne.
    [where_is_order.answer]
    Votre commande {order} a bien été expédiée le {date} avec {carrier}.
    Voici votre numéro de suivi : {tracking}.
    D'après le suivi, le colis est actuellement au centre de tri de {city} et devrait vous être livré sous 48 h.
    Nous avons ouvert une enquête auprès de {carrier} ; s'il n'est pas retrouvé d'ici {days} jours, nous vous renverrons la commande à nos frais.
    Nous sommes désolés pour ce retard, les transporteurs sont très sollicités en ce moment.
    Le colis a été déposé en point relais, vous devriez avoir reçu un SMS avec le code de retrait.
    [return_request.subject]
    Demande de retour
    Retour commande {order}
    Retourner un article
    Comment faire un retour ?
    Remboursement {product}
    [return_request.ask]
    Je souhaiterais retourner l'article « {product} » de ma commande {order}, il ne me convient pas.
    Comment dois-je procéder pour un retour ? Je n'ai pas trouvé d'étiquette dans le colis.
    Est-ce que les frais de retour sont à ma charge ?
    Je voudrais être remboursée plutôt que d'avoir un avoir, si c'est possible.
    La couleur {color} rend très différemment en vrai par rapport aux photos du site.
    Je suis encore dans le délai de 30 jours, j'ai reçu le colis le {date}.
    [return_request.answer]
    Voici le lien pour imprimer votre étiquette de retour prépayée : https://www.{domain}/retours/{order_digits}
    Dès réception de l'article dans notre entrepôt, le remboursement de {amount} sera effectué sous 5 à 7 jours ouvrés.
    Merci de glisser le bon de retour dans le colis et de le déposer dans n'importe quel point relais {carrier}.
    Le retour est gratuit pour toute commande passée depuis moins de 30 jours.
    Nous avons bien reçu votre retour et procédé au remboursement sur votre moyen de paiement d'origine.
    [wrong_size.subject]
    Mauvaise taille
    Échange de taille - commande {order}
    Taille trop petite
    Erreur de taille {product}
    [wrong_size.ask]
    J'ai commandé le « {product} » en taille {size} mais j'ai reçu du {size2}.
    La taille {size} taille vraiment petit, est-il possible de l'échanger contre un {size2} ?
    Le guide des tailles indiquait {size} pour mes mensurations, mais c'est beaucoup trop grand.
    Auriez-vous encore le modèle en {color}, taille {size2} ?
    Je préfère un échange plutôt qu'un remboursement.
    [wrong_size.answer]
    Nous sommes désolés pour cette erreur de préparation.
    Nous vous envoyons dès aujourd'hui le « {product} » en taille {size2} ; vous pouvez nous renvoyer l'autre avec l'étiquette jointe.
    La taille {size2} est malheureusement en rupture, elle devrait être de retour d'ici {days} jours.
    Pour l'échange, il suffit de nous retourner l'article non porté avec son étiquette.
    Nous avons noté que ce modèle taille petit et nous allons mettre à jour le guide des tailles.
    [damaged_item.subject]
    Article abîmé
    Colis endommagé !
    Produit cassé à la réception
    Réclamation commande {order}
    {product} arrivé cassé
    [damaged_item.ask]
    J'ai reçu ma commande {order} ce matin, mais le « {product} » est arrivé cassé.
    Le carton était complètement écrasé et l'article est rayé sur tout le côté.
    Vous trouverez en pièce jointe une photo du colis et de l'article.
    Je suis très déçue, c'était un cadeau.
    Il manque aussi une pièce : le couvercle n'était pas dans le carton.
    Pouvez-vous m'en renvoyer un autre rapidement ?
    [damaged_item.answer]
    Merci pour les photos, nous sommes vraiment navrés de cet incident.
    Un nouvel article vous est renvoyé aujourd'hui, sans frais, avec le numéro de suivi {tracking}.
    Inutile de nous retourner l'article endommagé.
    Nous avons fait une réclamation auprès de {carrier} pour le colis abîmé.
    Si vous préférez, nous pouvons aussi vous rembourser intégralement ({amount}).
    [invoice_request.subject]
    Demande de facture
    Facture commande {order}
    Besoin d'une facture avec TVA
    Facture au nom de ma société
    [invoice_request.ask]
    Pourriez-vous m'envoyer la facture de ma commande {order} ?
    J'ai besoin d'une facture au nom de ma société, {company}, avec le numéro de TVA intracommunautaire {vat}.
    Je ne trouve pas la facture dans mon espace client.
    La facture doit mentionner l'adresse de facturation : {street}, {zip} {city}.
    [invoice_request.answer]
    Vous trouverez ci-joint la facture {invoice} correspondant à votre commande {order}.
    La facture est également téléchargeable depuis votre espace client, rubrique « Mes commandes ».
    Nous avons modifié la facture avec le nom de votre société.
    N'hésitez pas à nous dire si une autre mention doit figurer sur la facture.
    [address_change.subject]
    Changement d'adresse de livraison
    Erreur d'adresse commande {order}
    Modifier l'adresse
    URGENT : adresse de livraison
    [address_change.ask]
    Je me suis trompé d'adresse en passant la commande {order}.
    Serait-il possible de livrer plutôt au {street}, {zip} {city} ?
    Le colis est-il déjà parti ? Sinon, merci de modifier l'adresse.
    Je ne serai pas chez moi avant le {date}, pouvez-vous le faire livrer en point relais ?
    Il manque le numéro d'appartement et le code de la porte : {digicode}.
    [address_change.answer]
    L'adresse de livraison a bien été modifiée, votre colis partira demain.
    Malheureusement le colis est déjà en route ; nous avons demandé à {carrier} une redirection vers la nouvelle adresse.
    Vous pouvez aussi choisir un point relais directement sur le site de suivi {carrier}.
    Nous avons ajouté le code d'accès au bon de livraison.
    [discount_code.subject]
    Code promo non valide
    Le code {code} ne fonctionne pas
    Problème code réduction
    Réduction non appliquée
    [discount_code.ask]
    J'essaie d'utiliser le code {code} mais le site me dit qu'il n'est pas valide.
    Le code de réduction reçu dans votre newsletter ne s'applique pas sur mon panier.
    J'ai passé la commande {order} sans la réduction, pouvez-vous me rembourser la différence ?
    Est-ce que le code est cumulable avec les soldes ?
    [discount_code.answer]
    Le code {code} n'était valable que jusqu'au {date}, mais nous vous faisons un geste commercial.
    Nous vous avons remboursé la différence, soit {amount}.
    Le code ne s'applique pas aux articles déjà soldés, c'est précisé dans les conditions.
    Voici un nouveau code personnel : {code2}, valable 30 jours.
    [product_question.subject]
    Question sur un article
    Disponibilité {product}
    Renseignement produit
    Question avant commande
    [product_question.ask]
    Le « {product} » sera-t-il de nouveau disponible en {color} ?
    Pouvez-vous me donner les dimensions exactes du « {product} » ?
    Est-ce que cet article passe au lave-vaisselle ou en machine à 40 degrés ?
    Livrez-vous en Belgique et en Suisse ?
    Quelle est la composition du tissu ? Je suis allergique à la laine.
    [product_question.answer]
    Le « {product} » sera de nouveau en stock d'ici {days} jours ; vous pouvez activer l'alerte disponibilité sur la fiche produit.
    Les dimensions sont indiquées dans l'onglet « Détails » de la fiche produit.
    Nous livrons en Belgique, en Suisse et dans toute l'Union européenne.
    Il est composé à 100 % de coton biologique certifié GOTS.
    [thanks.subject]
    Merci !
    Commande bien reçue
    Super service
    Un grand merci
    [thanks.ask]
    Je viens de recevoir ma commande {order}, tout est parfait.
    Merci pour votre réactivité et pour le petit mot dans le colis.
    Le « {product} » est encore plus beau en vrai.
    Je recommanderai votre boutique à mes amies.
    Bravo pour l'emballage, tout est arrivé intact.
    [thanks.answer]
    Merci beaucoup pour votre message, cela fait très plaisir à toute l'équipe !
    N'hésitez pas à laisser un avis sur le site, cela nous aide beaucoup.
    Au plaisir de vous revoir bientôt sur {domain}.
    [follow_customer]
    Merci pour votre réponse rapide.
    Je n'ai toujours rien reçu, pouvez-vous relancer le transporteur ?
    D'accord, j'attends donc le nouveau colis.
    Je vous renvoie la photo, la première n'était pas nette.
    Par contre je n'ai pas reçu l'étiquette de retour.
    Pouvez-vous me confirmer que c'est bien pris en compte pour la commande {order} ?
    Je reste disponible si vous avez besoin d'autres informations.
    Je précise que j'ai payé par PayPal.
    [satisfied_customer]
    C'est bien reçu, merci.
    Parfait, merci beaucoup pour votre aide !
    Tout est réglé, merci encore pour votre gentillesse.
    Super, le colis est arrivé ce matin.
    [follow_shop]
    Merci pour votre retour.
    C'est bien noté de notre côté.
    Nous revenons vers vous dès que nous avons une réponse du transporteur.
    Nous avons relancé {carrier} ce matin.
    Tout est en ordre, votre commande {order} est clôturée.
    Nous restons à votre disposition pour toute autre question.
    [filler]
    Au passage, votre site est vraiment agréable à utiliser.
    Je suis cliente depuis plusieurs années et c'est la première fois que j'ai un souci.
    Mon voisin a reçu le même jour une commande d'un autre site, donc je ne comprends pas.
    J'habite à la campagne, le facteur passe en fin de matinée.
    Je suis joignable par téléphone au {phone}.
    Petite remarque : le papier de soie dans le colis était très joli.
    J'avais aussi repéré le « {product2} » pour Noël prochain.
    Désolée pour la longueur de ce message, c'est un vrai {rare} cette histoire.
    Ma fille est très impatiente de recevoir son cadeau.
    Je pars en vacances à {city} le {date}.
    [greet_customer]
    Bonjour,
    Bonjour,
    Bonjour Madame, Monsieur,
    Bonjour à toute l'équipe,
    Bonsoir,
    Madame, Monsieur,
    Hello,
    [greet_customer_reply]
    Bonjour {agent},
    Re-bonjour,
    Bonjour,
    Merci {agent} !
    [greet_shop]
    Bonjour {first},
    Bonjour {first} {last},
    Bonjour,
    Chère cliente, cher client,
    [close_customer]
    Cordialement,
    Bien cordialement,
    Merci d'avance,
    Bonne journée,
    Bien à vous,
    Merci,
    Dans l'attente de votre réponse,
    [close_shop]
    Belle journée,
    Bien cordialement,
    À bientôt,
    Bonne fin de semaine,
    [shop_signature]
    {agent}|Service client {shop}|https://www.{domain}|Suivez votre commande : https://www.{domain}/suivi
    {agent} - {shop}|Du lundi au vendredi, 9 h - 18 h|Tél. : 01 84 60 12 34
    {agent}|L'équipe {shop}|Une question sur votre commande ? Répondez simplement à ce message.
    [mobile_signature]
    Envoyé de mon iPhone
    [newsletter.subject]
    🎉 Soldes d'hiver : jusqu'à -40 % sur tout le site
    Nouveautés de printemps : la collection est arrivée 🌷
    Livraison offerte ce week-end seulement
    Saint-Valentin : nos idées cadeaux ❤️
    Votre code -15 % vous attend
    [newsletter.intro]
    Chère cliente, cher client,|Les soldes d'hiver commencent aujourd'hui et toute l'équipe a sélectionné ses coups de cœur pour vous.
    Bonjour !|La nouvelle collection vient d'arriver à l'atelier : des matières naturelles, des couleurs douces et des pièces faites pour durer.
    Bonjour,|Ce week-end seulement, la livraison est offerte sur toutes les commandes, sans minimum d'achat.
    [newsletter.line]
    {product} - {amount}
    [newsletter.outro]
    Avec le code {code}, profitez de 15 % supplémentaires jusqu'au {date}.|À très vite sur https://www.{domain}
    Commandez avant dimanche minuit pour une livraison avant le {date}.|L'équipe {shop}
    [newsletter.reply]
    Le code de la newsletter ne marche pas chez moi, il est refusé au moment du paiement.
    Merci de me désinscrire de votre liste de diffusion.
    Est-ce que la réduction s'applique aussi aux articles déjà soldés ?
    Le lien vers la collection renvoie vers une page d'erreur.
    Super, j'attendais justement le retour du « {product} » !
    Vous livrez toujours en Belgique ? Je n'arrive pas à sélectionner mon pays.
    Ma commande {order} passée hier peut-elle bénéficier de l'offre ?
    """
)

DE = _sections(
    """
    [where_is_order.subject]
    Wo bleibt meine Bestellung {order}?
    Bestellung {order} noch nicht angekommen
    Sendungsverfolgung Bestellung {order}
    Lieferung verspätet
    Paket nicht erhalten
    [where_is_order.ask]
    Ich habe am {date} bestellt (Bestellung {order}) und bis heute nichts erhalten.
    Können Sie mir sagen, wo meine Bestellung {order} bleibt? Die Sendungsverfolgung bei {carrier} zeigt seit {days} Tagen keine Bewegung.
    Die Sendungsnummer {tracking} steht seit Tagen auf „in Zustellung“, ist das normal?
    Laut Ihrer Website sollte die Lieferung 2 bis 4 Werktage dauern, jetzt sind es schon {days} Tage.
    Die Bestellung ist ein Geburtstagsgeschenk für meine Mutter, deshalb wäre es schön, wenn sie bald käme.
    Könnten Sie bitte bei {carrier} nachfragen, ob das Paket verloren gegangen ist?
    Laut Sendungsverfolgung wurde das Paket zugestellt, aber es ist weder im Briefkasten noch bei den Nachbarn.
    [where_is_order.answer]
    Ihre Bestellung {order} wurde am {date} mit {carrier} verschickt.
    Hier ist Ihre Sendungsnummer: {tracking}.
    Laut Sendungsverfolgung befindet sich das Paket im Verteilzentrum {city} und sollte in den nächsten 48 Stunden zugestellt werden.
    Wir haben einen Nachforschungsauftrag bei {carrier} gestellt; falls das Paket nicht innerhalb von {days} Tagen auftaucht, schicken wir die Bestellung kostenlos erneut.
    Wir entschuldigen uns für die Verzögerung, die Paketdienste sind derzeit stark ausgelastet.
    [return_request.subject]
    Rücksendung
    Retoure Bestellung {order}
    Artikel zurückschicken
    Wie funktioniert die Rücksendung?
    Erstattung {product}
    [return_request.ask]
    Ich möchte den Artikel »{product}« aus meiner Bestellung {order} zurückschicken, er gefällt mir leider nicht.
    Wie läuft die Rücksendung ab? Im Paket lag kein Retourenschein.
    Muss ich die Rücksendekosten selbst tragen?
    Ich hätte gern das Geld zurück statt eines Gutscheins.
    Die Farbe {color} sieht in Wirklichkeit ganz anders aus als auf den Fotos.
    Ich bin noch innerhalb der 30 Tage, das Paket kam am {date} an.
    [return_request.answer]
    Ihr kostenloses Rücksendeetikett können Sie hier ausdrucken: https://www.{domain}/retours/{order_digits}
    Sobald der Artikel bei uns eingetroffen ist, erstatten wir {amount} innerhalb von 5 bis 7 Werktagen.
    Bitte legen Sie den Rücksendeschein ins Paket und geben Sie es in einer {carrier}-Filiale ab.
    Die Rücksendung ist innerhalb von 30 Tagen nach Erhalt der Bestellung kostenlos.
    Ihre Retoure ist bei uns eingegangen, die Erstattung wurde veranlasst.
    [wrong_size.subject]
    Falsche Größe
    Umtausch Größe - Bestellung {order}
    Größe zu klein
    Falsche Größe geliefert
    [wrong_size.ask]
    Ich habe den Artikel "{product}" in Größe {size} bestellt, geliefert wurde aber Größe {size2}.
    Größe {size} fällt sehr klein aus, kann ich ihn gegen {size2} umtauschen?
    Laut Größentabelle sollte mir {size} passen, aber er ist viel zu groß.
    Haben Sie das Modell noch in {color}, Größe {size2}?
    Mir wäre ein Umtausch lieber als eine Erstattung.
    [wrong_size.answer]
    Bitte entschuldigen Sie den Fehler bei der Kommissionierung.
    Wir schicken Ihnen heute noch »{product}« in Größe {size2}; den falschen Artikel können Sie mit dem beiliegenden Etikett zurücksenden.
    Größe {size2} ist leider ausverkauft und in etwa {days} Tagen wieder lieferbar.
    Für den Umtausch senden Sie uns den ungetragenen Artikel bitte mit Etikett zurück.
    Wir haben vermerkt, dass das Modell klein ausfällt, und passen die Größentabelle an.
    [damaged_item.subject]
    Artikel beschädigt
    Paket beschädigt angekommen!
    Reklamation Bestellung {order}
    {product} kaputt geliefert
    [damaged_item.ask]
    Heute kam meine Bestellung {order} an, aber »{product}« ist zerbrochen.
    Der Karton war völlig eingedrückt und der Artikel hat einen langen Kratzer.
    Im Anhang finden Sie ein Foto vom Paket und vom Artikel.
    Ich bin sehr enttäuscht, es sollte ein Geschenk sein.
    Außerdem fehlt ein Teil: der Deckel war nicht im Karton.
    Können Sie mir bitte schnell Ersatz schicken?
    [damaged_item.answer]
    Vielen Dank für die Fotos, das tut uns wirklich leid.
    Wir schicken Ihnen heute kostenlos Ersatz, die Sendungsnummer lautet {tracking}.
    Sie müssen den beschädigten Artikel nicht zurückschicken.
    Wir haben bei {carrier} eine Schadensmeldung eingereicht.
    Wenn Sie möchten, erstatten wir Ihnen auch den vollen Betrag ({amount}).
    [invoice_request.subject]
    Rechnung benötigt
    Rechnung zu Bestellung {order}
    Rechnung mit ausgewiesener MwSt.
    Rechnung auf Firmennamen
    [invoice_request.ask]
    Könnten Sie mir bitte die Rechnung zu meiner Bestellung {order} schicken?
    Ich brauche eine Rechnung auf meine Firma, {company}, mit der USt-IdNr. {vat}.
    In meinem Kundenkonto finde ich die Rechnung leider nicht.
    Bitte die Rechnungsadresse {street} {house}, {zip} {city} angeben.
    [invoice_request.answer]
    Anbei erhalten Sie die Rechnung {invoice} zu Ihrer Bestellung {order}.
    Die Rechnung können Sie auch in Ihrem Kundenkonto unter „Meine Bestellungen“ herunterladen.
    Wir haben die Rechnung auf Ihren Firmennamen geändert.
    Geben Sie uns gern Bescheid, falls noch etwas auf der Rechnung fehlt.
    [address_change.subject]
    Lieferadresse ändern
    Falsche Adresse bei Bestellung {order}
    Adressänderung
    DRINGEND: Lieferadresse
    [address_change.ask]
    Ich habe bei der Bestellung {order} leider eine falsche Adresse angegeben.
    Wäre es möglich, stattdessen an {street} {house}, {zip} {city} zu liefern?
    Ist das Paket schon unterwegs? Falls nicht, ändern Sie bitte die Adresse.
    Ich bin bis zum {date} nicht zu Hause, können Sie an eine Packstation liefern?
    Es fehlt der Zusatz „bei {last}“ am Briefkasten.
    [address_change.answer]
    Die Lieferadresse wurde geändert, Ihr Paket geht morgen raus.
    Leider ist das Paket schon unterwegs; wir haben bei {carrier} eine Umleitung beantragt.
    Sie können die Zustellung auch direkt auf der Website von {carrier} umleiten.
    Wir haben den Hinweis auf dem Lieferschein ergänzt.
    [discount_code.subject]
    Gutscheincode ungültig
    Der Code {code} funktioniert nicht
    Problem mit Rabattcode
    Rabatt nicht abgezogen
    [discount_code.ask]
    Ich möchte den Code {code} einlösen, aber der Shop sagt, er sei ungültig.
    Der Rabattcode aus Ihrem Newsletter wird im Warenkorb nicht abgezogen.
    Ich habe die Bestellung {order} ohne Rabatt abgeschlossen, können Sie mir die Differenz erstatten?
    Ist der Code mit dem Sale kombinierbar?
    [discount_code.answer]
    Der Code {code} war nur bis zum {date} gültig, aber wir kommen Ihnen gern entgegen.
    Wir haben Ihnen die Differenz von {amount} erstattet.
    Der Code gilt nicht für bereits reduzierte Artikel, das steht in den Bedingungen.
    Hier ist ein neuer persönlicher Code: {code2}, 30 Tage gültig.
    [product_question.subject]
    Frage zu einem Artikel
    Verfügbarkeit {product}
    Frage vor der Bestellung
    [product_question.ask]
    Wird »{product}« wieder in {color} erhältlich sein?
    Können Sie mir die genauen Maße von "{product}" nennen?
    Ist der Artikel spülmaschinenfest bzw. bei 40 Grad waschbar?
    Liefern Sie auch nach Österreich und in die Schweiz?
    Woraus besteht der Stoff genau? Ich vertrage keine Wolle.
    [product_question.answer]
    »{product}« ist in etwa {days} Tagen wieder auf Lager; auf der Produktseite können Sie sich benachrichtigen lassen.
    Die Maße finden Sie auf der Produktseite im Reiter „Details“.
    Wir liefern nach Österreich, in die Schweiz und in die ganze EU.
    Der Stoff besteht zu 100 % aus GOTS-zertifizierter Bio-Baumwolle.
    [thanks.subject]
    Danke!
    Bestellung angekommen
    Toller Service
    Herzlichen Dank
    [thanks.ask]
    Meine Bestellung {order} ist heute angekommen, alles bestens.
    Danke für die schnelle Bearbeitung und die nette Karte im Paket.
    »{product}« ist in echt noch schöner als auf den Fotos.
    Ich werde Ihren Shop auf jeden Fall weiterempfehlen.
    Die Verpackung war super, alles kam heil an.
    [thanks.answer]
    Vielen Dank für Ihre Nachricht, darüber freut sich das ganze Team!
    Wir würden uns sehr über eine Bewertung auf unserer Website freuen.
    Bis bald auf {domain}!
    [follow_customer]
    Danke für die schnelle Antwort.
    Ich habe immer noch nichts erhalten, können Sie bitte beim Paketdienst nachhaken?
    Okay, dann warte ich auf das neue Paket.
    Anbei nochmal das Foto, das erste war unscharf.
    Den Rücksendeschein habe ich allerdings nicht bekommen.
    Können Sie mir bestätigen, dass das für die Bestellung {order} erledigt ist?
    Ich habe übrigens mit PayPal bezahlt.
    [satisfied_customer]
    Ist angekommen, danke.
    Perfekt, vielen Dank für Ihre Hilfe!
    Alles erledigt, danke nochmal.
    Das Paket ist heute Morgen angekommen, super.
    [follow_shop]
    Vielen Dank für Ihre Rückmeldung.
    Das haben wir notiert.
    Wir melden uns, sobald wir eine Antwort vom Paketdienst haben.
    Wir haben heute Morgen bei {carrier} nachgehakt.
    Alles erledigt, Ihre Bestellung {order} ist abgeschlossen.
    Bei weiteren Fragen sind wir gern für Sie da.
    [filler]
    Ihre Website ist übrigens sehr übersichtlich.
    Ich bestelle seit Jahren bei Ihnen und hatte noch nie ein Problem.
    Mein Nachbar hat am selben Tag bei einem anderen Shop bestellt und sein Paket schon bekommen.
    Ich wohne etwas abgelegen, der Paketbote kommt meist erst am Nachmittag.
    Sie erreichen mich telefonisch unter {phone}.
    Kleine Anmerkung: das Seidenpapier im Paket war wunderschön.
    Ich habe auch schon »{product2}« für Weihnachten ins Auge gefasst.
    Entschuldigen Sie die lange Nachricht, was für ein {rare}.
    Meine Tochter wartet schon ganz ungeduldig auf ihr Geschenk.
    Ab dem {date} bin ich in {city} im Urlaub.
    [greet_customer]
    Hallo,
    Guten Tag,
    Sehr geehrte Damen und Herren,
    Liebes {shop}-Team,
    Moin,
    Hallo zusammen,
    [greet_customer_reply]
    Hallo {agent},
    Hallo nochmal,
    Guten Tag,
    Danke {agent}!
    [greet_shop]
    Hallo {first},
    Guten Tag {first} {last},
    Hallo,
    Liebe Kundin, lieber Kunde,
    [close_customer]
    Mit freundlichen Grüßen
    Viele Grüße
    Beste Grüße
    Danke im Voraus und viele Grüße
    LG
    Freundliche Grüße
    [close_shop]
    Viele Grüße
    Herzliche Grüße
    Beste Grüße aus der Bretagne
    Schönen Tag noch und viele Grüße
    [shop_signature]
    {agent}|Kundenservice {shop}|https://www.{domain}|Bestellung verfolgen: https://www.{domain}/suivi
    {agent} - {shop}|Montag bis Freitag, 9-18 Uhr|Tel.: +33 1 84 60 12 34
    [mobile_signature]
    Von meinem iPhone gesendet
    [newsletter.subject]
    🎉 Winterschlussverkauf: bis zu 40 % auf alles
    Frühlingsneuheiten sind da 🌷
    Nur dieses Wochenende: versandkostenfrei
    Ihr 15-%-Gutschein wartet auf Sie
    [newsletter.intro]
    Liebe Kundin, lieber Kunde,|der Winterschlussverkauf beginnt heute und unser Team hat seine Lieblingsstücke für Sie ausgesucht.
    Hallo!|Die neue Kollektion ist da: natürliche Materialien, sanfte Farben und Stücke, die lange halten.
    [newsletter.line]
    {product} - {amount}
    [newsletter.outro]
    Mit dem Code {code} sparen Sie bis zum {date} zusätzlich 15 %.|Bis bald auf https://www.{domain}
    Bestellen Sie bis Sonntag Mitternacht, dann ist Ihr Paket vor dem {date} da.|Ihr {shop}-Team
    [newsletter.reply]
    Der Code aus dem Newsletter funktioniert bei mir nicht, er wird an der Kasse abgelehnt.
    Bitte nehmen Sie mich aus dem Verteiler.
    Gilt der Rabatt auch für bereits reduzierte Artikel?
    Der Link zur Kollektion führt auf eine Fehlerseite.
    Super, auf »{product}« habe ich schon gewartet!
    Gilt das Angebot auch noch für meine gestrige Bestellung {order}?
    """
)

EN = _sections(
    """
    [where_is_order.subject]
    Where is my order {order}?
    Order {order} not received
    Tracking for order {order}
    Still waiting for my parcel
    Missing parcel - order {order}
    [where_is_order.ask]
    I placed an order on {date} (order {order}) and still haven't received anything.
    Could you tell me what is happening with order {order}? The {carrier} tracking hasn't moved for {days} days.
    From what I can see on the tracking page, parcel {tracking} has been "in transit" for ages.
    Your website said delivery within 3-5 working days, it has now been {days} days.
    It's a birthday present for my son so I'm getting a bit worried.
    Could you check with {carrier} whether the parcel got lost?
    The tracking says delivered, but it's not in my letterbox and none of the neighbours have it.
    [where_is_order.answer]
    Your order {order} was dispatched on {date} with {carrier}.
    Here is your tracking number: {tracking}.
    According to the tracking, the parcel is at the {city} depot and should be delivered within 48 hours.
    We have opened a claim with {carrier}; if the parcel doesn't turn up within {days} days we will resend the order free of charge.
    We're sorry for the delay, carriers are very busy at the moment.
    [return_request.subject]
    Return request
    Returning order {order}
    How do I return an item?
    Refund for {product}
    [return_request.ask]
    I would like to return the {product} from order {order}, it isn't quite right for me.
    How do I send it back? There was no returns label in the parcel.
    Do I have to pay for the return postage?
    I'd prefer a refund rather than store credit if possible.
    The {color} looks very different in real life compared to the photos.
    From memory I received the parcel on {date}, so I'm still within the 30 days.
    [return_request.answer]
    You can print your prepaid returns label here: https://www.{domain}/retours/{order_digits}
    As soon as the item reaches our warehouse we'll refund {amount} within 5-7 working days.
    Please pop the returns slip in the parcel and drop it at any {carrier} point.
    Returns are free within 30 days of delivery.
    We have received your return and refunded your original payment method.
    [wrong_size.subject]
    Wrong size
    Size exchange - order {order}
    Too small!
    [wrong_size.ask]
    I ordered the {product} in size {size} but received a {size2}.
    Size {size} comes up really small, can I exchange it for a {size2}?
    The size guide said {size} for my measurements but it's far too big.
    Do you still have it in {color}, size {size2}?
    I'd rather have an exchange than a refund.
    [wrong_size.answer]
    We're sorry about the picking error.
    We are sending the {product} in size {size2} today; you can return the other one with the enclosed label.
    Size {size2} is out of stock at the moment, it should be back in about {days} days.
    For an exchange, just send the unworn item back with its tags.
    [damaged_item.subject]
    Damaged item
    Parcel arrived damaged!
    Complaint about order {order}
    {product} arrived broken
    [damaged_item.ask]
    My order {order} arrived this morning but the {product} is broken.
    The box was completely crushed and the item is scratched all down one side.
    I've attached a photo of the parcel and the item.
    I'm really disappointed, it was meant to be a gift.
    A part is missing too: the lid wasn't in the box.
    Could you send a replacement quickly please?
    [damaged_item.answer]
    Thank you for the photos, we're really sorry this happened.
    A replacement is on its way today at no cost, tracking number {tracking}.
    There's no need to send the damaged item back.
    We have filed a claim with {carrier} for the damaged parcel.
    If you prefer, we can refund you in full ({amount}).
    [invoice_request.subject]
    Invoice request
    Invoice for order {order}
    VAT invoice needed
    [invoice_request.ask]
    Could you send me the invoice for order {order}?
    I need an invoice made out to my company, {company}, with VAT number {vat}.
    I can't find the invoice in my account.
    Please put the billing address {house} {street}, {city} {zip} on it.
    [invoice_request.answer]
    Please find attached invoice {invoice} for your order {order}.
    You can also download it from your account under "My orders".
    We have reissued the invoice in your company's name.
    [address_change.subject]
    Change of delivery address
    Wrong address on order {order}
    URGENT: delivery address
    [address_change.ask]
    I entered the wrong address for order {order}.
    Could you deliver to {house} {street}, {city} {zip} instead?
    Has the parcel already left? If not, please change the address.
    I'm away until {date}, could it go to a pickup point instead?
    [address_change.answer]
    The delivery address has been updated, your parcel will leave tomorrow.
    Unfortunately the parcel is already on its way; we've asked {carrier} to redirect it.
    You can also redirect the delivery on the {carrier} website.
    [discount_code.subject]
    Discount code not working
    Code {code} doesn't work
    Promo code problem
    [discount_code.ask]
    I'm trying to use the code {code} but the checkout says it's invalid.
    The discount code from your newsletter isn't applied to my basket.
    I placed order {order} without the discount, could you refund the difference?
    Can the code be combined with the sale?
    [discount_code.answer]
    The code {code} was only valid until {date}, but we're happy to make a goodwill gesture.
    We have refunded the difference of {amount}.
    The code doesn't apply to items already on sale, as stated in the terms.
    Here is a new personal code: {code2}, valid for 30 days.
    [product_question.subject]
    Question about a product
    Is the {product} back in stock?
    Question before ordering
    [product_question.ask]
    Will the {product} be available in {color} again?
    Could you give me the exact dimensions of the {product}?
    Is it dishwasher safe / machine washable at 40 degrees?
    Do you ship to the UK and Ireland, and are there customs fees?
    [product_question.answer]
    The {product} will be back in stock in about {days} days; you can sign up for an alert on the product page.
    The dimensions are listed in the "Details" tab of the product page.
    We ship to the UK and Ireland; for the UK, duties are included at checkout.
    [thanks.subject]
    Thank you!
    Order received
    Great service
    [thanks.ask]
    My order {order} just arrived and everything is perfect.
    Thanks for the quick turnaround and the lovely note in the parcel.
    The {product} is even nicer in real life.
    I'll definitely recommend your shop to my friends.
    [thanks.answer]
    Thank you so much for your message, the whole team is delighted!
    We'd love it if you left a review on the website.
    Hope to see you again soon on {domain}.
    [follow_customer]
    Thanks for the quick reply.
    I still haven't received anything, could you chase the courier?
    OK, I'll wait for the new parcel then.
    Here's the photo again, the first one was blurry.
    I didn't get the returns label though.
    Can you confirm this is sorted for order {order}?
    From what I understand I just need to wait a few more days?
    [satisfied_customer]
    Got it, thanks.
    Perfect, thank you so much for your help!
    From my side everything is fine now.
    The parcel arrived this morning, brilliant.
    [follow_shop]
    Thanks for getting back to us.
    Noted on our side.
    We'll get back to you as soon as we hear from the courier.
    We chased {carrier} this morning.
    All sorted, your order {order} is now closed.
    [filler]
    By the way, your website is really easy to use.
    I've been a customer for years and this is the first time I've had a problem.
    I live in the countryside so the courier usually comes late in the afternoon.
    You can reach me on {phone}.
    The tissue paper in the parcel was gorgeous, by the way.
    I've also got my eye on the {product2} for Christmas.
    Sorry for the long message, what a {rare}.
    From {date} I'll be away in {city}.
    [greet_customer]
    Hello,
    Hi,
    Hi there,
    Dear Sir or Madam,
    Good morning,
    [greet_customer_reply]
    Hi {agent},
    Hello again,
    Thanks {agent},
    [greet_shop]
    Hello {first},
    Dear {first} {last},
    Hi {first},
    [close_customer]
    Kind regards,
    Best wishes,
    Thanks,
    Many thanks,
    Cheers,
    Regards,
    [close_shop]
    Kind regards,
    Best wishes,
    All the best,
    [shop_signature]
    {agent}|Customer care, {shop}|https://www.{domain}|Track your order: https://www.{domain}/suivi
    {agent} - {shop}|Monday to Friday, 9am-6pm CET
    [mobile_signature]
    Sent from my iPhone
    [newsletter.reply]
    The newsletter code doesn't work for me, it's rejected at checkout.
    Please unsubscribe me from this list.
    Does the discount also apply to sale items?
    Do you still ship to the UK after Brexit?
    """
)

VOCAB = {"fr": FR, "de": DE, "en": EN}

# Markup around HTML bodies: Outlook's Word styles, the newsletter's table frame.
OUTLOOK_STYLE = """\
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
@font-face
\t{font-family:Calibri;
\tpanose-1:2 15 5 2 2 2 4 3 2 4;}
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{margin:0cm;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;}
span.EmailStyle17
\t{mso-style-type:personal-compose;}
@page WordSection1
\t{size:612.0pt 792.0pt;
\tmargin:70.85pt 70.85pt 70.85pt 70.85pt;}
div.WordSection1
\t{page:WordSection1;}
--></style>
"""

NEWSLETTER_FRAME = """\
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" \
style="background:#f4efe9">
<tr><td align="center">
<table role="presentation" width="600" \
style="background:#ffffff;font-family:Georgia,serif;color:#3b3129">
<tr><td style="padding:24px">
<img src="https://www.{domain}/img/newsletter-{n}.jpg" width="552" alt="">
{content}
<p style="font-size:11px;color:#8a7f75">
<a href="{unsubscribe}">Se d&eacute;sabonner / Abmelden</a></p>
</td></tr>
</table>
</td></tr>
</table>"""
