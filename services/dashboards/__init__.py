"""Read models for the dashboards: one small module per dashboard, no Streamlit.

Every function aggregates in the database (GROUP BY, SUM over score rows) and
returns plain dataclasses or pandas DataFrames with language-neutral columns;
components/ adds the words. Unit names are the ones each unit had that year.
"""
