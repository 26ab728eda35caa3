"""Base items of the butcher, fishmonger and frozen aisles of the Carchan demo catalog."""

from __future__ import annotations

from assistant.demo.catalog_types import (
    BIO,
    BOUCHERIE,
    ESSENTIEL,
    HALAL,
    OWN,
    POISSONNERIE,
    SURGELES,
    VEGAN_GF,
    VEGETARIAN,
    BaseItem,
    Brand,
    one,
    sizes,
)

# Invented national-brand-like names: none of them is a real trademark.
SORNAC = Brand("Volailles de Sornac", 1.2)
SORLIERE = Brand("Ferme de la Sorlière", 1.25)
KERBALEON = Brand("Pêcheries Kerbaléon", 1.3)
GIVRELLE = Brand("Givrelle", 1.35)

GF = ("gluten-free",)
FISH = ("poisson",)
POULTRY = (OWN, BIO, SORNAC)
MEAT = (OWN, BIO, SORLIERE)

# fmt: off
# One shelf line per call: the tables read better than the formatter's layout.


def _meat(
    cat: str, fr: str, en: str, price: int, pack: str, shelf: int, cycle: float | None,
    brands: tuple[Brand, ...] = MEAT, season: str | None = None,
) -> BaseItem:
    return BaseItem(
        BOUCHERIE, cat, fr, en, price, one(pack), brands, shelf_life_days=shelf,
        cycle_days=cycle, season=season, diet_tags=GF,
    )


def _fish(
    cat: str, fr: str, en: str, price: int, pack: str, shelf: int, cycle: float | None,
    season: str | None = None, allergens: tuple[str, ...] = FISH,
    brands: tuple[Brand, ...] = (OWN, KERBALEON),
) -> BaseItem:
    return BaseItem(
        POISSONNERIE, cat, fr, en, price, one(pack), brands, shelf_life_days=shelf,
        cycle_days=cycle, season=season, diet_tags=GF, allergens=allergens,
    )


BOUCHERIE_ITEMS: tuple[BaseItem, ...] = (
    # Guinea fowl is a Sunday or festive roast: bought about once a month.
    _meat("pintade", "Pintade fermière Label Rouge", "Label Rouge free-range guinea fowl",
          1299, "env. 1,4 kg", 7, 30, (OWN, SORNAC)),
    _meat("pintade", "Cuisses de pintade fermière", "Free-range guinea fowl legs", 799,
          "x 2", 6, 30, (OWN, SORNAC)),
    _meat("pintade", "Suprêmes de pintade", "Guinea fowl suprêmes", 999, "x 2", 6, 45,
          (OWN, SORNAC)),
    _meat("poulet", "Poulet fermier Label Rouge", "Label Rouge free-range chicken", 1099,
          "env. 1,5 kg", 7, 14, POULTRY),
    _meat("poulet", "Filets de poulet", "Chicken breast fillets", 599, "x 2", 6, 7,
          (OWN, BIO, SORNAC, HALAL)),
    _meat("poulet", "Cuisses de poulet", "Chicken legs", 499, "x 4", 6, 10, POULTRY),
    _meat("poulet", "Aiguillettes de poulet", "Chicken mini fillets", 549, "300 g", 6, 10,
          (OWN, HALAL)),
    _meat("poulet", "Poulet entier prêt à cuire", "Whole oven-ready chicken", 799,
          "env. 1,3 kg", 7, 14, (ESSENTIEL, HALAL)),
    _meat("dinde", "Escalopes de dinde", "Turkey escalopes", 549, "x 2", 6, 10,
          (OWN, SORNAC, HALAL)),
    _meat("canard", "Magret de canard du Sud-Ouest IGP", "South-West duck breast PGI", 1099,
          "env. 400 g", 10, 30, (OWN, SORNAC)),
    _meat("canard", "Chapon fermier", "Free-range capon", 3499, "env. 3 kg", 7, None,
          (OWN, SORNAC), "winter"),
    _meat("boeuf", "Steaks hachés 5 % MG", "Lean beef burgers 5% fat", 449, "2 x 125 g", 6, 7,
          (OWN, BIO, SORLIERE, HALAL)),
    _meat("boeuf", "Steaks hachés 15 % MG", "Beef burgers 15% fat", 849, "10 x 100 g", 6, 14,
          (OWN, ESSENTIEL, HALAL)),
    _meat("boeuf-bourguignon", "Boeuf bourguignon à mijoter", "Beef for bourguignon stew",
          1399, "1 kg", 5, 30, MEAT, "winter"),
    _meat("boeuf", "Pot-au-feu assortiment", "Pot-au-feu beef cuts", 1199, "1 kg", 5, 30,
          MEAT, "winter"),
    _meat("boeuf", "Entrecôtes", "Rib-eye steaks", 1399, "2 x 250 g", 5, 21),
    _meat("boeuf", "Rôti de boeuf", "Beef roast", 1699, "env. 800 g", 6, 30),
    _meat("boeuf", "Bavette d'aloyau", "Flank steak", 999, "2 x 150 g", 5, 14),
    _meat("porc", "Côtes de porc échine", "Pork spare rib chops", 599, "x 4", 6, 14),
    _meat("porc", "Rôti de porc dans le filet", "Pork loin roast", 899, "1 kg", 6, 21),
    _meat("porc", "Filet mignon de porc", "Pork tenderloin", 899, "env. 500 g", 6, 21),
    _meat("saucisse", "Saucisses de Toulouse", "Toulouse sausages", 499, "x 6", 8, 14),
    _meat("barbecue", "Chipolatas", "Chipolatas", 549, "x 12", 8, 10, MEAT, "summer"),
    _meat("barbecue", "Merguez", "Merguez sausages", 549, "x 12", 8, 10,
          (OWN, HALAL), "summer"),
    _meat("barbecue", "Brochettes de boeuf marinées", "Marinated beef skewers", 799, "x 4",
          5, 14, (OWN, HALAL), "summer"),
    _meat("agneau", "Gigot d'agneau", "Leg of lamb", 2199, "env. 1,8 kg", 6, None,
          (OWN, SORLIERE, HALAL)),
    _meat("agneau", "Côtelettes d'agneau", "Lamb cutlets", 1299, "x 6", 6, 30,
          (OWN, SORLIERE, HALAL)),
    _meat("veau", "Escalopes de veau", "Veal escalopes", 1199, "x 2", 5, 21),
    _meat("veau", "Blanquette de veau", "Veal for blanquette", 1699, "1 kg", 5, 30, MEAT,
          "winter"),
)

