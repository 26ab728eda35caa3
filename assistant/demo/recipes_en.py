"""The demo's home recipes in English, for English-speaking households: the French set
(`recipes_fr`) block for block, in the same order.

Titles, ingredients and steps are translated; the meta lines are not (their keys and
values are machine keys: cuisine "terroir", equipment "autocuiseur", tags, diets). Each
recipe is seeded as the English version of the French one at the same place
(`recipes.translations`), and its ingredient lines meet the French ones on the same
ingredient keys, so ranking treats both alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.demo.importers.recipe_text import RecipeTextError, parse_recipe_text
from assistant.demo.importers.recipes import RecipeRecord
from assistant.recipes.translations import translation_id

LANG = "en"
ATTRIBUTION = "Carchan, home recipes"

RECIPES = """
= Quercy-style guinea fowl with cabbage in the pressure cooker
région: Quercy | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 18
matériel: autocuiseur | tags: pintade, hiver, chou
- 1 free-range guinea fowl (about 1.3 kg), cut into 8 ; 1 small savoy cabbage
- 150 g smoked bacon lardons
- 2 carrots
- 1 onion ; 1 garlic clove ; 150 ml chicken stock ; 1 bouquet garni
- 20 g butter ; salt, black pepper
# Cut out the core of the cabbage and shred it finely: that way it cooks without blanching.
# In the open pressure cooker, brown the guinea fowl pieces in the butter for 5 minutes with the
  lardons and the sliced onion.
# Add the garlic, the carrots in thin rounds, the cabbage, the bouquet garni and the stock; season
  lightly with salt and add pepper.
# Close the lid and cook for 12 minutes once the valve starts to hiss. Let the pressure drop,
  remove the bouquet garni and serve piping hot.

= Guinea fowl suprêmes with cream and mushrooms
cat: plat | parts: 4 | prép: 10 | cuisson: 20 | matériel: poêle | tags: pintade, rapide
- 4 guinea fowl suprêmes ; 250 g button mushrooms ; 1 shallot ; 200 ml crème fraîche
- 15 g butter ; salt, black pepper
# Brown the suprêmes skin side down in the butter for 6 minutes, turn them over and cook for
  another 6 minutes over a low heat.
# Set the meat aside, soften the chopped shallot, then the sliced mushrooms, for 5 minutes.
# Pour in the crème fraîche, return the suprêmes to the pan and let the sauce coat them for
  3 minutes; season with salt and pepper.

= Guinea fowl strips with honey and lemon
cat: plat | parts: 4 | prép: 10 | cuisson: 12 | matériel: poêle | régimes: gluten-free
tags: pintade, rapide
- 4 guinea fowl breast fillets ; 2 tbsp honey ; 1 lemon ; 1 garlic clove
- 1 tbsp olive oil ; fresh thyme
# Cut the fillets into strips 1 cm wide, squeeze the lemon and grate a little of its zest.
# Sear the guinea fowl over a high heat in the oil with the crushed garlic for 5 minutes.
# Add the honey, the lemon juice and zest and the thyme, and let it caramelise for 4 minutes,
  stirring.

= Guinea fowl skewers with red and yellow peppers
cat: plat | parts: 4 | prép: 15 | cuisson: 12 | matériel: grill | régimes: gluten-free
tags: pintade, rapide, été
- 4 guinea fowl breast fillets ; 1 red pepper ; 1 yellow pepper ; 1 red onion
- 3 tbsp olive oil
- 1 tsp paprika ; herbes de Provence ; salt, black pepper
# Cut the guinea fowl into cubes, and the peppers and onion into pieces of the same size.
# Toss everything with the oil, paprika and herbs, then thread onto skewers, alternating.
# Grill for 10 to 12 minutes, turning often, and season with salt and pepper just before serving.

= Guinea fowl legs with Puy lentils in the pressure cooker
région: Auvergne | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 25
matériel: autocuiseur | régimes: gluten-free | tags: pintade, lentilles
- 4 guinea fowl legs ; 300 g Puy green lentils ; 1 carrot
- 1 onion studded with a clove
- 100 g lardons ; 1 bouquet garni ; 600 ml water ; 1 tbsp oil ; salt, black pepper
# Brown the legs in the pressure cooker with the oil and the lardons.
# Add the rinsed lentils, the diced carrot, the onion, the bouquet garni and the water.
# Close the lid and cook for 20 minutes under pressure. Add salt only at the end.

