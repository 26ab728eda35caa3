"""Base items of the fresh aisles (frais, fruits et légumes) of the Carchan demo catalog."""

from __future__ import annotations

from assistant.demo.catalog_types import (
    BIO,
    ESSENTIEL,
    FRAIS,
    FRUITS_LEGUMES,
    HALAL,
    OWN,
    PER_KG,
    VEGAN,
    VEGAN_GF,
    VEGETARIAN,
    BaseItem,
    Brand,
    Size,
    one,
    sizes,
)

# Invented national-brand-like names: none of them is a real trademark.
ORNAY = Brand("Laiterie du Val d'Ornay", 1.3)
BERGERE = Brand("Prés de Bergère", 1.4)
MONT_BERGERE = Brand("Fromagerie Mont Bergère", 1.35)
BRETELLE = Brand("Maison Brételle", 1.35)
FOURNIL = Brand("Le Fournil Carchan")
VERGERS_SORNAC = Brand("Vergers de Sornac", 1.15)

DAIRY_GF = ("vegetarian", "gluten-free")
MILK = ("lait",)
CHEESE_BRANDS = (OWN, MONT_BERGERE)
FV_BRANDS = (OWN, BIO)
FRUIT_BRANDS = (OWN, BIO, VERGERS_SORNAC)

# fmt: off
# One shelf line per call: the tables read better than the formatter's layout.


def _cheese(fr: str, en: str, price: int, pack: str, season: str | None = None) -> BaseItem:
    # AOP cheeses keep about three weeks and a two-person household opens one a week.
    return BaseItem(
        FRAIS, "fromage", fr, en, price, one(pack), CHEESE_BRANDS, shelf_life_days=21,
        cycle_days=10, season=season, diet_tags=DAIRY_GF, allergens=MILK,
    )


def _fv(
    cat: str, fr: str, en: str, price: int, shelf: int, cycle: float,
    season: str | None = None, packs: tuple[Size, ...] = PER_KG,
    brands: tuple[Brand, ...] = FV_BRANDS,
) -> BaseItem:
    unit = "kg" if packs is PER_KG else "piece"
    return BaseItem(
        FRUITS_LEGUMES, cat, fr, en, price, packs, brands, unit=unit, shelf_life_days=shelf,
        cycle_days=cycle, season=season, diet_tags=VEGAN_GF,
    )


