"""A whole year of records in one bundle: registry, scores, awards, rounds with their
anonymous ballots, and the audit log, as JSON (complete, for machines and archives)
and XLSX (the same, one sheet per kind, for people), zipped together."""

from services.year_export.bundle import bundle_name, year_bundle_zip
from services.year_export.collect import FORMAT, VERSION, collect_year
from services.year_export.xlsx import year_xlsx

__all__ = ["FORMAT", "VERSION", "bundle_name", "collect_year", "year_bundle_zip", "year_xlsx"]
