"""Screens. Each module only defines render(): importing or running one directly
does nothing, so Streamlit's legacy pages/ mode cannot show a page without app.py."""