FRAIS_ITEMS: tuple[BaseItem, ...] = (
    BaseItem(
        FRAIS, "lait", "Lait demi-écrémé UHT", "Semi-skimmed UHT milk", 99,
        sizes(("1 L", 1.0), ("6 x 1 L", 5.5, 6)), (OWN, BIO, ORNAY, ESSENTIEL), unit="l",
        shelf_life_days=90, cycle_days=4, diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "lait", "Lait entier UHT", "Whole UHT milk", 115,
        sizes(("1 L", 1.0), ("6 x 1 L", 5.5, 6)), (OWN, BIO, ORNAY), unit="l",
        shelf_life_days=90, cycle_days=5, diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "lait", "Lait écrémé UHT", "Skimmed UHT milk", 95, one("1 L"), (OWN, ORNAY),
        unit="l", shelf_life_days=90, cycle_days=5, diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "lait", "Lait frais microfiltré demi-écrémé", "Fresh microfiltered milk", 129,
        one("1 L"), (OWN, BIO, ORNAY), unit="l", shelf_life_days=12, cycle_days=4,
        diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "lait", "Lait demi-écrémé sans lactose", "Lactose-free semi-skimmed milk", 155,
        one("1 L"), (OWN, ORNAY), unit="l", shelf_life_days=90, cycle_days=4,
        diet_tags=("vegetarian", "gluten-free", "lactose-free"), allergens=MILK,
    ),
    BaseItem(
        FRAIS, "yaourt", "Yaourts nature", "Plain yogurts", 119,
        sizes(("4 x 125 g", 1.0), ("8 x 125 g", 1.8, 2), ("16 x 125 g", 3.3, 4)),
        (OWN, BIO, BERGERE), shelf_life_days=28, cycle_days=5, diet_tags=DAIRY_GF,
        allergens=MILK,
    ),
    BaseItem(
        FRAIS, "yaourt", "Yaourts aux fruits mixés", "Blended fruit yogurts", 229,
        one("8 x 125 g"), (OWN, BIO, BERGERE), shelf_life_days=28, cycle_days=6,
        diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "yaourt", "Yaourts à la grecque", "Greek-style yogurts", 219, one("4 x 150 g"),
        (OWN, BERGERE), shelf_life_days=28, cycle_days=7, diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "yaourt", "Yaourts brassés à la vanille", "Stirred vanilla yogurts", 189,
        one("4 x 125 g"), (OWN, BIO, BERGERE), shelf_life_days=28, cycle_days=6,
        diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "dessert-lacte", "Petits suisses nature", "Petit-suisse fresh cheeses", 179,
        one("6 x 60 g"), (OWN, BERGERE), audience="kids", shelf_life_days=21, cycle_days=5,
        diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "dessert-lacte", "Crèmes dessert au chocolat", "Chocolate dessert creams", 169,
        one("4 x 125 g"), (OWN, BERGERE), audience="kids", shelf_life_days=30, cycle_days=6,
        diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "fromage-blanc", "Fromage blanc 3,2 % MG", "Fromage blanc 3.2% fat", 199,
        one("1 kg"), (OWN, BIO, BERGERE), shelf_life_days=25, cycle_days=7,
        diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "beurre", "Beurre doux", "Unsalted butter", 259,
        sizes(("250 g", 1.0), ("500 g", 1.9, 2)), (OWN, BIO, ORNAY), shelf_life_days=60,
        cycle_days=14, diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "beurre", "Beurre demi-sel", "Lightly salted butter", 269, one("250 g"),
        (OWN, BIO, ORNAY), shelf_life_days=60, cycle_days=14, diet_tags=DAIRY_GF,
        allergens=MILK,
    ),
    BaseItem(
        FRAIS, "creme", "Crème fraîche épaisse 30 % MG", "Thick crème fraîche 30% fat", 149,
        sizes(("20 cl", 1.0), ("50 cl", 2.1, 2.5)), (OWN, BIO, ORNAY), shelf_life_days=30,
        cycle_days=10, diet_tags=DAIRY_GF, allergens=MILK,
    ),
    _cheese("Comté AOP affiné 12 mois", "Comté PDO matured 12 months", 449, "250 g"),
    _cheese("Comté AOP affiné 18 mois", "Comté PDO matured 18 months", 599, "250 g"),
    _cheese("Roquefort AOP", "Roquefort PDO", 349, "150 g"),
    _cheese("Camembert de Normandie AOP au lait cru", "Raw milk Camembert de Normandie PDO",
            339, "250 g"),
    _cheese("Brie de Meaux AOP", "Brie de Meaux PDO", 349, "200 g"),
    _cheese("Reblochon de Savoie AOP", "Reblochon de Savoie PDO", 599, "450 g", "winter"),
    _cheese("Mont d'Or AOP", "Mont d'Or PDO", 899, "500 g", "winter"),
    _cheese("Beaufort AOP", "Beaufort PDO", 549, "200 g"),
    _cheese("Cantal entre-deux AOP", "Cantal entre-deux PDO", 329, "200 g"),
    _cheese("Saint-Nectaire AOP fermier", "Farmhouse Saint-Nectaire PDO", 499, "250 g"),
    _cheese("Munster AOP", "Munster PDO", 329, "200 g"),
    _cheese("Ossau-Iraty AOP", "Ossau-Iraty PDO", 449, "200 g"),
    _cheese("Fromage à raclette en tranches", "Sliced raclette cheese", 599, "400 g", "winter"),
    _cheese("Bûche de chèvre", "Goat cheese log", 229, "180 g"),
    _cheese("Mozzarella", "Mozzarella", 99, "125 g"),
    BaseItem(
        FRAIS, "fromage", "Emmental français râpé", "Grated French Emmental", 189,
        sizes(("200 g", 1.0), ("500 g", 2.3, 2.5)), (OWN, BIO, MONT_BERGERE, ESSENTIEL),
        shelf_life_days=30, cycle_days=10, diet_tags=DAIRY_GF, allergens=MILK,
    ),
    BaseItem(
        FRAIS, "oeufs", "Oeufs frais de poules élevées en plein air", "Free-range fresh eggs",
        189, sizes(("x 6", 1.0), ("x 12", 1.85, 2)), (OWN, BIO), shelf_life_days=28,
        cycle_days=7, diet_tags=DAIRY_GF, allergens=("oeuf",),
    ),
    BaseItem(
        FRAIS, "oeufs", "Oeufs frais de poules élevées au sol", "Barn eggs", 249, one("x 12"),
        (ESSENTIEL,), shelf_life_days=28, cycle_days=10, diet_tags=DAIRY_GF,
        allergens=("oeuf",),
    ),
    BaseItem(
        FRAIS, "jambon", "Jambon blanc supérieur", "Premium cooked ham", 229,
        sizes(("4 tranches", 1.0), ("6 tranches", 1.45, 1.5)), (OWN, BIO, BRETELLE),
        shelf_life_days=14, cycle_days=5, diet_tags=("gluten-free",),
    ),
    BaseItem(
        FRAIS, "jambon", "Jambon de Bayonne IGP", "Bayonne ham PGI", 349, one("6 tranches"),
        (OWN, BRETELLE), shelf_life_days=45, cycle_days=10, diet_tags=("gluten-free",),
    ),
    BaseItem(
        FRAIS, "jambon", "Blanc de volaille", "Sliced chicken breast", 249, one("4 tranches"),
        (OWN, HALAL), shelf_life_days=14, cycle_days=6, diet_tags=("gluten-free",),
    ),
    BaseItem(
        FRAIS, "charcuterie", "Lardons fumés", "Smoked bacon lardons", 199, one("2 x 100 g"),
        (OWN, BRETELLE), shelf_life_days=21, cycle_days=10, diet_tags=("gluten-free",),
    ),
    BaseItem(
        FRAIS, "charcuterie", "Rosette de Lyon", "Rosette de Lyon dry sausage", 369,
        one("250 g"), (OWN, BRETELLE), shelf_life_days=60, cycle_days=21,
        allergens=("lait",),
    ),
    BaseItem(
        FRAIS, "charcuterie", "Pâté de campagne", "Country pâté", 179, one("180 g"),
        (OWN, BRETELLE), shelf_life_days=21, cycle_days=14, allergens=("oeuf", "lait"),
    ),
    BaseItem(
        FRAIS, "pain", "Baguette de tradition française", "Traditional French baguette", 120,
        one("250 g"), (FOURNIL, BIO), shelf_life_days=1, cycle_days=2, diet_tags=VEGAN,
        allergens=("gluten",),
    ),
    BaseItem(
        FRAIS, "pain", "Pain de campagne", "Country loaf", 249, one("400 g"), (FOURNIL, BIO),
        shelf_life_days=3, cycle_days=3, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        FRAIS, "pain", "Pain de mie complet", "Wholemeal sandwich bread", 179, one("500 g"),
        (OWN, BIO), shelf_life_days=10, cycle_days=5, diet_tags=VEGETARIAN,
        allergens=("gluten", "lait"),
    ),
    BaseItem(
        FRAIS, "viennoiserie", "Croissants pur beurre", "All-butter croissants", 249,
        one("x 4"), (FOURNIL,), shelf_life_days=2, cycle_days=7, diet_tags=VEGETARIAN,
        allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        FRAIS, "viennoiserie", "Pains au chocolat pur beurre", "All-butter pains au chocolat",
        279, one("x 4"), (FOURNIL,), audience="kids", shelf_life_days=2, cycle_days=7,
        diet_tags=VEGETARIAN, allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        FRAIS, "traiteur", "Ravioli frais ricotta et épinards", "Fresh ricotta spinach ravioli",
        269, one("250 g"), (OWN, BIO), shelf_life_days=21, cycle_days=14,
        diet_tags=VEGETARIAN, allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        FRAIS, "traiteur", "Gnocchi de pommes de terre", "Potato gnocchi", 199, one("500 g"),
        (OWN,), shelf_life_days=30, cycle_days=14, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        FRAIS, "traiteur", "Houmous", "Hummus", 189, one("200 g"), (OWN, BIO),
        shelf_life_days=21, cycle_days=10, diet_tags=VEGAN_GF, allergens=("sesame",),
    ),
)

