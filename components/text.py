"""User text shown exactly as typed inside elements that read Markdown.

Names of units, blocs, provinces, criteria and users, round titles and reasons are
user input. Streamlit reads Markdown (plus its own directives: :red[...], :smile:,
:material/icon:, $LaTeX$) in st.markdown, st.caption, st.title and the headers,
the alerts (st.info, st.error...), and in every widget label, radio and pills
option, tab and expander label and help text. Raw HTML is never rendered there,
but a unit named "Sở **Y tế** [xem](http://...)" would still show bold text and a
link. Every piece of user text that enters such an element goes through plain().
(Selectbox and multiselect options, dataframes and charts show text as is: they
must NOT get it, or the backslashes would show.)

Only what could start Markdown is escaped, so an ordinary name reads the same
in the page source: "Sở LĐ-TB&XH" stays as it is. Literal links (http://, www.,
e-mail addresses), which GitHub-flavoured Markdown turns into links after every
escape has been applied, are broken with an invisible WORD JOINER (U+2060).
"""

import re
from functools import lru_cache
from typing import Any

WORD_JOINER = "\u2060"
_INLINE = re.compile(r"([\\`*_\[\]<>~$|])")  # emphasis, code, links, images, HTML, strike, LaTeX, tables
_ENTITY = re.compile(r"&(?=#?\w+;)")  # &amp; would show as "&"
_SHORTCODE = re.compile(r":((?:[\w+-]|\\_)+):")  # :smile:, :streamlit: (both colons, or the emoji loads)
_DIRECTIVE = re.compile(r"(?<!\\):(?=[A-Za-z])")  # :red[...], :blue-background[...]
_LEADING = re.compile(r"^(\s*)([-+#>=]|\d+(?=[.)]))")  # a list, heading or quote when text starts a line
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)(?=\w)")


def plain(text: Any) -> str:
    """`text` escaped so that Streamlit's Markdown shows it literally (None → "")."""
    if text is None:
        return ""
    return _escaped(str(text))


@lru_cache(maxsize=4096)  # the same names on every run of every phone in a hall
def _escaped(text: str) -> str:
    escaped = _INLINE.sub(r"\\\1", text)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _SHORTCODE.sub(r"\\:\1\\:", escaped)
    escaped = _DIRECTIVE.sub(r"\\:", escaped)
    escaped = escaped.replace(":material/", ":material\\/")
    escaped = "\n".join(_leading(line) for line in escaped.split("\n"))
    return _AUTOLINK.sub(WORD_JOINER, escaped)


def _leading(line: str) -> str:
    match = _LEADING.match(line)
    if match is None:
        return line
    indent, marker = match.groups()
    if marker[0].isdigit():  # "1." or "1)": escape the punctuation after the number
        return f"{indent}{marker}\\{line[match.end()]}{line[match.end() + 1 :]}"
    return f"{indent}\\{marker}{line[match.end() :]}"


def plain_params(params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters with every string made plain (numbers are left alone)."""
    return {key: plain(value) if isinstance(value, str) else value for key, value in params.items()}
