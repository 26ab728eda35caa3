"""The demo's French home recipes, written for Carchan, and their seeding (with their
English versions, `recipes_en`).

The recipes are kept as a compact text, one block per recipe, so the whole set stays
readable in one file; `importers.recipe_text` describes and parses the format.
"""

from __future__ import annotations

from sqlmodel import Session

from assistant.demo.importers.recipe_text import parse_recipe_text
from assistant.demo.importers.recipes import RecipeRecord, upsert_recipes
from assistant.demo.recipes_en import english_versions

SOURCE = "demo"
ATTRIBUTION = "Carchan, recettes maison"

RECIPES = """
= Pintade au chou du Quercy à l'autocuiseur
région: Quercy | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 18
matériel: autocuiseur | tags: pintade, hiver, chou
- 1 pintade fermière d'environ 1,3 kg coupée en 8 ; 1 petit chou vert frisé ; 150 g de lardons fumés
- 2 carottes
- 1 oignon ; 1 gousse d'ail ; 15 cl de bouillon de volaille ; 1 bouquet garni
- 20 g de beurre ; sel, poivre
# Retirez le trognon du chou et émincez-le finement : ainsi il cuit sans être blanchi.
# Dans l'autocuiseur ouvert, faites dorer les morceaux de pintade 5 minutes au
  beurre avec les lardons et l'oignon émincé.
# Ajoutez l'ail, les carottes en fines rondelles, le chou, le bouquet garni et le bouillon ; salez
  peu et poivrez.
# Fermez et comptez 12 minutes après la mise en rotation de la soupape. Laissez retomber la
  pression, retirez le bouquet garni et servez bien chaud.

= Suprêmes de pintade à la crème et aux champignons
cat: plat | parts: 4 | prép: 10 | cuisson: 20 | matériel: poêle | tags: pintade, rapide
- 4 suprêmes de pintade ; 250 g de champignons de Paris ; 1 échalote ; 20 cl de crème fraîche
- 15 g de beurre ; sel, poivre
# Faites dorer les suprêmes côté peau 6 minutes au beurre, retournez-les et poursuivez 6 minutes à
  feu doux.
# Réservez la viande, faites suer l'échalote hachée puis les champignons émincés 5 minutes.
# Versez la crème, remettez les suprêmes, laissez napper 3 minutes, salez et poivrez.

= Émincé de pintade au miel et au citron
cat: plat | parts: 4 | prép: 10 | cuisson: 12 | matériel: poêle | régimes: gluten-free
tags: pintade, rapide
- 4 filets de pintade ; 2 cuillères à soupe de miel ; 1 citron jaune ; 1 gousse d'ail
- 1 cuillère à soupe d'huile d'olive ; thym frais
# Taillez les filets en lanières d'un centimètre, pressez le citron et râpez un peu de son zeste.
# Saisissez la pintade 5 minutes à feu vif dans l'huile avec l'ail écrasé.
# Ajoutez le miel, le jus et le zeste de citron, le thym, et laissez caraméliser 4 minutes en
  remuant.

= Brochettes de pintade aux poivrons
cat: plat | parts: 4 | prép: 15 | cuisson: 12 | matériel: grill | régimes: gluten-free
tags: pintade, rapide, été
- 4 filets de pintade ; 1 poivron rouge ; 1 poivron jaune ; 1 oignon rouge
- 3 cuillères à soupe d'huile d'olive
- 1 cuillère à café de paprika ; herbes de Provence ; sel, poivre
# Coupez la pintade en cubes, les poivrons et l'oignon en morceaux de même taille.
# Mélangez le tout avec l'huile, le paprika et les herbes, puis enfilez sur des piques en alternant.
# Faites griller 10 à 12 minutes en tournant souvent, salez et poivrez au moment de servir.

= Cuisses de pintade aux lentilles vertes à l'autocuiseur
région: Auvergne | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 25
matériel: autocuiseur | régimes: gluten-free | tags: pintade, lentilles
- 4 cuisses de pintade ; 300 g de lentilles vertes du Puy ; 1 carotte
- 1 oignon piqué d'un clou de girofle
- 100 g de lardons ; 1 bouquet garni ; 60 cl d'eau ; 1 cuillère à soupe d'huile ; sel, poivre
# Faites dorer les cuisses dans l'autocuiseur avec l'huile et les lardons.
# Ajoutez les lentilles rincées, la carotte en dés, l'oignon, le bouquet garni et l'eau.
# Fermez et comptez 20 minutes sous pression. Salez seulement en fin de cuisson.

= Pintade rôtie aux pommes
région: Normandie | cuisine: terroir | cat: plat | parts: 5 | prép: 15 | cuisson: 75
matériel: four | régimes: gluten-free | tags: pintade, dimanche
- 1 pintade de 1,5 kg ; 5 pommes reinettes ; 30 g de beurre demi-sel ; 10 cl de cidre brut
- 1 cuillère à soupe de calvados ; sel, poivre
# Préchauffez le four à 200 °C. Salez et poivrez la pintade dedans et dehors, glissez une pomme à
  l'intérieur.
# Enduisez-la de beurre et enfournez 30 minutes, puis arrosez de cidre.
# Ajoutez les pommes coupées en quartiers autour et poursuivez 45 minutes en arrosant souvent.
# Flambez au calvados juste avant de découper.

= Salade tiède de pintade aux noix
région: Périgord | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 10
matériel: poêle | tags: pintade, rapide, salade
- 2 filets de pintade ; 1 salade frisée ; 60 g de cerneaux de noix ; 1 échalote
- 2 cuillères à soupe d'huile de noix
- 1 cuillère à soupe de vinaigre de vin ; 1 cuillère à café de moutarde ; sel, poivre
# Préparez la vinaigrette avec la moutarde, le vinaigre, l'huile de noix et l'échalote ciselée.
# Poêlez les filets 4 minutes par face, puis tranchez-les finement.
# Torréfiez les noix 2 minutes à sec, dressez la salade, la pintade tiède et les noix, arrosez de
  sauce.

= Blanquette de veau
cat: plat | parts: 6 | prép: 30 | cuisson: 110 | matériel: cocotte | tags: mijoté, dimanche
- 1,2 kg d'épaule de veau en morceaux ; 2 carottes ; 1 oignon piqué de 2 clous de girofle
- 1 bouquet garni
- 250 g de champignons de Paris ; 40 g de beurre ; 40 g de farine ; 20 cl de crème ; 1 jaune d'œuf
- 1 citron ; sel, poivre
# Couvrez la viande d'eau froide, portez à ébullition et écumez, puis ajoutez légumes et bouquet
  garni.
# Laissez frémir 1 h 30 à couvert. Faites cuire les champignons à part dans un peu de bouillon.
# Préparez un roux avec le beurre et la farine, mouillez avec 50 cl de bouillon filtré et laissez
  épaissir.
# Hors du feu, liez avec la crème, le jaune et un filet de citron, puis réunissez viande et
  champignons.

= Pot-au-feu à l'autocuiseur
cat: plat | parts: 6 | prép: 25 | cuisson: 55 | matériel: autocuiseur | régimes: gluten-free
tags: mijoté, hiver
- 800 g de paleron ; 600 g de plat de côtes ; 2 os à moelle ; 4 carottes ; 3 poireaux ; 2 navets
- 1 branche de céleri ; 1 oignon piqué de clous de girofle ; 1 bouquet garni
- gros sel, poivre en grains
# Mettez les viandes dans l'autocuiseur, couvrez d'eau froide, portez à ébullition et écumez.
# Ajoutez l'oignon, le bouquet garni, le gros sel et le poivre, fermez et comptez 35 minutes.
# Ouvrez, ajoutez les légumes épluchés et les os à moelle, refermez pour 15 minutes.
# Servez le bouillon en entrée, puis viandes et légumes avec moutarde et cornichons.

= Gratin dauphinois
région: Dauphiné | cuisine: terroir | cat: accompagnement | parts: 6 | prép: 20 | cuisson: 75
matériel: four | régimes: vegetarian, gluten-free | tags: gratin
- 1,2 kg de pommes de terre à chair ferme ; 50 cl de lait entier ; 25 cl de crème ; 2 gousses d'ail
- 20 g de beurre ; muscade ; sel, poivre
# Épluchez les pommes de terre et coupez-les en fines rondelles sans les laver.
# Faites-les frémir 10 minutes dans le lait et la crème avec l'ail, le sel, le poivre et la muscade.
# Versez dans un plat beurré frotté d'ail et enfournez 1 heure à 160 °C, jusqu'à ce que le dessus
  soit doré.

= Quiche lorraine
région: Lorraine | cuisine: terroir | cat: plat | parts: 6 | prép: 15 | cuisson: 35 | matériel: four
tags: tarte
- 1 pâte brisée ; 200 g de lardons fumés ; 3 œufs ; 20 cl de crème épaisse ; 20 cl de lait ; muscade
- sel, poivre
# Préchauffez le four à 200 °C, foncez un moule avec la pâte et piquez le fond.
# Faites rissoler les lardons sans matière grasse et répartissez-les sur la pâte.
# Battez les œufs avec la crème, le lait, la muscade, peu de sel et du poivre, versez et cuisez 35
  minutes.

= Ratatouille
région: Provence | cuisine: terroir | cat: plat | parts: 6 | prép: 25 | cuisson: 50
matériel: cocotte | régimes: vegan, gluten-free | tags: légumes, été
- 2 aubergines ; 3 courgettes ; 2 poivrons ; 5 tomates ; 2 oignons ; 3 gousses d'ail
- 6 cuillères à soupe d'huile d'olive
- thym, laurier ; sel, poivre
# Coupez tous les légumes en gros dés et faites-les revenir séparément à l'huile d'olive.
# Réunissez-les dans la cocotte avec l'ail écrasé, le thym et le laurier.
# Laissez mijoter 40 minutes à feu doux à couvert, puis 10 minutes à découvert pour réduire.

= Soupe à l'oignon gratinée
région: Paris | cuisine: terroir | cat: soupe | parts: 4 | prép: 15 | cuisson: 45 | matériel: four
régimes: vegetarian | tags: soupe, hiver
- 6 oignons jaunes ; 40 g de beurre ; 1 cuillère à soupe de farine ; 1 l de bouillon de légumes
- 10 cl de vin blanc sec
- 8 tranches de baguette ; 120 g de comté râpé ; sel, poivre
# Émincez les oignons et faites-les fondre 20 minutes au beurre jusqu'à une belle couleur blonde.
# Saupoudrez de farine, mouillez avec le vin puis le bouillon, et laissez cuire 20 minutes.
# Versez dans des bols, couvrez de pain grillé et de fromage, passez 5 minutes sous le gril.

= Croque-monsieur
cat: plat | parts: 4 | prép: 10 | cuisson: 10 | matériel: four | tags: rapide, enfants
- 8 tranches de pain de mie ; 4 tranches de jambon blanc ; 150 g d'emmental râpé ; 20 g de beurre
- 10 cl de béchamel
# Beurrez les tranches de pain, garnissez la moitié de jambon et d'un peu d'emmental.
# Refermez, nappez de béchamel et parsemez du reste de fromage.
# Faites dorer 10 minutes au four à 220 °C.

= Crêpes
région: Bretagne | cuisine: terroir | cat: dessert | parts: 6 | prép: 10 | cuisson: 25 | repos: 60
matériel: crêpière | régimes: vegetarian | tags: goûter, enfants
- 250 g de farine ; 4 œufs ; 50 cl de lait ; 1 pincée de sel ; 1 cuillère à soupe de sucre
- 50 g de beurre fondu
# Mélangez farine, sel et sucre, creusez un puits et ajoutez les œufs, puis le lait petit à petit.
# Incorporez le beurre fondu et laissez reposer la pâte 1 heure.
# Faites cuire les crêpes dans une poêle chaude légèrement graissée, une minute environ par face.

= Bœuf bourguignon
région: Bourgogne | cuisine: terroir | cat: plat | parts: 6 | prép: 30 | cuisson: 180
matériel: cocotte | tags: mijoté, dimanche
- 1,5 kg de paleron de bœuf ; 75 cl de vin rouge de Bourgogne ; 200 g de lardons
- 250 g de champignons ; 12 petits oignons
- 2 carottes ; 2 gousses d'ail ; 1 bouquet garni ; 2 cuillères à soupe de farine ; 30 g de beurre
- sel, poivre
# Faites dorer la viande en cubes au beurre par petites quantités, puis les lardons et les oignons.
# Remettez la viande, saupoudrez de farine, mouillez avec le vin, ajoutez carottes, ail et bouquet
  garni.
# Laissez mijoter 3 heures à couvert à feu très doux, ajoutez les champignons 30 minutes avant la
  fin.

= Poulet basquaise
région: Pays basque | cuisine: terroir | cat: plat | parts: 4 | prép: 20 | cuisson: 45
matériel: cocotte | régimes: gluten-free | tags: volaille
- 1 poulet découpé en 8 ; 3 poivrons ; 4 tomates ; 2 oignons ; 2 gousses d'ail
- 1 tranche de jambon de Bayonne
- 1 cuillère à café de piment d'Espelette ; 3 cuillères à soupe d'huile d'olive ; sel
# Faites dorer les morceaux de poulet dans l'huile, puis réservez-les.
# Faites fondre oignons et poivrons en lanières, ajoutez l'ail, les tomates concassées et le jambon
  en dés.
# Remettez le poulet, assaisonnez au piment d'Espelette et laissez mijoter 35 minutes à couvert.

= Tartiflette
région: Savoie | cuisine: terroir | cat: plat | parts: 6 | prép: 20 | cuisson: 45 | matériel: four
régimes: gluten-free | tags: gratin, hiver, fromage
- 1,2 kg de pommes de terre ; 1 reblochon ; 200 g de lardons ; 2 oignons
- 10 cl de vin blanc de Savoie ; 10 cl de crème ; poivre
# Faites cuire les pommes de terre 20 minutes à l'eau, épluchez-les et coupez-les en rondelles.
# Faites revenir oignons et lardons, déglacez au vin blanc.
# Alternez pommes de terre et lardons dans un plat, ajoutez la crème et posez le reblochon coupé en
  deux.
# Enfournez 25 minutes à 200 °C.

= Hachis parmentier
cat: plat | parts: 6 | prép: 25 | cuisson: 40 | matériel: four | régimes: gluten-free
tags: familial, enfants
- 1 kg de pommes de terre ; 600 g de bœuf haché ; 2 oignons ; 1 gousse d'ail ; 25 cl de lait
- 50 g de beurre
- 60 g de gruyère râpé ; persil ; sel, poivre
# Faites cuire les pommes de terre et écrasez-les en purée avec le lait chaud et le beurre.
# Faites revenir les oignons, l'ail et la viande 10 minutes, ajoutez le persil, salez et poivrez.
# Étalez la viande dans un plat, couvrez de purée, parsemez de fromage et gratinez 20 minutes à 200
  °C.

= Omelette aux fines herbes
cat: plat | parts: 2 | prép: 5 | cuisson: 5 | matériel: poêle | régimes: vegetarian, gluten-free
tags: rapide, œufs
- 5 œufs ; 1 cuillère à soupe de ciboulette ; 1 cuillère à soupe de persil
- quelques feuilles d'estragon ; 15 g de beurre ; sel, poivre
# Battez les œufs avec les herbes ciselées, salez et poivrez.
# Versez dans le beurre mousseux et ramenez les bords vers le centre pendant 2 minutes.
# Pliez l'omelette encore baveuse et servez aussitôt.

= Salade niçoise
région: Nice | cuisine: terroir | cat: entrée | parts: 4 | prép: 20 | cuisson: 10
régimes: gluten-free | tags: salade, été
- 4 tomates ; 1 poivron vert ; 1 concombre ; 3 œufs ; 1 boîte de thon à l'huile ; 8 filets d'anchois
- 12 olives noires de Nice ; 4 cébettes ; huile d'olive ; sel, poivre
# Faites durcir les œufs 10 minutes, refroidissez-les et coupez-les en quartiers.
# Coupez les tomates en quartiers, le poivron et les cébettes en fines lanières, le concombre en
  rondelles.
# Disposez le tout avec le thon, les anchois et les olives, arrosez d'huile d'olive au moment de
  servir.

= Soupe de légumes à l'autocuiseur
cat: soupe | parts: 6 | prép: 15 | cuisson: 15 | matériel: autocuiseur, mixeur
régimes: vegan, gluten-free | tags: soupe, hiver, rapide
- 3 carottes ; 2 poireaux ; 3 pommes de terre ; 1 navet ; 1 oignon ; 1,5 l d'eau
- 1 cube de bouillon de légumes ; sel, poivre
# Épluchez et coupez les légumes en morceaux.
# Mettez-les dans l'autocuiseur avec l'eau et le bouillon, fermez et comptez 10 minutes sous
  pression.
# Mixez finement, rectifiez l'assaisonnement.

= Saucisses de Morteau aux lentilles
région: Franche-Comté | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 45
matériel: cocotte | régimes: gluten-free | tags: hiver
- 2 saucisses de Morteau ; 350 g de lentilles vertes ; 1 oignon ; 2 carottes ; 1 bouquet garni
- sel, poivre
# Piquez les saucisses et faites-les frémir 40 minutes dans l'eau sans bouillir.
# Faites cuire les lentilles 25 minutes avec l'oignon, les carottes et le bouquet garni, salez à la
  fin.
# Servez les saucisses tranchées sur les lentilles égouttées.

= Coq au vin
région: Bourgogne | cuisine: terroir | cat: plat | parts: 6 | prép: 30 | cuisson: 150
matériel: cocotte | tags: mijoté, volaille
- 1 coq ou 1 gros poulet fermier en morceaux ; 75 cl de vin rouge ; 150 g de lardons
- 250 g de champignons
- 12 petits oignons ; 2 gousses d'ail ; 1 bouquet garni ; 2 cuillères à soupe de farine
- 30 g de beurre ; sel, poivre
# La veille si possible, faites mariner les morceaux dans le vin avec l'ail et le bouquet garni.
# Égouttez et faites dorer la volaille au beurre, saupoudrez de farine puis versez la marinade.
# Laissez mijoter 2 heures, puis ajoutez lardons, oignons et champignons poêlés pour 30 minutes.

= Endives au jambon
région: Nord | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 45 | matériel: four
tags: gratin, hiver
- 8 endives ; 8 tranches de jambon blanc ; 50 cl de béchamel ; 80 g de gruyère râpé
- 1 pincée de sucre ; sel, poivre
# Faites cuire les endives 20 minutes à la poêle, couvertes, avec une pincée de sucre, puis
  égouttez-les bien.
# Roulez chaque endive dans une tranche de jambon et rangez-les dans un plat.
# Nappez de béchamel, parsemez de gruyère et gratinez 25 minutes à 200 °C.

= Carbonade flamande
région: Flandre | cuisine: terroir | cat: plat | parts: 6 | prép: 20 | cuisson: 150
matériel: cocotte | tags: mijoté, bière
- 1,2 kg de bœuf à braiser ; 3 oignons ; 50 cl de bière brune ; 2 tranches de pain d'épices
- 1 cuillère à soupe de moutarde
- 1 cuillère à soupe de cassonade ; 1 cuillère à soupe de vinaigre ; thym, laurier ; 30 g de beurre
- sel, poivre
# Faites dorer la viande au beurre, puis les oignons émincés.
# Versez la bière, ajoutez la cassonade, le vinaigre, le thym et le laurier.
# Posez dessus le pain d'épices tartiné de moutarde et laissez mijoter 2 h 30 à couvert.

= Moules marinières
région: Bretagne | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 10
matériel: cocotte | régimes: gluten-free | tags: rapide, fruits de mer
- 2 l de moules de bouchot ; 2 échalotes ; 20 cl de vin blanc sec ; 30 g de beurre
- 1 bouquet de persil ; poivre
# Grattez et rincez les moules, jetez celles qui restent ouvertes.
# Faites suer les échalotes au beurre, versez le vin puis les moules.
# Couvrez et secouez la cocotte 6 à 8 minutes jusqu'à ouverture, parsemez de persil.

= Flamiche aux poireaux
région: Picardie | cuisine: terroir | cat: plat | parts: 6 | prép: 20 | cuisson: 40 | matériel: four
régimes: vegetarian | tags: tarte, légumes
- 2 pâtes brisées ; 1 kg de poireaux ; 40 g de beurre ; 2 œufs ; 20 cl de crème ; muscade
- sel, poivre
# Émincez les poireaux et faites-les fondre 15 minutes au beurre.
# Mélangez-les avec les œufs battus, la crème, la muscade, du sel et du poivre.
# Garnissez un moule d'une pâte, versez la préparation, couvrez de la seconde pâte et cuisez 40
  minutes à 190 °C.

= Aligot
région: Aubrac | cuisine: terroir | cat: accompagnement | parts: 6 | prép: 15 | cuisson: 30
régimes: vegetarian, gluten-free | tags: fromage, hiver
- 1 kg de pommes de terre farineuses ; 400 g de tomme fraîche de l'Aubrac ; 20 cl de crème
- 50 g de beurre ; 1 gousse d'ail ; sel
# Faites cuire les pommes de terre à l'eau, puis réduisez-les en purée avec le beurre, la crème et
  l'ail.
# Sur feu doux, ajoutez la tomme en lamelles et travaillez vigoureusement à la spatule.
# L'aligot est prêt quand il file en longs rubans lisses.

= Piperade
région: Pays basque | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 30
matériel: poêle | régimes: vegetarian, gluten-free | tags: légumes, œufs
- 4 poivrons verts et rouges ; 4 tomates ; 2 oignons ; 2 gousses d'ail ; 4 œufs ; piment d'Espelette
- huile d'olive ; sel
# Faites fondre les oignons et les poivrons en lanières dans l'huile 15 minutes.
# Ajoutez l'ail et les tomates concassées, laissez compoter 10 minutes avec le piment.
# Versez les œufs battus et remuez doucement jusqu'à ce qu'ils soient tout juste pris.

= Tarte Tatin
région: Sologne | cuisine: terroir | cat: dessert | parts: 8 | prép: 20 | cuisson: 45
matériel: four | régimes: vegetarian | tags: pommes
- 1 pâte brisée ; 1,2 kg de pommes (reinettes ou golden) ; 120 g de sucre ; 80 g de beurre
# Faites un caramel blond avec le sucre et le beurre directement dans le moule.
# Rangez les pommes en quartiers bien serrés et laissez-les cuire 10 minutes sur le feu.
# Couvrez de pâte en rentrant les bords, enfournez 35 minutes à 200 °C et démoulez tiède.

= Mousse au chocolat
cat: dessert | parts: 6 | prép: 20 | cuisson: 5 | repos: 180 | régimes: vegetarian, gluten-free
tags: chocolat
- 200 g de chocolat noir ; 6 œufs ; 1 pincée de sel ; 30 g de sucre
# Faites fondre le chocolat au bain-marie, laissez tiédir et incorporez les jaunes un à un.
# Montez les blancs en neige ferme avec le sel, serrez-les avec le sucre.
# Incorporez délicatement les blancs au chocolat et réservez au moins 3 heures au frais.

= Clafoutis aux cerises
région: Limousin | cuisine: terroir | cat: dessert | parts: 6 | prép: 15 | cuisson: 40
matériel: four | régimes: vegetarian | tags: fruits, été
- 500 g de cerises ; 3 œufs ; 100 g de sucre ; 80 g de farine ; 40 cl de lait ; 20 g de beurre
- 1 pincée de sel
# Beurrez un plat et répartissez les cerises, non dénoyautées comme le veut la tradition.
# Fouettez les œufs et le sucre, ajoutez la farine et le sel, puis le lait.
# Versez sur les fruits et cuisez 40 minutes à 180 °C.

= Far breton
région: Bretagne | cuisine: terroir | cat: dessert | parts: 8 | prép: 15 | cuisson: 50
matériel: four | régimes: vegetarian | tags: pruneaux
- 250 g de pruneaux ; 200 g de farine ; 150 g de sucre ; 4 œufs ; 75 cl de lait
- 30 g de beurre demi-sel
# Mélangez la farine et le sucre, ajoutez les œufs puis le lait en fouettant.
# Versez dans un plat beurré, répartissez les pruneaux.
# Cuisez 50 minutes à 200 °C, jusqu'à ce que le dessus soit bien doré.

= Riz au lait
cat: dessert | parts: 6 | prép: 5 | cuisson: 45 | régimes: vegetarian, gluten-free | tags: enfants
- 150 g de riz rond ; 1 l de lait entier ; 80 g de sucre ; 1 gousse de vanille
# Faites bouillir le lait avec la gousse de vanille fendue.
# Versez le riz en pluie et laissez cuire 40 minutes à feu très doux en remuant souvent.
# Ajoutez le sucre en fin de cuisson et servez tiède ou froid.

= Velouté de potiron
cat: soupe | parts: 4 | prép: 15 | cuisson: 25 | matériel: mixeur | régimes: vegetarian, gluten-free
tags: soupe, automne
- 1 kg de potiron ; 1 pomme de terre ; 1 oignon ; 75 cl de bouillon de légumes ; 10 cl de crème
- muscade ; sel, poivre
# Coupez le potiron et la pomme de terre en cubes, émincez l'oignon.
# Faites cuire le tout 25 minutes dans le bouillon.
# Mixez avec la crème, relevez d'une pointe de muscade.

= Tomates farcies
région: Provence | cuisine: terroir | cat: plat | parts: 4 | prép: 25 | cuisson: 45 | matériel: four
tags: légumes, été
- 8 tomates ; 400 g de chair à saucisse ; 1 oignon ; 2 gousses d'ail ; 1 œuf
- 2 cuillères à soupe de chapelure ; persil ; sel, poivre
# Décalottez les tomates, videz-les et retournez-les pour les égoutter.
# Mélangez la chair à saucisse, l'oignon et l'ail hachés, l'œuf, la chapelure et le persil.
# Farcissez les tomates, reposez les chapeaux et cuisez 45 minutes à 180 °C.

= Navarin d'agneau printanier
cat: plat | parts: 6 | prép: 25 | cuisson: 90 | matériel: cocotte | tags: mijoté, printemps
- 1,2 kg d'épaule d'agneau ; 12 navets nouveaux ; 12 carottes fanes ; 200 g de petits pois
- 12 petits oignons
- 2 tomates ; 1 cuillère à soupe de farine ; 1 bouquet garni ; 2 cuillères à soupe d'huile
- sel, poivre
# Faites dorer l'agneau dans l'huile, saupoudrez de farine et mouillez d'eau à hauteur.
# Ajoutez les tomates concassées et le bouquet garni, laissez mijoter 1 heure.
# Ajoutez navets, carottes et oignons pour 20 minutes, puis les petits pois pour 10 minutes.

= Daube provençale
région: Provence | cuisine: terroir | cat: plat | parts: 6 | prép: 30 | cuisson: 210
matériel: cocotte | tags: mijoté, vin
- 1,5 kg de joue de bœuf ; 75 cl de vin rouge ; 150 g de lardons ; 3 carottes ; 2 oignons
- 1 zeste d'orange
- 3 gousses d'ail ; 100 g d'olives noires ; thym, laurier ; 2 cuillères à soupe d'huile d'olive
- sel, poivre
# Faites mariner la viande une nuit dans le vin avec les légumes, l'ail, le zeste et les herbes.
# Égouttez et faites dorer la viande avec les lardons, puis versez la marinade.
# Laissez mijoter 3 h 30 à tout petit feu, ajoutez les olives pour la dernière demi-heure.

= Pissaladière
région: Nice | cuisine: terroir | cat: entrée | parts: 6 | prép: 20 | cuisson: 55 | matériel: four
tags: tarte, apéritif
- 1 pâte à pain ; 1,5 kg d'oignons ; 12 filets d'anchois ; 20 olives noires
- 5 cuillères à soupe d'huile d'olive ; thym
# Faites fondre les oignons émincés 35 minutes à l'huile d'olive avec le thym, sans coloration.
# Étalez la pâte sur une plaque huilée et couvrez-la d'oignons.
# Décorez d'anchois en croisillons et d'olives, cuisez 20 minutes à 220 °C.

= Galettes complètes
région: Bretagne | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 20 | repos: 60
matériel: crêpière | tags: enfants
- 250 g de farine de sarrasin ; 60 cl d'eau ; 1 œuf par galette ; 4 tranches de jambon
- 120 g d'emmental râpé ; beurre ; sel
# Mélangez la farine, le sel et l'eau pour obtenir une pâte lisse, laissez reposer 1 heure.
# Étalez une louche de pâte sur la crêpière beurrée bien chaude.
# Cassez un œuf au centre, ajoutez jambon et fromage, repliez les bords quand le blanc est pris.

= Œufs cocotte à la crème
cat: entrée | parts: 4 | prép: 5 | cuisson: 12 | matériel: four | régimes: vegetarian, gluten-free
tags: rapide, œufs
- 4 œufs ; 8 cuillères à soupe de crème fraîche ; 1 cuillère à soupe de ciboulette ; 10 g de beurre
- sel, poivre
# Beurrez quatre ramequins et déposez deux cuillères de crème au fond de chacun.
# Cassez un œuf par ramequin, salez, poivrez.
# Cuisez 12 minutes au bain-marie dans le four à 180 °C et parsemez de ciboulette.

= Truffade
région: Auvergne | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 30
matériel: poêle | régimes: gluten-free | tags: fromage, hiver
- 1 kg de pommes de terre ; 400 g de tomme fraîche de Cantal ; 100 g de lardons ; 2 gousses d'ail
- 1 cuillère à soupe de saindoux ; sel, poivre
# Faites revenir les pommes de terre en fines lamelles dans le saindoux avec les lardons, 25
  minutes.
# Ajoutez l'ail haché et la tomme en lamelles, mélangez jusqu'à ce que le fromage file.
# Laissez dorer le dessous quelques minutes et retournez la truffade sur un plat.

= Poulet à l'estragon à l'autocuiseur
cat: plat | parts: 4 | prép: 15 | cuisson: 20 | matériel: autocuiseur | régimes: gluten-free
tags: volaille
- 4 cuisses de poulet ; 1 échalote ; 10 cl de vin blanc ; 20 cl de crème ; 1 bouquet d'estragon
- 15 g de beurre ; sel, poivre
# Faites dorer les cuisses au beurre dans l'autocuiseur ouvert avec l'échalote hachée.
# Versez le vin blanc, ajoutez la moitié de l'estragon, fermez et comptez 15 minutes sous pression.
# Ouvrez, ajoutez la crème et le reste de l'estragon ciselé, laissez réduire 5 minutes.

= Gratin de chou-fleur
cat: accompagnement | parts: 4 | prép: 15 | cuisson: 35 | matériel: four | régimes: vegetarian
tags: gratin, légumes
- 1 chou-fleur ; 40 cl de béchamel ; 80 g de comté râpé ; muscade ; sel, poivre
# Détaillez le chou-fleur en bouquets et faites-les cuire 10 minutes à l'eau salée.
# Égouttez-les soigneusement et rangez-les dans un plat à gratin.
# Nappez de béchamel muscadée, couvrez de comté et gratinez 25 minutes à 200 °C.
"""


def demo_recipes() -> list[RecipeRecord]:
    return parse_recipe_text(RECIPES, source=SOURCE, attribution=ATTRIBUTION)


def demo_recipes_en() -> list[RecipeRecord]:
    """The English versions, paired with the French originals."""
    return english_versions(demo_recipes())


def all_demo_recipes() -> list[RecipeRecord]:
    originals = demo_recipes()
    return [*originals, *english_versions(originals)]


def seed_demo_recipes(*, session: Session) -> int:
    """Upsert the demo recipes (source "demo"), French and English; returns how many were
    inserted or updated."""
    result = upsert_recipes(session=session, records=all_demo_recipes())
    return result.inserted + result.updated