FRUITS_LEGUMES_ITEMS: tuple[BaseItem, ...] = (
    _fv("pomme", "Pommes Gala", "Gala apples", 249, 21, 7, brands=FRUIT_BRANDS),
    _fv("pomme", "Pommes Golden", "Golden apples", 229, 21, 7, brands=FRUIT_BRANDS),
    _fv("pomme", "Pommes Gala sachet", "Gala apples bag", 349, 21, 10,
        packs=one("1,5 kg"), brands=FRUIT_BRANDS),
    _fv("poire", "Poires Conférence", "Conference pears", 299, 10, 7, brands=FRUIT_BRANDS),
    _fv("banane", "Bananes Cavendish", "Cavendish bananas", 199, 6, 4),
    _fv("agrume", "Oranges à jus", "Juicing oranges", 219, 14, 7, "winter"),
    _fv("agrume", "Clémentines de Corse IGP", "Corsican clementines PGI", 399, 10, 5, "winter"),
    _fv("agrume", "Citrons jaunes", "Lemons", 349, 21, 14),
    _fv("kiwi", "Kiwis", "Kiwi fruit", 399, 14, 7, "winter"),
    _fv("raisin", "Raisin blanc Italia", "Italia white grapes", 399, 7, 7),
    _fv("fruits-rouges", "Fraises", "Strawberries", 299, 3, 4, "summer", packs=one("250 g")),
    _fv("melon", "Melon charentais", "Charentais melon", 249, 5, 4, "summer",
        packs=one("la pièce")),
    _fv("fruits-ete", "Pêches jaunes", "Yellow peaches", 399, 5, 4, "summer"),
    _fv("fruits-ete", "Abricots", "Apricots", 449, 5, 5, "summer"),
    _fv("fruits-ete", "Cerises", "Cherries", 899, 4, 7, "summer"),
    _fv("tomate", "Tomates grappe", "Vine tomatoes", 349, 7, 5),
    _fv("tomate", "Tomates cerises", "Cherry tomatoes", 199, 7, 5, packs=one("250 g")),
    _fv("pomme-de-terre", "Pommes de terre de consommation", "Potatoes", 399, 60, 10,
        packs=sizes(("2,5 kg", 1.0), ("5 kg", 1.8, 2))),
    _fv("legume", "Carottes", "Carrots", 149, 21, 7, packs=one("1 kg")),
    _fv("legume", "Oignons jaunes", "Yellow onions", 199, 60, 14, packs=one("1 kg")),
    _fv("legume", "Courgettes", "Courgettes", 299, 7, 5, "summer"),
    _fv("legume", "Poireaux", "Leeks", 249, 10, 7, "winter"),
    _fv("legume", "Endives", "Chicory", 349, 10, 7, "winter"),
    _fv("legume", "Potiron", "Pumpkin", 199, 30, 14, "winter"),
    _fv("legume", "Salade batavia", "Batavia lettuce", 119, 4, 4, packs=one("la pièce")),
    _fv("legume", "Concombre", "Cucumber", 99, 7, 5, "summer", packs=one("la pièce")),
    _fv("legume", "Poivrons tricolores", "Mixed peppers", 299, 10, 7, packs=one("x 3")),
    _fv("legume", "Brocoli", "Broccoli", 299, 7, 7),
    _fv("legume", "Champignons de Paris blancs", "White button mushrooms", 189, 5, 7,
        packs=one("250 g")),
    _fv("legume", "Avocats prêts à manger", "Ripe avocados", 299, 5, 7, packs=one("x 2")),
    _fv("legume", "Ail blanc", "White garlic", 199, 90, 30, packs=one("3 têtes")),
)
# fmt: on
