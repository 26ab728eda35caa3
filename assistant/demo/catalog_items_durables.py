"""Base items of the non-food aisles of the demo catalog: textile, appliances, sport, fuel."""

from __future__ import annotations

from assistant.demo.catalog_types import (
    CARBURANT,
    ELECTRO,
    OWN,
    SPORT,
    TEXTILE,
    YEAR,
    BaseItem,
    Brand,
    Size,
    adult_sizes,
    kid_sizes,
    one,
    sizes,
)

# Invented national-brand-like names: none of them is a real trademark.
KIDORAMA = Brand("Kidorama", 1.3)
URBANEL = Brand("Urbanel", 1.35)
VOLTERRE = Brand("Volterre")
KELVYS = Brand("Kelvys", 1.25)
CARCHAN_HOME = Brand("Carchan Home", 0.8)
CARCHAN_SPORT = Brand("Carchan Sport")
DYNAFLEX = Brand("Dynaflex", 1.3)
LUDOREA = Brand("Ludoréa", 1.2)

APPLIANCE_BRANDS = (VOLTERRE, KELVYS, CARCHAN_HOME)
SPORT_BRANDS = (CARCHAN_SPORT, DYNAFLEX)
PER_LITRE: tuple[Size, ...] = (Size("au litre", 1.0, label_en="per litre", unit="l"),)
ONE_OFF = one("")

# fmt: off
# One shelf line per call: the tables read better than the formatter's layout.


def _kids(cat: str, fr: str, en: str, price: int, brands: tuple[Brand, ...] = (OWN,),
          season: str | None = None) -> BaseItem:
    return BaseItem(TEXTILE, cat, fr, en, price, kid_sizes(), brands, audience="kids",
                    season=season, variant_only=True)


def _adult(cat: str, fr: str, en: str, price: int, brands: tuple[Brand, ...] = (OWN,),
           season: str | None = None, variants: tuple[Size, ...] | None = None) -> BaseItem:
    return BaseItem(TEXTILE, cat, fr, en, price, variants or adult_sizes(), brands,
                    season=season, variant_only=True)


def _durable(cat: str, fr: str, en: str, price: int, years: float,
             variants: tuple[Size, ...] = ONE_OFF,
             brands: tuple[Brand, ...] = APPLIANCE_BRANDS, season: str | None = None) -> BaseItem:
    return BaseItem(ELECTRO, cat, fr, en, price, variants, brands,
                    lifespan_days=round(years * YEAR), season=season, variant_only=True)


def _consumable(cat: str, fr: str, en: str, price: int, packs: tuple[Size, ...],
                cycle: float, accessory_for: str | None = None,
                brands: tuple[Brand, ...] = APPLIANCE_BRANDS) -> BaseItem:
    return BaseItem(ELECTRO, cat, fr, en, price, packs, brands, cycle_days=cycle,
                    accessory_for=accessory_for)


def _sport(cat: str, fr: str, en: str, price: int, brands: tuple[Brand, ...] = SPORT_BRANDS,
           variants: tuple[Size, ...] = ONE_OFF, audience: str | None = None,
           season: str | None = None, cycle: float | None = None,
           pack: str | None = None) -> BaseItem:
    # `pack` is a real packaging ("x 4"); otherwise the sizes are variants of one article.
    return BaseItem(SPORT, cat, fr, en, price, one(pack) if pack else variants, brands,
                    audience=audience, season=season, cycle_days=cycle,
                    variant_only=pack is None)


def _fuel(cat: str, fr: str, en: str, price: int, cycle: float | None) -> BaseItem:
    # Pump prices move daily: keep them to the cent instead of shelf-style rounding.
    return BaseItem(CARBURANT, cat, fr, en, price, PER_LITRE, (OWN,), unit="l",
                    cycle_days=cycle, audience="car", exact_price=True)


def _tv(cm: int, inches: int, factor: float) -> Size:
    return Size(f'{cm} cm ({inches}")', factor, label_en=f'{inches}" ({cm} cm)')


