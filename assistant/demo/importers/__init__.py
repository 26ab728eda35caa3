"""Importers of real data sets: The Complete Journey, Wikibooks and schema.org recipes.

Import from the modules (`importers.completejourney`, `importers.recipes`): this
package file stays empty so that the recipe code does not load pandas.
"""
