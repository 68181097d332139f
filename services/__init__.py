"""Domain logic. Never imports streamlit: every rule here runs under plain pytest and a CLI."""
