"""Base items of the drinks and alcohol aisles of the Carchan demo catalog."""

from __future__ import annotations

from assistant.demo.catalog_types import (
    ALCOOL,
    BIO,
    BOISSONS,
    ESSENTIEL,
    OWN,
    SULFITES,
    VEGAN,
    VEGAN_GF,
    VEGETARIAN,
    BaseItem,
    Brand,
    one,
    sizes,
)

# Invented brand names (wine estates included): none of them is a real trademark.
ORMEAUX = Brand("Source des Ormeaux", 1.4)
AQUAVEL = Brand("Aquavel", 1.5)
VERGERS = Brand("Vergers de Pramont", 1.4)
FIZZORA = Brand("Fizzora", 1.6)
SELECTION = Brand("Carchan Sélection")
LAVERDIERE = Brand("Château Laverdière", 1.5)
SORBIERS = Brand("Domaine des Sorbiers", 1.25)
KERVAL = Brand("Brasserie Kerval", 1.35)
CLOCHERS = Brand("Brasserie des Trois Clochers", 1.5)
BOCAGE = Brand("Cidrerie du Bocage", 1.3)
AUBERTIN = Brand("Maison Aubertin", 1.45)


# fmt: off
# One shelf line per call: the tables read better than the formatter's layout.
def _wine(fr: str, en: str, price: int, season: str | None = None) -> BaseItem:
    return BaseItem(
        ALCOOL, "vin", fr, en, price, one("75 cl"), (SELECTION, SORBIERS, LAVERDIERE),
        cycle_days=10, season=season, diet_tags=VEGETARIAN, allergens=SULFITES,
    )


_WATER_SIZES = sizes(("1,5 L", 1.0, 1), ("6 x 1,5 L", 5.0, 6))
_SODA_SIZES = sizes(("1,5 L", 1.0), ("6 x 33 cl", 1.9, 1.3))
_JUICE_SIZES = sizes(("1 L", 1.0), ("6 x 1 L", 5.4, 6))

BOISSONS_ITEMS: tuple[BaseItem, ...] = (
    BaseItem(
        BOISSONS, "eau", "Eau minérale naturelle", "Natural mineral water", 49, _WATER_SIZES,
        (OWN, ORMEAUX, ESSENTIEL), cycle_days=2, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "eau", "Eau de source", "Spring water", 35, _WATER_SIZES, (OWN, ORMEAUX),
        cycle_days=2, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "eau", "Eau minérale gazeuse", "Sparkling mineral water", 69,
        sizes(("1 L", 1.0), ("6 x 1 L", 5.2, 6)), (OWN, AQUAVEL), cycle_days=4,
        diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "jus", "Pur jus d'orange sans pulpe", "Orange juice, no pulp", 199,
        _JUICE_SIZES, (OWN, BIO, VERGERS), cycle_days=5, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "jus", "Pur jus de pomme", "Apple juice", 169, _JUICE_SIZES,
        (OWN, BIO, VERGERS), cycle_days=6, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "jus", "Jus multifruits", "Multifruit juice", 179, one("1 L"),
        (OWN, VERGERS, ESSENTIEL), cycle_days=6, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "jus", "Nectar d'abricot", "Apricot nectar", 189, one("1 L"), (OWN, VERGERS),
        cycle_days=10, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "soda", "Soda au cola", "Cola soft drink", 139, _SODA_SIZES,
        (OWN, FIZZORA, ESSENTIEL), cycle_days=7, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "soda", "Soda au cola zéro sucres", "Zero sugar cola", 139, _SODA_SIZES,
        (OWN, FIZZORA), cycle_days=7, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "soda", "Limonade", "Lemonade", 99, one("1,5 L"), (OWN, FIZZORA),
        cycle_days=10, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "soda", "Soda à l'orange", "Orange soda", 149, one("1,5 L"), (OWN, FIZZORA),
        cycle_days=10, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "the-glace", "Thé glacé saveur pêche", "Peach iced tea", 159, one("1,5 L"),
        (OWN, FIZZORA), season="summer", cycle_days=5, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "sirop", "Sirop de grenadine", "Grenadine syrup", 199, one("75 cl"),
        (OWN, VERGERS), audience="kids", cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "sirop", "Sirop de menthe", "Mint syrup", 199, one("75 cl"), (OWN, VERGERS),
        season="summer", cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        BOISSONS, "boisson-vegetale", "Boisson à l'avoine", "Oat drink", 179, one("1 L"),
        (OWN, BIO), cycle_days=5, diet_tags=("vegetarian", "vegan", "lactose-free"),
        allergens=("gluten",),
    ),
    BaseItem(
        BOISSONS, "boisson-vegetale", "Boisson à l'amande", "Almond drink", 219, one("1 L"),
        (BIO,), cycle_days=5, diet_tags=("vegetarian", "vegan", "lactose-free", "gluten-free"),
        allergens=("fruits-a-coque",),
    ),
    BaseItem(
        BOISSONS, "biere-sans-alcool", "Bière blonde sans alcool", "Alcohol-free lager", 399,
        one("6 x 25 cl"), (OWN, KERVAL), cycle_days=14, diet_tags=VEGAN,
        allergens=("gluten",),
    ),
)

