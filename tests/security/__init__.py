"""Attacks replayed against the services and a started app (issue 14)."""
