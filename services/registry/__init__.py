"""The registry: provinces and blocs, units and their names per year, memberships, bloc rules."""