ALCOOL_ITEMS: tuple[BaseItem, ...] = (
    _wine("Bordeaux rouge AOP", "Bordeaux red wine PDO", 449),
    _wine("Bordeaux Supérieur rouge AOP", "Bordeaux Supérieur red wine PDO", 599),
    _wine("Médoc rouge AOP", "Médoc red wine PDO", 799),
    _wine("Saint-Émilion Grand Cru AOP", "Saint-Émilion Grand Cru red wine", 1499),
    _wine("Bordeaux blanc sec AOP", "Dry white Bordeaux PDO", 499),
    _wine("Côtes du Rhône rouge AOP", "Côtes du Rhône red wine PDO", 399),
    _wine("Bourgogne Pinot noir AOP", "Burgundy Pinot Noir PDO", 999),
    _wine("Beaujolais-Villages AOP", "Beaujolais-Villages red wine PDO", 599),
    _wine("Chablis AOP", "Chablis white wine PDO", 1199),
    _wine("Alsace Riesling AOP", "Alsace Riesling PDO", 699),
    _wine("Muscadet Sèvre et Maine sur lie AOP", "Muscadet Sèvre et Maine PDO", 499),
    _wine("Sancerre blanc AOP", "Sancerre white wine PDO", 1399),
    _wine("Vouvray demi-sec AOP", "Vouvray medium-dry PDO", 899),
    _wine("Cahors rouge AOP", "Cahors red wine PDO", 649),
    _wine("Languedoc rouge AOP", "Languedoc red wine PDO", 449),
    _wine("Côtes de Provence rosé AOP", "Côtes de Provence rosé PDO", 699, "summer"),
    _wine("Rosé d'Anjou AOP", "Rosé d'Anjou PDO", 399, "summer"),
    _wine("Côtes de Gascogne blanc IGP", "Côtes de Gascogne white PGI", 449, "summer"),
    BaseItem(
        ALCOOL, "champagne", "Champagne brut", "Brut Champagne", 2299, one("75 cl"),
        (SELECTION, AUBERTIN), cycle_days=60, diet_tags=VEGETARIAN, allergens=SULFITES,
    ),
    BaseItem(
        ALCOOL, "champagne", "Champagne rosé brut", "Brut rosé Champagne", 2799, one("75 cl"),
        (SELECTION, AUBERTIN), cycle_days=90, diet_tags=VEGETARIAN, allergens=SULFITES,
    ),
    BaseItem(
        ALCOOL, "cremant", "Crémant d'Alsace brut AOP", "Crémant d'Alsace brut", 799,
        one("75 cl"), (SELECTION, SORBIERS), cycle_days=45, allergens=SULFITES,
    ),
    BaseItem(
        ALCOOL, "cremant", "Crémant de Loire brut AOP", "Crémant de Loire brut", 849,
        one("75 cl"), (SELECTION, SORBIERS), cycle_days=45, allergens=SULFITES,
    ),
    BaseItem(
        ALCOOL, "biere", "Bière blonde", "Lager beer", 349,
        sizes(("6 x 25 cl", 1.0), ("20 x 25 cl", 2.9, 3.3)), (OWN, KERVAL, CLOCHERS),
        cycle_days=14, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        ALCOOL, "biere", "Bière blanche", "Wheat beer", 429, one("6 x 25 cl"),
        (OWN, KERVAL, CLOCHERS), season="summer", cycle_days=14, diet_tags=VEGAN,
        allergens=("gluten",),
    ),
    BaseItem(
        ALCOOL, "biere", "Bière ambrée de garde", "Amber bière de garde", 329, one("75 cl"),
        (KERVAL, CLOCHERS), season="winter", cycle_days=21, allergens=("gluten",),
    ),
    BaseItem(
        ALCOOL, "biere", "Bière IPA", "IPA beer", 249, one("33 cl"), (KERVAL, CLOCHERS),
        cycle_days=14, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        ALCOOL, "cidre", "Cidre brut de Normandie", "Normandy dry cider", 299, one("75 cl"),
        (OWN, BOCAGE), cycle_days=30, diet_tags=VEGAN_GF, allergens=SULFITES,
    ),
    BaseItem(
        ALCOOL, "cidre", "Cidre doux", "Sweet cider", 269, one("75 cl"), (OWN, BOCAGE, BIO),
        cycle_days=30, diet_tags=VEGAN_GF, allergens=SULFITES,
    ),
    BaseItem(
        ALCOOL, "spiritueux", "Pastis de Marseille", "Pastis", 1899, one("70 cl"),
        (SELECTION, AUBERTIN), season="summer", cycle_days=60,
    ),
    BaseItem(
        ALCOOL, "spiritueux", "Whisky écossais blended", "Blended Scotch whisky", 1699,
        one("70 cl"), (SELECTION, AUBERTIN), cycle_days=90,
    ),
    BaseItem(
        ALCOOL, "spiritueux", "Rhum ambré", "Amber rum", 1599, one("70 cl"),
        (SELECTION, AUBERTIN), cycle_days=90,
    ),
)
# fmt: on