TEXTILE_ITEMS: tuple[BaseItem, ...] = (
    _kids("manteau-enfant", "Manteau d'hiver à capuche enfant", "Kids' hooded winter coat",
          3999, (OWN, KIDORAMA), "winter"),
    _kids("manteau-enfant", "Doudoune légère enfant", "Kids' light puffer jacket", 2999,
          season="winter"),
    _kids("pantalon-enfant", "Jean slim enfant", "Kids' slim jeans", 1499, (OWN, KIDORAMA)),
    _kids("haut-enfant", "T-shirt manches courtes enfant", "Kids' short-sleeve T-shirt", 599),
    _kids("haut-enfant", "Sweat à capuche enfant", "Kids' hoodie", 1699, (OWN, KIDORAMA)),
    _kids("nuit-enfant", "Pyjama en coton enfant", "Kids' cotton pyjamas", 1299),
    _kids("bain-enfant", "Maillot de bain enfant", "Kids' swimsuit", 999, season="summer"),
    BaseItem(TEXTILE, "accessoire-enfant", "Bonnet et gants enfant", "Kids' hat and gloves set",
             999, one("taille unique"), (OWN, KIDORAMA), audience="kids", season="winter",
             variant_only=True),
    _adult("manteau-adulte", "Manteau homme en laine mélangée", "Men's wool-blend coat", 8999,
           (OWN, URBANEL), "winter"),
    _adult("manteau-adulte", "Parka femme à capuche", "Women's hooded parka", 6999,
           (OWN, URBANEL), "winter"),
    _adult("pull", "Pull col rond homme", "Men's crew-neck jumper", 2499, (OWN, URBANEL)),
    _adult("pull", "Pull col roulé femme", "Women's roll-neck jumper", 2499, (OWN, URBANEL)),
    _adult("pantalon", "Jean droit homme", "Men's straight jeans", 2999, (OWN, URBANEL)),
    _adult("pantalon", "Jean slim femme", "Women's slim jeans", 2999, (OWN, URBANEL)),
    _adult("haut", "T-shirt col rond homme", "Men's crew-neck T-shirt", 799),
    _adult("haut", "T-shirt col V femme", "Women's V-neck T-shirt", 799),
    _adult("bain", "Maillot de bain femme une pièce", "Women's one-piece swimsuit", 1999,
           season="summer"),
    _adult("chaussettes", "Chaussettes homme lot de 5", "Men's socks pack of 5", 999,
           variants=(Size("39-42", label_en="39-42"), Size("43-46", label_en="43-46"))),
    _adult("accessoire", "Écharpe en maille", "Knitted scarf", 1299, (OWN, URBANEL), "winter",
           one("taille unique")),
)

