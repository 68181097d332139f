"""Reusable Streamlit pieces: i18n, database access, navigation, forms, tables."""