= Roast guinea fowl with apples
région: Normandie | cuisine: terroir | cat: plat | parts: 5 | prép: 15 | cuisson: 75
matériel: four | régimes: gluten-free | tags: pintade, dimanche
- 1 guinea fowl (1.5 kg) ; 5 Reinette apples ; 30 g salted butter ; 100 ml dry cider
- 1 tbsp calvados ; salt, black pepper
# Preheat the oven to 200 °C. Season the guinea fowl inside and out, and slip an apple into the
  cavity.
# Rub it with butter and roast for 30 minutes, then baste with the cider.
# Add the apples, cut into quarters, around the bird and roast for a further 45 minutes, basting
  often.
# Flambé with the calvados just before carving.

= Warm guinea fowl salad with walnuts
région: Périgord | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 10
matériel: poêle | tags: pintade, rapide, salade
- 2 guinea fowl breast fillets ; 1 frisée lettuce ; 60 g walnut halves ; 1 shallot
- 2 tbsp walnut oil
- 1 tbsp wine vinegar ; 1 tsp mustard ; salt, black pepper
# Make the dressing with the mustard, vinegar, walnut oil and finely chopped shallot.
# Pan-fry the fillets for 4 minutes on each side, then slice them thinly.
# Toast the walnuts in a dry pan for 2 minutes, arrange the salad, the warm guinea fowl and the
  walnuts, and drizzle with the dressing.

= Blanquette of veal
cat: plat | parts: 6 | prép: 30 | cuisson: 110 | matériel: cocotte | tags: mijoté, dimanche
- 1.2 kg veal shoulder, diced ; 2 carrots ; 1 onion studded with 2 cloves
- 1 bouquet garni
- 250 g button mushrooms ; 40 g butter ; 40 g plain flour ; 200 ml double cream ; 1 egg yolk
- 1 lemon ; salt, black pepper
# Cover the meat with cold water, bring to the boil and skim, then add the vegetables and the
  bouquet garni.
# Simmer, covered, for 1 hour 30 minutes. Cook the mushrooms separately in a little of the stock.
# Make a roux with the butter and flour, add 500 ml of the strained stock and let it thicken.
# Off the heat, stir in the cream, the egg yolk and a squeeze of lemon, then combine the meat and
  mushrooms with the sauce.

= Pot-au-feu in the pressure cooker
cat: plat | parts: 6 | prép: 25 | cuisson: 55 | matériel: autocuiseur | régimes: gluten-free
tags: mijoté, hiver
- 800 g paleron (beef chuck) ; 600 g beef short ribs ; 2 marrow bones ; 4 carrots ; 3 leeks
- 2 turnips
- 1 celery stick ; 1 onion studded with cloves ; 1 bouquet garni
- coarse salt, black peppercorns
# Put the meat in the pressure cooker, cover with cold water, bring to the boil and skim.
# Add the onion, the bouquet garni, the coarse salt and the peppercorns, close the lid and cook
  for 35 minutes.
# Open, add the peeled vegetables and the marrow bones, and close again for 15 minutes.
# Serve the broth as a starter, then the meat and vegetables with mustard and gherkins.

= Gratin dauphinois
région: Dauphiné | cuisine: terroir | cat: accompagnement | parts: 6 | prép: 20 | cuisson: 75
matériel: four | régimes: vegetarian, gluten-free | tags: gratin
- 1.2 kg waxy potatoes ; 500 ml whole milk ; 250 ml cream ; 2 garlic cloves
- 20 g butter ; nutmeg ; salt, black pepper
# Peel the potatoes and slice them thinly without rinsing them.
# Simmer them for 10 minutes in the milk and cream with the garlic, salt, pepper and nutmeg.
# Pour into a buttered dish rubbed with garlic and bake for 1 hour at 160 °C, until the top is
  golden.

= Quiche lorraine
région: Lorraine | cuisine: terroir | cat: plat | parts: 6 | prép: 15 | cuisson: 35 | matériel: four
tags: tarte
- 1 sheet of shortcrust pastry ; 200 g smoked bacon lardons ; 3 eggs ; 200 ml thick cream
- 200 ml milk ; nutmeg
- salt, black pepper
# Preheat the oven to 200 °C, line a tin with the pastry and prick the base.
# Fry the lardons without any fat and scatter them over the pastry.
# Beat the eggs with the cream, milk, nutmeg, a little salt and some pepper, pour in and bake for
  35 minutes.

