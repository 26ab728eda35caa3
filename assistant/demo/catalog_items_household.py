"""Base items of the pet, baby and household (droguerie-hygiène) aisles of the demo catalog."""

from __future__ import annotations

from assistant.demo.catalog_types import (
    ANIMALERIE_CHAT,
    ANIMALERIE_CHIEN,
    BEBE,
    BIO,
    DROGUERIE,
    ESSENTIEL,
    OWN,
    BaseItem,
    Brand,
    Size,
    one,
    sizes,
)

# Invented national-brand-like names: none of them is a real trademark.
FELINOR = Brand("Félinor", 1.4)
GOURMICHAT = Brand("Gourmichat", 1.6)
CANIDOR = Brand("Canidor", 1.4)
TOUTOUNET = Brand("Toutounet", 1.25)
BAMBINOU = Brand("Bambinou", 1.4)
PETIT_NUAGE = Brand("Petit Nuage", 1.3)
NETPLUS = Brand("Netplus", 1.4)
CLARELYS = Brand("Clarelys", 1.45)

CAT_BRANDS = (OWN, FELINOR, GOURMICHAT)
DOG_BRANDS = (OWN, CANIDOR, TOUTOUNET)
CLEAN_BRANDS = (OWN, NETPLUS, ESSENTIEL)
CARE_BRANDS = (OWN, CLARELYS)

# A pack of nappies lasts about a week whatever the size: smaller babies need more changes.
DIAPER_SIZES: tuple[Size, ...] = (
    Size("taille 1 (2-5 kg) x 44", 1.0, label_en="size 1 (2-5 kg) x 44"),
    Size("taille 2 (3-6 kg) x 40", 1.0, label_en="size 2 (3-6 kg) x 40"),
    Size("taille 3 (4-9 kg) x 52", 1.1, 1.0, label_en="size 3 (4-9 kg) x 52"),
    Size("taille 4 (7-18 kg) x 46", 1.1, 1.0, label_en="size 4 (7-18 kg) x 46"),
    Size("taille 5 (11-25 kg) x 40", 1.1, 1.0, label_en="size 5 (11-25 kg) x 40"),
    Size("taille 6 (16 kg et +) x 36", 1.1, 1.0, label_en="size 6 (16 kg+) x 36"),
)
PANTS_SIZES: tuple[Size, ...] = (
    Size("taille 5 (12-17 kg) x 30", 1.0, label_en="size 5 (12-17 kg) x 30"),
    Size("taille 6 (15-25 kg) x 28", 1.0, label_en="size 6 (15-25 kg) x 28"),
)

# fmt: off
# One shelf line per call: the tables read better than the formatter's layout.


def _cat(cat: str, fr: str, en: str, price: int, packs: tuple[Size, ...],
         cycle: float | None, brands: tuple[Brand, ...] = CAT_BRANDS) -> BaseItem:
    return BaseItem(ANIMALERIE_CHAT, cat, fr, en, price, packs, brands, cycle_days=cycle)


def _dog(cat: str, fr: str, en: str, price: int, packs: tuple[Size, ...],
         cycle: float | None, brands: tuple[Brand, ...] = DOG_BRANDS) -> BaseItem:
    return BaseItem(ANIMALERIE_CHIEN, cat, fr, en, price, packs, brands, cycle_days=cycle)


def _clean(cat: str, fr: str, en: str, price: int, packs: tuple[Size, ...], cycle: float,
           brands: tuple[Brand, ...] = CLEAN_BRANDS, season: str | None = None,
           audience: str | None = None) -> BaseItem:
    return BaseItem(DROGUERIE, cat, fr, en, price, packs, brands, cycle_days=cycle,
                    season=season, audience=audience)