ELECTRO_ITEMS: tuple[BaseItem, ...] = (
    _durable("lecteur-dvd", "Lecteur DVD de salon HDMI", "HDMI home DVD player", 3999, 3),
    _durable("lecteur-dvd", "Lecteur DVD portable écran 10 pouces",
             "Portable DVD player 10-inch screen", 7999, 3),
    _durable("lecteur-bluray", "Lecteur Blu-ray Full HD", "Full HD Blu-ray player", 8999, 4),
    _durable("televiseur", "Téléviseur LED HD", "HD LED TV", 19999, 7, (_tv(80, 32, 1.0),)),
    _durable("televiseur", "Téléviseur LED 4K UHD", "4K UHD LED TV", 34999, 7,
             (_tv(108, 43, 1.0), _tv(126, 50, 1.3), _tv(139, 55, 1.6), _tv(164, 65, 2.3))),
    _durable("barre-de-son", "Barre de son 2.1 Bluetooth", "2.1 Bluetooth soundbar", 14999, 6),
    _durable("casque-audio", "Casque audio sans fil Bluetooth", "Wireless Bluetooth headphones",
             5999, 3),
    _durable("enceinte", "Enceinte portable Bluetooth étanche",
             "Waterproof portable Bluetooth speaker", 4999, 4, season="summer"),
    _durable("radio", "Radio-réveil FM", "FM clock radio", 2999, 6),
    _durable("aspirateur-traineau", "Aspirateur traîneau avec sac", "Bagged cylinder vacuum",
             12999, 6),
    _durable("aspirateur-traineau", "Aspirateur traîneau sans sac cyclonique",
             "Bagless cyclonic cylinder vacuum", 14999, 6),
    _durable("aspirateur-balai", "Aspirateur balai sans fil", "Cordless stick vacuum", 19999, 5),
    _durable("robot-aspirateur", "Robot aspirateur connecté", "Connected robot vacuum", 24999,
             5),
    # One bag lasts about three weeks in a flat, so a pack of 5 about three months.
    _consumable("sacs-aspirateur", "Sacs aspirateur traîneau", "Cylinder vacuum bags", 999,
                sizes(("x 5", 1.0), ("x 10", 1.8, 2)), 90, "aspirateur-traineau"),
    _durable("autocuiseur", "Autocuiseur inox", "Stainless steel pressure cooker", 6999, 10,
             sizes(("6 L", 1.0), ("8 L", 1.2))),
    _consumable("joint-autocuiseur", "Joint de rechange pour autocuiseur",
                "Pressure cooker replacement gasket", 1299, ONE_OFF, 365, "autocuiseur"),
    _durable("bouilloire", "Bouilloire électrique 1,7 L", "1.7 L electric kettle", 2999, 4),
    _durable("machine-cafe", "Machine à expresso avec broyeur", "Bean-to-cup espresso machine",
             39999, 6),
    _durable("machine-cafe", "Cafetière filtre programmable", "Programmable filter coffee maker",
             4999, 5),
    _durable("machine-cafe", "Machine à café à capsules", "Capsule coffee machine", 7999, 5),
    _consumable("detartrant", "Détartrant cafetière et bouilloire", "Coffee machine descaler",
                699, one("250 ml"), 90, "machine-cafe", (VOLTERRE, CARCHAN_HOME)),
    _durable("micro-ondes", "Four micro-ondes", "Microwave oven", 8999, 8,
             sizes(("20 L", 1.0), ("25 L grill", 1.45))),
    _durable("lave-linge", "Lave-linge hublot", "Front-loading washing machine", 39999, 10,
             sizes(("8 kg", 1.0), ("9 kg", 1.12))),
    _durable("lave-vaisselle", "Lave-vaisselle 13 couverts", "13-place dishwasher", 42999, 10),
    _durable("refrigerateur", "Réfrigérateur combiné 300 L", "300 L fridge freezer", 49999, 11),
    _durable("grille-pain", "Grille-pain 2 fentes", "Two-slot toaster", 2499, 5),
    _durable("fer-a-repasser", "Fer à repasser vapeur", "Steam iron", 3999, 5),
    _durable("seche-cheveux", "Sèche-cheveux 2000 W", "2000 W hair dryer", 2999, 5),
    _durable("robot-cuisine", "Robot pâtissier multifonction", "Stand mixer", 24999, 8),
    _durable("robot-cuisine", "Blender 1,5 L", "1.5 L blender", 4999, 5),
    _durable("ventilateur", "Ventilateur colonne", "Tower fan", 4999, 6, season="summer"),
    _durable("radiateur", "Radiateur bain d'huile", "Oil-filled radiator", 6999, 8,
             season="winter"),
    _consumable("piles", "Piles alcalines AA LR6", "AA LR6 alkaline batteries", 699,
                sizes(("x 8", 1.0), ("x 16", 1.7, 2)), 90, brands=(VOLTERRE, CARCHAN_HOME)),
    _consumable("piles", "Piles alcalines AAA LR03", "AAA LR03 alkaline batteries", 699,
                one("x 8"), 120, brands=(VOLTERRE, CARCHAN_HOME)),
    _consumable("ampoules", "Ampoules LED E27 équivalent 60 W", "LED E27 bulbs 60 W equivalent",
                599, one("x 2"), 365, brands=(VOLTERRE, CARCHAN_HOME)),
)

