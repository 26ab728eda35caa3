"""Base items of the dry grocery aisles (épicerie) of the Carchan demo catalog."""

from __future__ import annotations

from assistant.demo.catalog_types import (
    BIO,
    EPICERIE,
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

# Invented national-brand-like names: none of them is a real trademark.
LUNELLE = Brand("Lunelle", 1.45)
MONTROSE = Brand("Brûlerie Montrose", 1.6)
SUCRERIE = Brand("Sucrerie de l'Ornay", 1.3)
PASTAVELLI = Brand("Pastavelli", 1.4)
RIZEA = Brand("Rizéa", 1.35)
MOULIN = Brand("Moulin Vernier", 1.3)
PRAMONT = Brand("Huilerie Pramont", 1.4)
VERNIER = Brand("Maison Vernier", 1.3)
BONVAL = Brand("Bonval", 1.3)
CROUSTI = Brand("Crousti'Matin", 1.45)
KERVALEC = Brand("Biscuiterie Kervalec", 1.4)
DORAVEL = Brand("Chocolaterie Doravel", 1.5)

# fmt: off
# The tables below are laid out one shelf line per call, which reads better than the
# one-argument-per-line layout the formatter would impose.
PASTA_SIZES = sizes(("500 g", 1.0), ("1 kg", 1.85, 2))


def _pasta(fr: str, en: str, price: int, allergens: tuple[str, ...] = ("gluten",)) -> BaseItem:
    tags = VEGETARIAN if "oeuf" in allergens else VEGAN
    return BaseItem(
        EPICERIE, "pates", fr, en, price, PASTA_SIZES, (OWN, BIO, PASTAVELLI, ESSENTIEL),
        cycle_days=10, diet_tags=tags, allergens=allergens,
    )


EPICERIE_ITEMS: tuple[BaseItem, ...] = (
    # Coffee: the Zerty household's 250 g own-brand pack is bought every two weeks.
    BaseItem(
        EPICERIE, "cafe", "Café moulu pur arabica", "Ground pure arabica coffee", 249,
        sizes(("250 g", 1.0), ("500 g", 1.9, 2), ("1 kg", 3.6, 4)),
        (OWN, BIO, LUNELLE, MONTROSE), cycle_days=14, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "cafe", "Café moulu décaféiné", "Decaffeinated ground coffee", 289,
        one("250 g"), (OWN, LUNELLE), cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "cafe", "Café en grains intense", "Intense coffee beans", 549,
        sizes(("500 g", 1.0), ("1 kg", 1.9, 2)), (OWN, BIO, MONTROSE),
        cycle_days=28, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "cafe", "Café capsules compatibles lungo", "Lungo compatible coffee capsules",
        259, sizes(("x 10", 1.0), ("x 30", 2.8, 3)), (OWN, LUNELLE),
        cycle_days=7, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "cafe", "Café soluble", "Instant coffee", 349, one("200 g"), (OWN, LUNELLE),
        cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "sucre", "Sucre en poudre", "Caster sugar", 115, one("1 kg"),
        (OWN, BIO, SUCRERIE), cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "sucre", "Sucre en morceaux", "Sugar cubes", 139, one("1 kg"),
        (OWN, BIO, SUCRERIE), cycle_days=45, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "sucre", "Sucre roux de canne", "Brown cane sugar", 169, one("750 g"),
        (OWN, BIO, SUCRERIE), cycle_days=60, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "sucre", "Sucre glace", "Icing sugar", 149, one("500 g"), (OWN, SUCRERIE),
        cycle_days=90, diet_tags=VEGAN_GF,
    ),
    _pasta("Spaghetti", "Spaghetti", 99),
    _pasta("Penne rigate", "Penne rigate", 99),
    _pasta("Coquillettes", "Macaroni elbows", 95),
    _pasta("Fusilli", "Fusilli", 99),
    _pasta("Farfalle", "Farfalle", 105),
    _pasta("Tagliatelles aux oeufs", "Egg tagliatelle", 179, ("gluten", "oeuf")),
    BaseItem(
        EPICERIE, "riz", "Riz basmati", "Basmati rice", 219, PASTA_SIZES, (OWN, BIO, RIZEA),
        cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "riz", "Riz long grain", "Long grain rice", 149, PASTA_SIZES,
        (OWN, RIZEA, ESSENTIEL), cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "riz", "Riz rond arborio pour risotto", "Arborio risotto rice", 249,
        one("500 g"), (OWN, RIZEA), cycle_days=45, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "riz", "Riz thaï parfumé", "Thai fragrant rice", 229, PASTA_SIZES,
        (OWN, RIZEA), cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "farine", "Farine de blé T45 pour pâtisserie", "Wheat flour T45 for pastry",
        89, one("1 kg"), (OWN, BIO, MOULIN), cycle_days=45, diet_tags=VEGAN,
        allergens=("gluten",),
    ),
    BaseItem(
        EPICERIE, "farine", "Farine de blé T55", "Wheat flour T55", 85, one("1 kg"),
        (OWN, BIO, MOULIN), cycle_days=45, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        EPICERIE, "farine", "Farine complète T150", "Wholemeal flour T150", 169, one("1 kg"),
        (BIO, MOULIN), cycle_days=60, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        EPICERIE, "huile", "Huile de tournesol", "Sunflower oil", 219, one("1 L"),
        (OWN, PRAMONT, ESSENTIEL), cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "huile", "Huile d'olive vierge extra", "Extra virgin olive oil", 549,
        sizes(("50 cl", 1.0), ("1 L", 1.85, 2)), (OWN, BIO, PRAMONT),
        cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "huile", "Huile de colza", "Rapeseed oil", 249, one("1 L"), (OWN, BIO),
        cycle_days=45, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "condiments", "Vinaigre de vin rouge", "Red wine vinegar", 119,
        one("50 cl"), (OWN, VERNIER), cycle_days=60, diet_tags=VEGAN_GF, allergens=SULFITES,
    ),
    BaseItem(
        EPICERIE, "condiments", "Moutarde de Dijon", "Dijon mustard", 129, one("370 g"),
        (OWN, VERNIER), cycle_days=45, diet_tags=VEGAN_GF, allergens=("moutarde",),
    ),
    BaseItem(
        EPICERIE, "condiments", "Mayonnaise aux oeufs frais", "Fresh egg mayonnaise", 179,
        one("235 g"), (OWN, VERNIER), cycle_days=30, diet_tags=("vegetarian", "gluten-free"),
        allergens=("oeuf", "moutarde"),
    ),
    BaseItem(
        EPICERIE, "condiments", "Ketchup", "Tomato ketchup", 189, one("560 g"), (OWN, VERNIER),
        cycle_days=45, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "condiments", "Sel fin de mer", "Fine sea salt", 79, one("1 kg"), (OWN,),
        cycle_days=120, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "condiments", "Sauce barbecue", "Barbecue sauce", 199, one("250 ml"),
        (OWN, VERNIER), season="summer", diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "conserves", "Haricots verts extra-fins", "Extra fine green beans", 179,
        one("800 g"), (OWN, BIO, BONVAL), cycle_days=14, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "conserves", "Petits pois et carottes", "Peas and carrots", 149,
        one("800 g"), (OWN, BONVAL), cycle_days=14, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "conserves", "Maïs doux en grains", "Sweetcorn", 199, one("3 x 140 g"),
        (OWN, BIO, BONVAL), cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "conserves", "Tomates pelées entières", "Whole peeled tomatoes", 99,
        one("400 g"), (OWN, BIO), cycle_days=14, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "conserves", "Pois chiches", "Chickpeas", 99, one("400 g"), (OWN, BIO),
        cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "conserves", "Thon entier au naturel", "Whole tuna in brine", 349,
        one("3 x 93 g"), (OWN, BONVAL), cycle_days=14, diet_tags=("gluten-free",),
        allergens=("poisson",),
    ),
    BaseItem(
        EPICERIE, "conserves", "Sardines à l'huile d'olive", "Sardines in olive oil", 199,
        one("135 g"), (OWN, BONVAL), cycle_days=21, diet_tags=("gluten-free",),
        allergens=("poisson",),
    ),
    BaseItem(
        EPICERIE, "conserves", "Raviolis pur boeuf", "Beef ravioli", 229, one("800 g"),
        (OWN, BONVAL), cycle_days=21, allergens=("gluten", "oeuf"),
    ),
    BaseItem(
        EPICERIE, "conserves", "Cassoulet au confit de canard", "Duck confit cassoulet", 549,
        one("840 g"), (OWN, BONVAL), season="winter", cycle_days=30, allergens=("celeri",),
    ),
    BaseItem(
        EPICERIE, "soupe", "Velouté de potiron", "Pumpkin velouté soup", 219, one("1 L"),
        (OWN, BIO), season="winter", cycle_days=7, diet_tags=VEGETARIAN, allergens=("lait",),
    ),
    BaseItem(
        EPICERIE, "soupe", "Soupe de légumes du jardin", "Garden vegetable soup", 199,
        one("1 L"), (OWN, BIO), season="winter", cycle_days=7, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "cereales", "Flocons d'avoine", "Rolled oats", 129, one("500 g"),
        (OWN, BIO, CROUSTI), cycle_days=21, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        EPICERIE, "cereales", "Muesli aux fruits secs", "Dried fruit muesli", 299,
        one("750 g"), (OWN, BIO, CROUSTI), cycle_days=14, diet_tags=VEGAN,
        allergens=("gluten", "fruits-a-coque"),
    ),
    BaseItem(
        EPICERIE, "cereales", "Pétales de maïs nature", "Corn flakes", 189, one("500 g"),
        (OWN, CROUSTI), cycle_days=14, diet_tags=VEGAN, allergens=("gluten",),
    ),
    BaseItem(
        EPICERIE, "cereales", "Céréales fourrées chocolat-noisette", "Choco-hazelnut filled cereal",
        279, sizes(("500 g", 1.0), ("1 kg", 1.85, 2)), (OWN, CROUSTI), audience="kids",
        cycle_days=10, diet_tags=VEGETARIAN, allergens=("gluten", "lait", "fruits-a-coque"),
    ),
    BaseItem(
        EPICERIE, "cereales", "Céréales soufflées au miel", "Honey puffed cereal", 229,
        one("400 g"), (OWN, CROUSTI), audience="kids", cycle_days=10,
        diet_tags=VEGETARIAN, allergens=("gluten",),
    ),
    BaseItem(
        EPICERIE, "biscuits", "Petit beurre", "Butter biscuits", 119, one("200 g"),
        (OWN, BIO, KERVALEC), cycle_days=7, diet_tags=VEGETARIAN,
        allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        EPICERIE, "biscuits", "Palets bretons pur beurre", "Breton butter cookies", 219,
        one("250 g"), (OWN, KERVALEC), cycle_days=10, diet_tags=VEGETARIAN,
        allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        EPICERIE, "biscuits", "Cookies aux pépites de chocolat", "Chocolate chip cookies", 189,
        one("200 g"), (OWN, BIO, KERVALEC), cycle_days=7, diet_tags=VEGETARIAN,
        allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        EPICERIE, "biscuits", "Madeleines coquilles", "Shell madeleines", 199, one("250 g"),
        (OWN, KERVALEC), cycle_days=7, diet_tags=VEGETARIAN,
        allergens=("gluten", "lait", "oeuf"),
    ),
    BaseItem(
        EPICERIE, "biscuits", "Biscuits goûter fourrés chocolat", "Chocolate sandwich biscuits",
        159, one("300 g"), (OWN, KERVALEC), audience="kids", cycle_days=7,
        diet_tags=VEGETARIAN, allergens=("gluten", "lait"),
    ),
    BaseItem(
        EPICERIE, "biscuits", "Biscuits sans gluten aux amandes", "Gluten-free almond biscuits",
        279, one("150 g"), (BIO, KERVALEC), cycle_days=10,
        diet_tags=("vegetarian", "gluten-free"), allergens=("fruits-a-coque", "oeuf"),
    ),
    BaseItem(
        EPICERIE, "chocolat", "Chocolat noir 70 % cacao", "70% dark chocolate", 149,
        one("100 g"), (OWN, BIO, DORAVEL), cycle_days=10, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "chocolat", "Chocolat au lait", "Milk chocolate", 139, one("100 g"),
        (OWN, BIO, DORAVEL), cycle_days=10, diet_tags=("vegetarian", "gluten-free"),
        allergens=("lait",),
    ),
    BaseItem(
        EPICERIE, "chocolat", "Chocolat au lait noisettes entières",
        "Milk chocolate with whole hazelnuts", 249, one("200 g"), (OWN, DORAVEL),
        cycle_days=14, diet_tags=VEGETARIAN, allergens=("lait", "fruits-a-coque"),
    ),
    BaseItem(
        EPICERIE, "chocolat", "Pâte à tartiner noisettes et cacao", "Hazelnut cocoa spread",
        289, sizes(("400 g", 1.0), ("750 g", 1.7, 2)), (OWN, BIO, DORAVEL), cycle_days=14,
        diet_tags=VEGETARIAN, allergens=("lait", "fruits-a-coque"),
    ),
    BaseItem(
        EPICERIE, "chocolat", "Chocolat en poudre", "Cocoa drink powder", 259, one("800 g"),
        (OWN, DORAVEL), audience="kids", cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "petit-dejeuner", "Confiture extra de fraises", "Strawberry jam", 219,
        one("370 g"), (OWN, BIO, VERNIER), cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "petit-dejeuner", "Confiture extra d'abricots", "Apricot jam", 219,
        one("370 g"), (OWN, BIO, VERNIER), cycle_days=21, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "petit-dejeuner", "Miel de fleurs crémeux", "Creamy wildflower honey", 449,
        one("500 g"), (OWN, BIO), cycle_days=30, diet_tags=("vegetarian", "gluten-free"),
    ),
    BaseItem(
        EPICERIE, "the", "Thé vert nature", "Green tea", 179, one("25 sachets"), (OWN, BIO),
        cycle_days=25, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "the", "Thé noir Earl Grey", "Earl Grey black tea", 199, one("25 sachets"),
        (OWN, BIO), cycle_days=25, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "the", "Infusion verveine", "Verbena herbal tea", 169, one("25 sachets"),
        (OWN, BIO), cycle_days=30, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "compote", "Compote pomme sans sucres ajoutés",
        "Unsweetened apple compote pouches", 199, one("4 x 90 g"), (OWN, BIO),
        audience="kids", cycle_days=5, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "compote", "Compote pomme-poire", "Apple and pear compote", 189,
        one("4 x 100 g"), (OWN, BIO), cycle_days=7, diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "aperitif", "Chips nature", "Ready salted crisps", 149,
        sizes(("150 g", 1.0), ("300 g", 1.8, 2)), (OWN, BONVAL), cycle_days=10,
        diet_tags=VEGAN_GF,
    ),
    BaseItem(
        EPICERIE, "aperitif", "Cacahuètes grillées salées", "Salted roasted peanuts", 169,
        one("200 g"), (OWN, BONVAL), cycle_days=21, diet_tags=VEGAN_GF,
        allergens=("arachide",),
    ),
    BaseItem(
        EPICERIE, "aperitif", "Olives vertes dénoyautées", "Pitted green olives", 199,
        one("160 g"), (OWN, BONVAL), season="summer", cycle_days=14, diet_tags=VEGAN_GF,
    ),
)
# fmt: on