POISSONNERIE_ITEMS: tuple[BaseItem, ...] = (
    _fish("saumon", "Pavés de saumon Atlantique", "Atlantic salmon fillets", 799, "2 x 125 g",
          5, 10, brands=(OWN, BIO, KERBALEON)),
    _fish("saumon", "Filet de saumon", "Salmon fillet", 1999, "env. 800 g", 4, None),
    _fish("saumon-fume", "Saumon fumé Atlantique", "Smoked Atlantic salmon", 599,
          "4 tranches", 21, 14, brands=(OWN, BIO, KERBALEON)),
    _fish("saumon-fume", "Saumon fumé Atlantique grand format", "Smoked salmon large pack",
          1099, "8 tranches", 21, 21, "winter"),
    _fish("poisson-fume", "Truite fumée", "Smoked trout", 549, "4 tranches", 21, 21),
    _fish("poisson-fume", "Filets de maquereau fumés", "Smoked mackerel fillets", 349,
          "250 g", 21, 21),
    _fish("poisson-blanc", "Dos de cabillaud", "Cod loin", 1099, "2 x 140 g", 4, 14),
    _fish("poisson-blanc", "Filets de colin d'Alaska", "Alaska pollock fillets", 699,
          "400 g", 4, 14),
    _fish("poisson-blanc", "Filets de lieu noir", "Coley fillets", 749, "400 g", 4, 14),
    _fish("poisson-blanc", "Filet de merlu", "Hake fillet", 899, "350 g", 4, 21),
    _fish("poisson-entier", "Dorade royale entière", "Whole gilthead sea bream", 899,
          "env. 400 g", 3, 30),
    _fish("poisson-entier", "Bar de ligne entier", "Whole line-caught sea bass", 1499,
          "env. 500 g", 3, 30),
    _fish("poisson-entier", "Sardines fraîches", "Fresh sardines", 599, "500 g", 2, 30,
          "summer"),
    _fish("thon", "Steaks de thon albacore", "Yellowfin tuna steaks", 1299, "2 x 150 g", 3,
          21, "summer"),
    _fish("crustaces", "Crevettes roses cuites", "Cooked pink prawns", 549, "200 g", 5, 14,
          allergens=("crustaces",)),
    _fish("crustaces", "Gambas crues", "Raw king prawns", 999, "500 g", 3, 30, "summer",
          allergens=("crustaces",)),
    _fish("coquillages", "Moules de bouchot", "Rope-grown mussels", 599, "1,4 kg", 4, 21,
          allergens=("mollusques",)),
    _fish("coquillages", "Huîtres creuses de Marennes-Oléron n°3", "Marennes-Oléron oysters",
          1299, "x 12", 7, 30, "winter", ("mollusques",)),
    _fish("coquillages", "Noix de Saint-Jacques", "Scallops", 1799, "250 g", 3, None,
          "winter", ("mollusques",)),
    BaseItem(
        POISSONNERIE, "traiteur-mer", "Bâtonnets de surimi", "Surimi sticks", 229, one("x 16"),
        (OWN, KERBALEON), shelf_life_days=30, cycle_days=10,
        allergens=("poisson", "oeuf", "gluten", "crustaces"),
    ),
    BaseItem(
        POISSONNERIE, "traiteur-mer", "Rillettes de saumon", "Salmon rillettes", 299,
        one("125 g"), (OWN, KERBALEON), shelf_life_days=21, cycle_days=21,
        allergens=("poisson", "lait"),
    ),
)