CHAT_ITEMS: tuple[BaseItem, ...] = (
    _cat("croquettes-chat", "Croquettes pour chat adulte au poulet", "Adult cat dry food, chicken",
         799, sizes(("2 kg", 1.0), ("4 kg", 1.85, 2)), 30),
    _cat("croquettes-chat", "Croquettes pour chat stérilisé au saumon",
         "Sterilised cat dry food, salmon", 749, sizes(("1,5 kg", 1.0), ("3 kg", 1.85, 2)), 25),
    _cat("croquettes-chat", "Croquettes pour chaton", "Kitten dry food", 799, one("1,5 kg"), 25),
    _cat("croquettes-chat", "Croquettes pour chat senior 7 ans et plus", "Senior cat dry food",
         849, one("1,5 kg"), 25),
    _cat("patee-chat", "Pâtée pour chat terrine au boeuf", "Cat food terrine, beef", 219,
         sizes(("4 x 100 g", 1.0), ("12 x 100 g", 2.7, 3)), 4),
    _cat("patee-chat", "Effilés en sauce pour chat", "Cat food strips in gravy", 549,
         one("12 x 85 g"), 10),
    _cat("patee-chat", "Bouchées en gelée pour chat", "Cat food chunks in jelly", 549,
         one("12 x 85 g"), 10),
    _cat("friandises-chat", "Friandises fourrées pour chat", "Filled cat treats", 199,
         one("60 g"), 14),
    _cat("lait-chat", "Lait pour chat", "Cat milk", 249, one("3 x 200 ml"), 14, (OWN, FELINOR)),
    _cat("litiere-chat", "Litière minérale pour chat", "Mineral cat litter", 399,
         sizes(("10 L", 1.0), ("20 L", 1.8, 2)), 14, (OWN, FELINOR)),
    _cat("litiere-chat", "Litière végétale agglomérante", "Clumping plant-based cat litter",
         699, one("10 L"), 21, (OWN, FELINOR)),
    _cat("accessoire-chat", "Arbre à chat 3 niveaux", "Three-level cat tree", 4999, one(""),
         None, (OWN,)),
    _cat("accessoire-chat", "Griffoir en carton", "Cardboard cat scratcher", 999, one(""),
         120, (OWN, FELINOR)),
)

CHIEN_ITEMS: tuple[BaseItem, ...] = (
    _dog("croquettes-chien", "Croquettes pour chien adulte au boeuf", "Adult dog dry food, beef",
         999, sizes(("4 kg", 1.0), ("10 kg", 2.2, 2.5)), 20),
    _dog("croquettes-chien", "Croquettes pour chiot", "Puppy dry food", 1099, one("3 kg"), 20),
    _dog("croquettes-chien", "Croquettes pour petit chien", "Small dog dry food", 599,
         one("1,5 kg"), 25),
    _dog("croquettes-chien", "Croquettes pour grand chien", "Large dog dry food", 3299,
         one("15 kg"), 30, (OWN, CANIDOR)),
    _dog("croquettes-chien", "Croquettes pour chien senior", "Senior dog dry food", 1199,
         one("4 kg"), 25, (OWN, CANIDOR)),
    _dog("patee-chien", "Pâtée pour chien en terrine", "Dog food terrine", 449,
         one("4 x 300 g"), 4),
    _dog("patee-chien", "Bouchées en sauce pour chien", "Dog food chunks in gravy", 299,
         one("1,2 kg"), 3, (OWN, TOUTOUNET)),
    _dog("friandises-chien", "Bâtonnets à mâcher hygiène dentaire", "Dental chew sticks", 349,
         one("x 7"), 7),
    _dog("friandises-chien", "Os à mâcher", "Chew bones", 299, one("x 2"), 14, (OWN, CANIDOR)),
    _dog("friandises-chien", "Biscuits pour chien", "Dog biscuits", 249, one("500 g"), 21,
         (OWN, TOUTOUNET)),
    _dog("accessoire-chien", "Sacs à déjections pour chien", "Dog poop bags", 399,
         one("x 120"), 60, (OWN,)),
    _dog("accessoire-chien", "Jouet corde à mâcher", "Rope chew toy", 699, one(""), None,
         (OWN, TOUTOUNET)),
    _dog("accessoire-chien", "Coussin pour chien taille M", "Medium dog cushion", 2999,
         one(""), None, (OWN,)),
)

