"""Forms and tables of the admin registry page."""