SURGELES_ITEMS: tuple[BaseItem, ...] = (
    BaseItem(
        SURGELES, "pizza", "Pizza 4 fromages", "Four-cheese pizza", 299, one("400 g"),
        (OWN, GIVRELLE, ESSENTIEL), shelf_life_days=270, cycle_days=10,
        diet_tags=VEGETARIAN, allergens=("gluten", "lait"),
    ),
    BaseItem(
        SURGELES, "pizza", "Pizza jambon emmental", "Ham and Emmental pizza", 299,
        one("400 g"), (OWN, GIVRELLE), shelf_life_days=270, cycle_days=10,
        allergens=("gluten", "lait"),
    ),
    BaseItem(
        SURGELES, "frites", "Frites allumettes", "French fries", 199,
        sizes(("1 kg", 1.0), ("2,5 kg", 2.2, 2.5)), (OWN, GIVRELLE, ESSENTIEL),
        shelf_life_days=365, cycle_days=14, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "frites", "Pommes de terre rissolées", "Roast potato cubes", 229,
        one("750 g"), (OWN, GIVRELLE), shelf_life_days=365, cycle_days=21,
        diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "legumes-surgeles", "Haricots verts extra-fins", "Frozen fine green beans",
        249, one("1 kg"), (OWN, BIO, GIVRELLE), shelf_life_days=365, cycle_days=14,
        diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "legumes-surgeles", "Épinards hachés", "Chopped spinach", 199, one("1 kg"),
        (OWN, BIO, GIVRELLE), shelf_life_days=365, cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "legumes-surgeles", "Petits pois extra-fins", "Frozen garden peas", 229,
        one("1 kg"), (OWN, GIVRELLE), shelf_life_days=365, cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "legumes-surgeles", "Poêlée de légumes grillés", "Grilled vegetable mix",
        279, one("750 g"), (OWN, BIO, GIVRELLE), shelf_life_days=365, cycle_days=14,
        diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "poisson-surgele", "Poissons panés", "Breaded fish fingers", 299,
        one("x 10"), (OWN, GIVRELLE), audience="kids", shelf_life_days=365, cycle_days=14,
        allergens=("gluten", "poisson"),
    ),
    BaseItem(
        SURGELES, "viande-surgelee", "Nuggets de poulet", "Chicken nuggets", 399, one("500 g"),
        (OWN, GIVRELLE, HALAL), audience="kids", shelf_life_days=365, cycle_days=14,
        allergens=("gluten",),
    ),
    BaseItem(
        SURGELES, "viande-surgelee", "Steaks hachés surgelés 15 % MG", "Frozen beef burgers",
        699, one("10 x 100 g"), (OWN, ESSENTIEL, HALAL), shelf_life_days=365, cycle_days=21,
        diet_tags=GF,
    ),
    BaseItem(
        SURGELES, "plat-cuisine", "Lasagnes à la bolognaise", "Beef lasagne", 449, one("1 kg"),
        (OWN, GIVRELLE), shelf_life_days=365, cycle_days=21,
        allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        SURGELES, "plat-cuisine", "Hachis parmentier", "Cottage pie", 429, one("1 kg"),
        (OWN, GIVRELLE), season="winter", shelf_life_days=365, cycle_days=21,
        allergens=("lait",),
    ),
    BaseItem(
        SURGELES, "viennoiserie-surgelee", "Croissants pur beurre à cuire",
        "Bake-at-home butter croissants", 349, one("x 10"), (OWN, GIVRELLE),
        shelf_life_days=270, cycle_days=14, diet_tags=VEGETARIAN,
        allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        SURGELES, "fruits-surgeles", "Framboises", "Frozen raspberries", 349, one("500 g"),
        (OWN, BIO), shelf_life_days=365, cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "glace", "Cônes glacés vanille", "Vanilla ice cream cones", 349, one("x 6"),
        (OWN, GIVRELLE), season="summer", shelf_life_days=540, cycle_days=10,
        diet_tags=VEGETARIAN, allergens=("gluten", "lait"),
    ),
    BaseItem(
        SURGELES, "glace", "Crème glacée vanille de Madagascar", "Madagascar vanilla ice cream",
        399, one("1 L"), (OWN, BIO, GIVRELLE), season="summer", shelf_life_days=540,
        cycle_days=14, diet_tags=VEGETARIAN,
        allergens=("lait", "oeuf"),
    ),
    BaseItem(
        SURGELES, "glace", "Sorbet citron", "Lemon sorbet", 349, one("1 L"),
        (OWN, GIVRELLE), season="summer", shelf_life_days=540, cycle_days=14,
        diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "glace", "Bâtonnets glacés aux fruits", "Fruit ice lollies", 299,
        one("x 10"), (OWN, GIVRELLE), audience="kids", season="summer",
        shelf_life_days=540, cycle_days=10, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        SURGELES, "glace", "Bûche glacée vanille-framboise", "Vanilla raspberry ice cream log",
        799, one("900 ml"), (OWN, GIVRELLE), season="winter", shelf_life_days=540,
        diet_tags=VEGETARIAN, allergens=("lait", "oeuf"),
    ),
)
# fmt: on