= Ratatouille
région: Provence | cuisine: terroir | cat: plat | parts: 6 | prép: 25 | cuisson: 50
matériel: cocotte | régimes: vegan, gluten-free | tags: légumes, été
- 2 aubergines ; 3 courgettes ; 2 red peppers ; 5 tomatoes ; 2 onions ; 3 garlic cloves
- 6 tbsp olive oil
- thyme, bay leaf ; salt, black pepper
# Cut all the vegetables into large dice and fry each one separately in olive oil.
# Combine them in the casserole with the crushed garlic, the thyme and the bay leaf.
# Simmer, covered, over a low heat for 40 minutes, then uncovered for 10 minutes to reduce.

= French onion soup
région: Paris | cuisine: terroir | cat: soupe | parts: 4 | prép: 15 | cuisson: 45 | matériel: four
régimes: vegetarian | tags: soupe, hiver
- 6 brown onions ; 40 g butter ; 1 tbsp plain flour ; 1 l vegetable stock
- 100 ml dry white wine
- 8 slices of baguette ; 120 g grated Comté ; salt, black pepper
# Slice the onions and cook them gently in the butter for 20 minutes until golden.
# Sprinkle with the flour, add the wine and then the stock, and cook for 20 minutes.
# Ladle into bowls, top with toasted bread and cheese, and put under the grill for 5 minutes.

= Croque-monsieur
cat: plat | parts: 4 | prép: 10 | cuisson: 10 | matériel: four | tags: rapide, enfants
- 8 slices of white sandwich bread ; 4 slices of cooked ham ; 150 g grated Emmental ; 20 g butter
- 100 ml béchamel sauce
# Butter the slices of bread and top half of them with ham and a little Emmental.
# Close the sandwiches, spread with béchamel and scatter over the rest of the cheese.
# Bake for 10 minutes at 220 °C until golden.

= Crêpes
région: Bretagne | cuisine: terroir | cat: dessert | parts: 6 | prép: 10 | cuisson: 25 | repos: 60
matériel: crêpière | régimes: vegetarian | tags: goûter, enfants
- 250 g plain flour ; 4 eggs ; 500 ml milk ; 1 pinch of salt ; 1 tbsp sugar
- 50 g melted butter
# Mix the flour, salt and sugar, make a well and add the eggs, then the milk a little at a time.
# Stir in the melted butter and leave the batter to rest for 1 hour.
# Cook the crêpes in a hot, lightly greased pan, for about a minute on each side.

= Beef bourguignon
région: Bourgogne | cuisine: terroir | cat: plat | parts: 6 | prép: 30 | cuisson: 180
matériel: cocotte | tags: mijoté, dimanche
- 1.5 kg beef chuck ; 750 ml red Burgundy wine ; 200 g lardons
- 250 g mushrooms ; 12 small onions
- 2 carrots ; 2 garlic cloves ; 1 bouquet garni ; 2 tbsp plain flour ; 30 g butter
- salt, black pepper
# Brown the cubed beef in the butter in small batches, then the lardons and the onions.
# Return the meat to the pot, sprinkle with the flour, pour in the wine and add the carrots,
  garlic and bouquet garni.
# Simmer, covered, over a very low heat for 3 hours, adding the mushrooms 30 minutes before the
  end.

= Basque-style chicken
région: Pays basque | cuisine: terroir | cat: plat | parts: 4 | prép: 20 | cuisson: 45
matériel: cocotte | régimes: gluten-free | tags: volaille
- 1 chicken, cut into 8 ; 3 red peppers ; 4 tomatoes ; 2 onions ; 2 garlic cloves
- 1 slice of Bayonne ham
- 1 tsp piment d'Espelette ; 3 tbsp olive oil ; salt
# Brown the chicken pieces in the oil, then set them aside.
# Soften the onions and the peppers, cut into strips, then add the garlic, the chopped tomatoes
  and the diced ham.
# Return the chicken, season with the piment d'Espelette and simmer, covered, for 35 minutes.

