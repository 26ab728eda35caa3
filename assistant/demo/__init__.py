"""The Carchan demo world: stores, catalog, the Zerty household, population, importers."""
