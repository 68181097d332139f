"""Streamlit's own words on a Vietnamese screen: hide or replace what Streamlit draws in English.

Streamlit 1.67's frontend has no translations: its element toolbar (tables, charts), the
"Press Enter to submit form" hint, the password field's eye, the date field's calendar
button, the multiselect's "Clear all", the empty list's "No results", the file uploader's
"Upload" button, its "5MB per file" line and a chosen file's "12.0KB" are English in every
language, and their tooltips and aria-labels cannot be set from Python. So, in Vietnamese
only, one style sheet per run (st.html with only a <style> draws nothing on the page):

- hides the element toolbar; its features have Vietnamese replacements: the CSV / Excel
  buttons under every table and the "Tải ảnh PNG" button under every chart
  (components/downloads.py); a data editor adds rows in its last, empty row and deletes
  the rows ticked on the left with the Delete key (the covenant editor's help says so);
- hides the typing hint, the password eye (the field still works, the text stays hidden),
  the calendar button (the day / month / year are typed in place), "Clear all" (each chosen
  item keeps its own ×), the uploader's limit line and file sizes (our caption states the
  limit and the types);
- hides the keyboard users' "Skip to main content" link (CSS cannot rename a link and keep
  it focusable; Tab goes through the sidebar's links to the page instead);
- replaces the uploader button's "Upload" and an empty list's "No results" with Vietnamese:
  the English element is not drawn and our words are drawn by ::after (a screen reader
  reads them as the button's name).

The ⋮ menu (Print, Record a screencast, Made with Streamlit...) is gone in every language:
.streamlit/config.toml sets client.toolbarMode = "minimal" and st.set_page_config gives no
menu items. With English chosen, Streamlit's own English stays as it is.
"""

import json

import streamlit as st

from components.i18n import current_language, t

HIDDEN = (
    "[data-testid=stElementToolbar]",
    "[data-testid=InputInstructions]",
    "button[aria-label='Show password']",
    "button[aria-label='Hide password']",
    "[data-testid=stDateInputCalendarButton]",
    "button[aria-label='Clear all']",
    "button[aria-label='Clear value']",
    "[data-testid=stFileUploaderDropzoneInstructions]",
    "[data-testid=stFileChipName]+div",  # a chosen file's size
    "[role=listbox][data-empty=true] [role=option]",  # "No results"
    "[data-testid=stSkipToContent]",
)
_UPLOAD_BUTTON = "[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer]"


def _css_text(key: str) -> str:
    return json.dumps(t(key), ensure_ascii=False)  # a valid CSS string literal


def style_sheet() -> str:
    return (
        f"{','.join(HIDDEN)}{{display:none !important}}"
        # The uploader's button: "Upload" out, "Chọn tệp" in (the size of a button's text).
        f"{_UPLOAD_BUTTON} p{{display:none}}"
        f"{_UPLOAD_BUTTON}::after{{content:{_css_text('chrome.upload')};font-size:0.875rem}}"
        f"[role=listbox][data-empty=true]::after{{content:{_css_text('chrome.no_results')};"
        "display:block;padding:0.5rem 1rem;opacity:0.6}"
    )


def hide_english_chrome() -> None:
    """Once per run of app.py, before the page: in Vietnamese, Streamlit's English out."""
    if current_language() != "vi":
        return
    st.html(f"<style>{style_sheet()}</style>")