= Tartiflette
région: Savoie | cuisine: terroir | cat: plat | parts: 6 | prép: 20 | cuisson: 45 | matériel: four
régimes: gluten-free | tags: gratin, hiver, fromage
- 1.2 kg potatoes ; 1 whole Reblochon ; 200 g lardons ; 2 onions
- 100 ml Savoie white wine ; 100 ml cream ; black pepper
# Boil the potatoes for 20 minutes, peel them and slice them into rounds.
# Fry the onions and lardons, then deglaze with the white wine.
# Layer the potatoes and lardons in a dish, add the cream and lay the Reblochon, cut in half, on
  top.
# Bake for 25 minutes at 200 °C.

= Hachis parmentier (French cottage pie)
cat: plat | parts: 6 | prép: 25 | cuisson: 40 | matériel: four | régimes: gluten-free
tags: familial, enfants
- 1 kg potatoes ; 600 g minced beef ; 2 onions ; 1 garlic clove ; 250 ml milk
- 50 g butter
- 60 g grated Gruyère ; parsley ; salt, black pepper
# Boil the potatoes and mash them with the hot milk and the butter.
# Fry the onions, garlic and mince for 10 minutes, add the parsley and season with salt and
  pepper.
# Spread the meat in a dish, cover with the mash, scatter over the cheese and brown for 20
  minutes at 200 °C.

= Omelette with fresh herbs
cat: plat | parts: 2 | prép: 5 | cuisson: 5 | matériel: poêle | régimes: vegetarian, gluten-free
tags: rapide, œufs
- 5 eggs ; 1 tbsp chives ; 1 tbsp parsley
- a few tarragon leaves ; 15 g butter ; salt, black pepper
# Beat the eggs with the snipped herbs and season with salt and pepper.
# Pour into the foaming butter and draw the edges in towards the centre for 2 minutes.
# Fold the omelette while it is still soft in the middle and serve at once.

= Salade niçoise
région: Nice | cuisine: terroir | cat: entrée | parts: 4 | prép: 20 | cuisson: 10
régimes: gluten-free | tags: salade, été
- 4 tomatoes ; 1 green pepper ; 1 cucumber ; 3 eggs ; 1 tin of tuna (in oil) ; 8 anchovy fillets
- 12 black Niçoise olives ; 4 spring onions ; olive oil ; salt, black pepper
# Hard-boil the eggs for 10 minutes, cool them and cut them into quarters.
# Cut the tomatoes into wedges, the pepper and the spring onions into thin strips, and the
  cucumber into rounds.
# Arrange everything with the tuna, the anchovies and the olives, and drizzle with olive oil just
  before serving.

= Vegetable soup in the pressure cooker
cat: soupe | parts: 6 | prép: 15 | cuisson: 15 | matériel: autocuiseur, mixeur
régimes: vegan, gluten-free | tags: soupe, hiver, rapide
- 3 carrots ; 2 leeks ; 3 potatoes ; 1 turnip ; 1 onion ; 1.5 l water
- 1 vegetable stock cube ; salt, black pepper
# Peel the vegetables and cut them into chunks.
# Put them in the pressure cooker with the water and the stock cube, close the lid and cook for
  10 minutes under pressure.
# Blend until smooth and adjust the seasoning.

= Morteau sausages with lentils
région: Franche-Comté | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 45
matériel: cocotte | régimes: gluten-free | tags: hiver
- 2 Morteau sausages ; 350 g green lentils ; 1 onion ; 2 carrots ; 1 bouquet garni
- salt, black pepper
# Prick the sausages and poach them in barely simmering water for 40 minutes, without letting it
  boil.
# Cook the lentils for 25 minutes with the onion, the carrots and the bouquet garni, adding salt
  at the end.
# Serve the sliced sausages on the drained lentils.

= Coq au vin
région: Bourgogne | cuisine: terroir | cat: plat | parts: 6 | prép: 30 | cuisson: 150
matériel: cocotte | tags: mijoté, volaille
- 1 cockerel or 1 large free-range chicken, in pieces ; 750 ml red wine ; 150 g lardons
- 250 g mushrooms
- 12 small onions ; 2 garlic cloves ; 1 bouquet garni ; 2 tbsp plain flour
- 30 g butter ; salt, black pepper
# If you can, marinate the pieces in the wine with the garlic and the bouquet garni the day
  before.
# Drain the pieces and brown them in the butter, sprinkle with the flour, then pour in the
  marinade.
# Simmer for 2 hours, then add the lardons and the onions and mushrooms, fried, for 30 minutes.