BEBE_ITEMS: tuple[BaseItem, ...] = (
    BaseItem(BEBE, "couches", "Couches bébé", "Baby nappies", 999, DIAPER_SIZES,
             (OWN, BIO, BAMBINOU, PETIT_NUAGE), cycle_days=7),
    BaseItem(BEBE, "couches", "Culottes d'apprentissage", "Training pants", 1099, PANTS_SIZES,
             (OWN, BAMBINOU, PETIT_NUAGE), cycle_days=7),
    BaseItem(BEBE, "lait-infantile", "Lait infantile 1er âge en poudre de 0 à 6 mois",
             "First infant formula powder 0-6 months", 1299, one("800 g"),
             (OWN, BIO, BAMBINOU), cycle_days=8, allergens=("lait",)),
    BaseItem(BEBE, "lait-infantile", "Lait infantile 2e âge en poudre de 6 à 12 mois",
             "Follow-on formula powder 6-12 months", 1199, one("800 g"),
             (OWN, BIO, BAMBINOU), cycle_days=10, allergens=("lait",)),
    BaseItem(BEBE, "lait-infantile", "Lait de croissance dès 12 mois", "Growing-up milk 1+",
             189, sizes(("1 L", 1.0), ("6 x 1 L", 5.6, 6)), (OWN, BIO, BAMBINOU), unit="l",
             cycle_days=3, allergens=("lait",)),
    BaseItem(BEBE, "petits-pots", "Petits pots carottes dès 4 mois", "Carrot baby food 4m+",
             199, one("2 x 130 g"), (OWN, BIO, PETIT_NUAGE), cycle_days=3,
             diet_tags=("vegetarian", "vegan", "gluten-free")),
    BaseItem(BEBE, "petits-pots", "Petits pots légumes verts dès 6 mois",
             "Green vegetable baby food 6m+", 219, one("2 x 200 g"), (OWN, BIO, PETIT_NUAGE),
             cycle_days=3, diet_tags=("vegetarian", "vegan", "gluten-free")),
    BaseItem(BEBE, "petits-pots", "Petits pots légumes et boeuf dès 8 mois",
             "Vegetables and beef baby food 8m+", 249, one("2 x 200 g"),
             (OWN, BIO, PETIT_NUAGE), cycle_days=3, diet_tags=("gluten-free",)),
    BaseItem(BEBE, "petits-pots", "Petits pots pomme-banane dès 4 mois",
             "Apple and banana baby food 4m+", 219, one("4 x 100 g"), (OWN, BIO, PETIT_NUAGE),
             cycle_days=3, diet_tags=("vegetarian", "vegan", "gluten-free")),
    BaseItem(BEBE, "petits-pots", "Assiette pâtes à la bolognaise dès 12 mois",
             "Pasta bolognese baby meal 12m+", 229, one("230 g"), (OWN, PETIT_NUAGE),
             cycle_days=4, allergens=("gluten",)),
    BaseItem(BEBE, "gourdes-bebe", "Gourdes pomme-fraise dès 6 mois",
             "Apple and strawberry pouches 6m+", 249, one("4 x 90 g"), (OWN, BIO, PETIT_NUAGE),
             cycle_days=5, diet_tags=("vegetarian", "vegan", "gluten-free")),
    BaseItem(BEBE, "cereales-bebe", "Céréales bébé saveur vanille dès 6 mois",
             "Vanilla baby cereal 6m+", 299, one("250 g"), (OWN, BAMBINOU), cycle_days=14,
             allergens=("gluten", "lait")),
    BaseItem(BEBE, "lingettes", "Lingettes bébé à l'eau", "Water baby wipes", 199,
             sizes(("x 72", 1.0), ("3 x 72", 2.6, 3)), (OWN, BAMBINOU, PETIT_NUAGE),
             cycle_days=7),
    BaseItem(BEBE, "soin-bebe", "Liniment oléo-calcaire", "Oleo-calcareous liniment", 399,
             one("500 ml"), (OWN, BAMBINOU), cycle_days=30),
    BaseItem(BEBE, "soin-bebe", "Gel lavant bébé corps et cheveux", "Baby body and hair wash",
             349, one("500 ml"), (OWN, BIO, BAMBINOU), cycle_days=30),
    BaseItem(BEBE, "puericulture", "Biberon anti-colique 270 ml", "Anti-colic bottle 270 ml",
             999, one(""), (OWN, BAMBINOU)),
    BaseItem(BEBE, "puericulture", "Sucettes silicone 0-6 mois", "Silicone soothers 0-6m",
             599, one("x 2"), (OWN, BAMBINOU), cycle_days=60),
)