SPORT_ITEMS: tuple[BaseItem, ...] = (
    _sport("ballon-football", "Ballon de football", "Football", 999,
           variants=sizes(("taille 3", 1.0), ("taille 4", 1.1), ("taille 5", 1.2))),
    # A collector's item: one per household, never repurchased.
    _sport("ballon-football-dedicace", "Ballon de football dédicacé édition collector",
           "Signed collector's edition football", 4999, (CARCHAN_SPORT,)),
    _sport("maillot-football", "Maillot de football enfant", "Kids' football shirt", 1999,
           (CARCHAN_SPORT,), kid_sizes(first=1), "kids"),
    _sport("ballon", "Ballon de basket taille 7", "Size 7 basketball", 1499),
    _sport("ballon", "Ballon de volley de plage", "Beach volleyball", 999, season="summer"),
    _sport("raquette", "Set de badminton 2 raquettes et volants", "Badminton set", 1999,
           season="summer"),
    _sport("raquette", "Raquette de tennis adulte", "Adult tennis racket", 3999),
    _sport("balles", "Balles de tennis", "Tennis balls", 599, pack="x 4", cycle=90),
    _sport("velo", "Vélo enfant 16 pouces", "16-inch kids' bike", 12999, audience="kids"),
    _sport("velo", "Vélo enfant 20 pouces", "20-inch kids' bike", 15999, audience="kids"),
    _sport("velo", "Casque de vélo enfant", "Kids' bike helmet", 1999, audience="kids"),
    _sport("glisse", "Trottinette pliable enfant", "Kids' folding scooter", 3999,
           audience="kids"),
    _sport("glisse", "Luge enfant", "Kids' sledge", 1999, (CARCHAN_SPORT,), audience="kids",
           season="winter"),
    _sport("fitness", "Tapis de yoga 6 mm", "6 mm yoga mat", 1499),
    _sport("fitness", "Haltères 2 x 5 kg", "Dumbbells 2 x 5 kg", 3999),
    _sport("fitness", "Corde à sauter", "Skipping rope", 699),
    _sport("fitness", "Gourde isotherme 50 cl", "Insulated bottle 50 cl", 1299),
    _sport("camping", "Tente dôme 3 places", "Three-person dome tent", 5999, season="summer"),
    _sport("camping", "Sac de couchage 10 °C", "Sleeping bag 10 °C", 2999),
    _sport("plein-air", "Piscine gonflable familiale", "Family inflatable pool", 3999,
           (CARCHAN_SPORT,), audience="kids", season="summer"),
    _sport("barbecue", "Barbecue à charbon sur roulettes", "Wheeled charcoal barbecue", 4999,
           (CARCHAN_SPORT,), season="summer"),
    _sport("barbecue", "Charbon de bois", "Lumpwood charcoal", 799, (CARCHAN_SPORT,),
           season="summer", cycle=21, pack="5 kg"),
    _sport("plein-air", "Parasol de plage", "Beach umbrella", 1999, season="summer"),
    _sport("jeux", "Jeu de société Les Explorateurs du Trésor", "Treasure explorers board game",
           2499, (LUDOREA,), audience="kids"),
    _sport("jeux", "Puzzle paysage 1000 pièces", "1000-piece landscape puzzle", 1299,
           (LUDOREA,)),
    _sport("jeux", "Jeu de 54 cartes", "Deck of 54 playing cards", 299, (OWN, LUDOREA)),
    _sport("loisirs-creatifs", "Crayons de couleur", "Colouring pencils", 499, (OWN, LUDOREA),
           audience="kids", pack="x 24"),
)

CARBURANT_ITEMS: tuple[BaseItem, ...] = (
    _fuel("gazole", "Gazole", "Diesel", 172, 14),
    _fuel("gazole", "Gazole premium", "Premium diesel", 184, 14),
    _fuel("sp95-e10", "SP95-E10", "Unleaded 95 E10", 179, 14),
    _fuel("sp95", "SP95", "Unleaded 95", 185, 14),
    _fuel("sp98", "SP98", "Super unleaded 98", 189, 14),
    _fuel("e85", "E85 superéthanol", "E85 bioethanol", 84, 10),
    _fuel("gpl", "GPL carburant", "LPG autogas", 105, 10),
)
# fmt: on