= Chicory and ham gratin
région: Nord | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 45 | matériel: four
tags: gratin, hiver
- 8 heads of chicory ; 8 slices of cooked ham ; 500 ml béchamel sauce ; 80 g grated Gruyère
- 1 pinch of sugar ; salt, black pepper
# Cook the chicory in a covered frying pan for 20 minutes with a pinch of sugar, then drain it
  well.
# Roll each head of chicory in a slice of ham and lay them in a dish.
# Cover with the béchamel, scatter over the Gruyère and brown for 25 minutes at 200 °C.

= Flemish beef and beer stew
région: Flandre | cuisine: terroir | cat: plat | parts: 6 | prép: 20 | cuisson: 150
matériel: cocotte | tags: mijoté, bière
- 1.2 kg braising beef ; 3 onions ; 500 ml dark beer ; 2 slices of French spice bread
- 1 tbsp mustard
- 1 tbsp soft brown sugar ; 1 tbsp vinegar ; thyme, bay leaf ; 30 g butter
- salt, black pepper
# Brown the meat in the butter, then the sliced onions.
# Pour in the beer and add the brown sugar, the vinegar, the thyme and the bay leaf.
# Lay the spice bread, spread with mustard, on top and simmer, covered, for 2 hours 30 minutes.

= Moules marinière
région: Bretagne | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 10
matériel: cocotte | régimes: gluten-free | tags: rapide, fruits de mer
- 2 l bouchot mussels ; 2 shallots ; 200 ml dry white wine ; 30 g butter
- 1 bunch of parsley ; black pepper
# Scrub and rinse the mussels, discarding any that stay open.
# Soften the shallots in the butter, pour in the wine, then add the mussels.
# Cover and shake the pot for 6 to 8 minutes until they open, then scatter over the parsley.

= Leek flamiche (Picardy leek pie)
région: Picardie | cuisine: terroir | cat: plat | parts: 6 | prép: 20 | cuisson: 40 | matériel: four
régimes: vegetarian | tags: tarte, légumes
- 2 sheets of shortcrust pastry ; 1 kg leeks ; 40 g butter ; 2 eggs ; 200 ml cream ; nutmeg
- salt, black pepper
# Slice the leeks and cook them gently in the butter for 15 minutes.
# Mix them with the beaten eggs, the cream, the nutmeg and some salt and pepper.
# Line a tin with one sheet of pastry, pour in the filling, cover with the second sheet and bake
  for 40 minutes at 190 °C.

= Aligot (cheesy mashed potato)
région: Aubrac | cuisine: terroir | cat: accompagnement | parts: 6 | prép: 15 | cuisson: 30
régimes: vegetarian, gluten-free | tags: fromage, hiver
- 1 kg floury potatoes ; 400 g fresh Aubrac tomme ; 200 ml cream
- 50 g butter ; 1 garlic clove ; salt
# Boil the potatoes, then mash them with the butter, cream and garlic.
# Over a low heat, add the tomme in thin slices and beat hard with a spatula.
# The aligot is ready when it stretches in long, smooth ribbons.

= Piperade
région: Pays basque | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 30
matériel: poêle | régimes: vegetarian, gluten-free | tags: légumes, œufs
- 4 green and red peppers ; 4 tomatoes ; 2 onions ; 2 garlic cloves ; 4 eggs ; piment d'Espelette
- olive oil ; salt
# Soften the onions and the peppers, cut into strips, in the oil for 15 minutes.
# Add the garlic and the chopped tomatoes and let them stew for 10 minutes with the piment.
# Pour in the beaten eggs and stir gently until they are just set.

= Tarte Tatin
région: Sologne | cuisine: terroir | cat: dessert | parts: 8 | prép: 20 | cuisson: 45
matériel: four | régimes: vegetarian | tags: pommes
- 1 sheet of shortcrust pastry ; 1.2 kg apples (Reinette or Golden) ; 120 g sugar ; 80 g butter
# Make a light caramel with the sugar and butter directly in the tin.
# Pack the apple quarters in tightly and let them cook on the hob for 10 minutes.
# Cover with the pastry, tucking in the edges, bake for 35 minutes at 200 °C and turn out while
  still warm.

