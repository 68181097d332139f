"""Forms and tables of the scoring pages: covenant, self scoring, verification, Excel."""