DROGUERIE_ITEMS: tuple[BaseItem, ...] = (
    _clean("lessive", "Lessive liquide", "Liquid laundry detergent", 699,
           sizes(("2 L (40 lavages)", 1.0), ("4 L (80 lavages)", 1.85, 2)), 30),
    _clean("lessive", "Lessive en capsules", "Laundry capsules", 799, one("x 30"), 30,
           (OWN, NETPLUS)),
    _clean("lessive", "Adoucissant concentré", "Concentrated fabric softener", 349,
           one("2 L"), 45),
    _clean("vaisselle", "Liquide vaisselle", "Washing-up liquid", 129, one("500 ml"), 21),
    _clean("vaisselle", "Tablettes lave-vaisselle tout-en-un", "All-in-one dishwasher tablets",
           799, sizes(("x 40", 1.0), ("x 80", 1.85, 2)), 40),
    _clean("entretien", "Nettoyant multi-surfaces", "Multi-surface cleaner", 199, one("750 ml"),
           30),
    _clean("entretien", "Eau de Javel", "Bleach", 169, one("2 L"), 60, (OWN, ESSENTIEL)),
    _clean("entretien", "Gel WC javel", "Bleach toilet gel", 199, one("750 ml"), 30),
    _clean("entretien", "Éponges grattantes", "Scouring sponges", 159, one("x 4"), 30,
           (OWN, NETPLUS)),
    _clean("sacs-poubelle", "Sacs poubelle 30 L", "30 L bin bags", 199, one("x 25"), 25),
    _clean("sacs-poubelle", "Sacs poubelle 50 L à lien coulissant", "50 L drawstring bin bags",
           349, one("x 20"), 20, (OWN, NETPLUS)),
    _clean("papier-toilette", "Papier toilette double épaisseur", "Two-ply toilet paper", 299,
           sizes(("x 6", 1.0), ("x 12", 1.85, 2), ("x 24", 3.4, 4)), 10),
    _clean("essuie-tout", "Essuie-tout", "Kitchen paper towels", 249,
           sizes(("x 4", 1.0), ("x 8", 1.85, 2)), 14),
    _clean("mouchoirs", "Mouchoirs en boîte", "Box of tissues", 149, one("x 100"), 14,
           (OWN, CLARELYS)),
    _clean("hygiene", "Shampooing usage fréquent", "Frequent-use shampoo", 249,
           one("250 ml"), 30, (OWN, BIO, CLARELYS)),
    _clean("hygiene", "Après-shampooing démêlant", "Detangling conditioner", 279,
           one("200 ml"), 45, CARE_BRANDS),
    _clean("hygiene", "Gel douche surgras", "Moisturising shower gel", 199,
           sizes(("250 ml", 1.0), ("3 x 250 ml", 2.6, 3)), 21, (OWN, BIO, CLARELYS)),
    _clean("hygiene", "Savon liquide pour les mains", "Liquid hand soap", 169, one("300 ml"),
           30, CARE_BRANDS),
    _clean("hygiene", "Dentifrice protection caries", "Cavity protection toothpaste", 159,
           one("75 ml"), 30, CARE_BRANDS),
    _clean("hygiene", "Dentifrice enfant dès 6 ans", "Kids toothpaste 6+", 189, one("50 ml"),
           45, CARE_BRANDS, audience="kids"),
    _clean("hygiene", "Brosses à dents souples", "Soft toothbrushes", 249, one("x 2"), 90,
           CARE_BRANDS),
    _clean("hygiene", "Déodorant bille 48 h", "48 h roll-on deodorant", 229, one("50 ml"), 30,
           CARE_BRANDS),
    _clean("hygiene", "Disques de coton démaquillants", "Cotton make-up pads", 129,
           one("x 80"), 30, CARE_BRANDS),
    _clean("hygiene", "Rasoirs jetables 3 lames", "Disposable 3-blade razors", 449,
           one("x 10"), 45, CARE_BRANDS),
    _clean("solaire", "Crème solaire SPF 50", "SPF 50 sun cream", 899, one("200 ml"), 30,
           CARE_BRANDS, "summer"),
    _clean("solaire", "Spray solaire enfant SPF 50+", "Kids SPF 50+ sun spray", 999,
           one("200 ml"), 30, CARE_BRANDS, "summer", "kids"),
    _clean("insecticide", "Spray anti-moustiques peau", "Mosquito repellent spray", 699,
           one("100 ml"), 30, (OWN, NETPLUS), "summer"),
    _clean("auto", "Lave-glace toutes saisons", "All-season screen wash", 449, one("5 L"), 60,
           (OWN, NETPLUS), audience="car"),
    _clean("auto", "Lave-glace hiver -20 °C", "Winter screen wash -20 °C", 599, one("5 L"), 60,
           (OWN, NETPLUS), "winter", "car"),
)
# fmt: on