= Chocolate mousse
cat: dessert | parts: 6 | prép: 20 | cuisson: 5 | repos: 180 | régimes: vegetarian, gluten-free
tags: chocolat
- 200 g dark chocolate ; 6 eggs ; 1 pinch of salt ; 30 g sugar
# Melt the chocolate in a bain-marie, let it cool slightly and beat in the yolks one at a time.
# Whisk the whites with the salt to stiff peaks, then whisk in the sugar to firm them.
# Gently fold the whites into the chocolate and chill for at least 3 hours.

= Cherry clafoutis
région: Limousin | cuisine: terroir | cat: dessert | parts: 6 | prép: 15 | cuisson: 40
matériel: four | régimes: vegetarian | tags: fruits, été
- 500 g cherries ; 3 eggs ; 100 g sugar ; 80 g plain flour ; 400 ml milk ; 20 g butter
- 1 pinch of salt
# Butter a dish and spread out the cherries, stones in, as tradition has it.
# Whisk the eggs and sugar, add the flour and salt, then the milk.
# Pour over the fruit and bake for 40 minutes at 180 °C.

= Far breton
région: Bretagne | cuisine: terroir | cat: dessert | parts: 8 | prép: 15 | cuisson: 50
matériel: four | régimes: vegetarian | tags: pruneaux
- 250 g dried prunes ; 200 g plain flour ; 150 g sugar ; 4 eggs ; 750 ml milk
- 30 g salted butter
# Mix the flour and sugar, then whisk in the eggs and then the milk.
# Pour into a buttered dish and scatter over the prunes.
# Bake for 50 minutes at 200 °C, until the top is a deep golden brown.

= Rice pudding
cat: dessert | parts: 6 | prép: 5 | cuisson: 45 | régimes: vegetarian, gluten-free | tags: enfants
- 150 g pudding rice ; 1 l whole milk ; 80 g sugar ; 1 vanilla pod
# Bring the milk to the boil with the split vanilla pod.
# Sprinkle in the rice and cook over a very low heat for 40 minutes, stirring often.
# Stir in the sugar at the end and serve warm or cold.

= Cream of pumpkin soup
cat: soupe | parts: 4 | prép: 15 | cuisson: 25 | matériel: mixeur | régimes: vegetarian, gluten-free
tags: soupe, automne
- 1 kg pumpkin ; 1 potato ; 1 onion ; 750 ml vegetable stock ; 100 ml cream
- nutmeg ; salt, black pepper
# Cut the pumpkin and the potato into cubes and slice the onion.
# Cook everything in the stock for 25 minutes.
# Blend with the cream and season with a pinch of nutmeg.

= Stuffed tomatoes
région: Provence | cuisine: terroir | cat: plat | parts: 4 | prép: 25 | cuisson: 45 | matériel: four
tags: légumes, été
- 8 tomatoes ; 400 g sausage meat ; 1 onion ; 2 garlic cloves ; 1 egg
- 2 tbsp breadcrumbs ; parsley ; salt, black pepper
# Slice the tops off the tomatoes, scoop them out and turn them upside down to drain.
# Mix the sausage meat, the chopped onion and garlic, the egg, the breadcrumbs and the parsley.
# Fill the tomatoes, put their lids back on and bake for 45 minutes at 180 °C.

= Spring lamb navarin
cat: plat | parts: 6 | prép: 25 | cuisson: 90 | matériel: cocotte | tags: mijoté, printemps
- 1.2 kg lamb shoulder ; 12 new turnips ; 12 bunched carrots ; 200 g peas
- 12 small onions
- 2 tomatoes ; 1 tbsp plain flour ; 1 bouquet garni ; 2 tbsp oil
- salt, black pepper
# Brown the lamb in the oil, sprinkle with the flour and add water to just cover.
# Add the chopped tomatoes and the bouquet garni, and simmer for 1 hour.
# Add the turnips, carrots and onions for 20 minutes, then the peas for 10 minutes.

= Provençal beef daube
région: Provence | cuisine: terroir | cat: plat | parts: 6 | prép: 30 | cuisson: 210
matériel: cocotte | tags: mijoté, vin
- 1.5 kg beef cheeks ; 750 ml red wine ; 150 g lardons ; 3 carrots ; 2 onions
- 1 strip of orange zest
- 3 garlic cloves ; 100 g black olives ; thyme, bay leaf ; 2 tbsp olive oil
- salt, black pepper
# Marinate the meat overnight in the wine with the vegetables, garlic, zest and herbs.
# Drain the meat and brown it with the lardons, then pour in the marinade.
# Simmer over the lowest heat for 3 hours 30 minutes, adding the olives for the last half hour.

= Pissaladière
région: Nice | cuisine: terroir | cat: entrée | parts: 6 | prép: 20 | cuisson: 55 | matériel: four
tags: tarte, apéritif
- 1 ball of bread dough ; 1.5 kg onions ; 12 anchovy fillets ; 20 black olives
- 5 tbsp olive oil ; thyme
# Cook the sliced onions gently in the olive oil with the thyme for 35 minutes, without letting
  them colour.
# Roll out the dough on an oiled baking tray and cover it with the onions.
# Lay the anchovies on top in a criss-cross pattern, dot with olives and bake for 20 minutes at
  220 °C.

= Buckwheat galettes with ham, egg and Emmental
région: Bretagne | cuisine: terroir | cat: plat | parts: 4 | prép: 10 | cuisson: 20 | repos: 60
matériel: crêpière | tags: enfants
- 250 g buckwheat flour ; 600 ml water ; 1 egg per galette ; 4 slices of ham
- 120 g grated Emmental ; butter ; salt
# Mix the flour, salt and water into a smooth batter and leave it to rest for 1 hour.
# Spread a ladleful of batter over the hot, buttered crêpe pan.
# Break an egg into the centre, add ham and cheese, and fold in the edges once the white has set.

= Baked eggs with cream
cat: entrée | parts: 4 | prép: 5 | cuisson: 12 | matériel: four | régimes: vegetarian, gluten-free
tags: rapide, œufs
- 4 eggs ; 8 tbsp crème fraîche ; 1 tbsp chives ; 10 g butter
- salt, black pepper
# Butter four ramekins and spoon two tablespoons of crème fraîche into the bottom of each.
# Break an egg into each ramekin and season with salt and pepper.
# Bake in a bain-marie in the oven at 180 °C for 12 minutes and scatter with chives.

= Truffade (Auvergne potatoes with cheese)
région: Auvergne | cuisine: terroir | cat: plat | parts: 4 | prép: 15 | cuisson: 30
matériel: poêle | régimes: gluten-free | tags: fromage, hiver
- 1 kg potatoes ; 400 g fresh Cantal tomme ; 100 g lardons ; 2 garlic cloves
- 1 tbsp pork lard ; salt, black pepper
# Fry the thinly sliced potatoes in the lard with the lardons for 25 minutes.
# Add the chopped garlic and the tomme in thin slices, and stir until the cheese goes stringy.
# Let the underside brown for a few minutes, then turn the truffade out onto a plate.

= Tarragon chicken in the pressure cooker
cat: plat | parts: 4 | prép: 15 | cuisson: 20 | matériel: autocuiseur | régimes: gluten-free
tags: volaille
- 4 chicken legs ; 1 shallot ; 100 ml white wine ; 200 ml cream ; 1 bunch of tarragon
- 15 g butter ; salt, black pepper
# Brown the legs in the butter in the open pressure cooker with the chopped shallot.
# Pour in the white wine, add half the tarragon, close the lid and cook for 15 minutes under
  pressure.
# Open, add the cream and the rest of the tarragon, chopped, and let it reduce for 5 minutes.

= Cauliflower gratin
cat: accompagnement | parts: 4 | prép: 15 | cuisson: 35 | matériel: four | régimes: vegetarian
tags: gratin, légumes
- 1 cauliflower ; 400 ml béchamel sauce ; 80 g grated Comté ; nutmeg ; salt, black pepper
# Break the cauliflower into florets and cook them in salted water for 10 minutes.
# Drain them thoroughly and arrange them in a gratin dish.
# Cover with béchamel seasoned with nutmeg, top with Comté and brown for 25 minutes at 200 °C.
"""


def english_versions(originals: Sequence[RecipeRecord]) -> list[RecipeRecord]:
    """The English version of each French original, paired by position."""
    translated = parse_recipe_text(
        RECIPES, source=originals[0].source if originals else "demo", attribution=ATTRIBUTION,
        lang=LANG,
    )  # fmt: skip
    if len(translated) != len(originals):
        raise RecipeTextError(f"{len(translated)} English recipes for {len(originals)} French ones")
    return [
        replace(english, source=original.source,
                external_id=translation_id(original.external_id, LANG))
        for original, english in zip(originals, translated, strict=True)
    ]  # fmt: skip
