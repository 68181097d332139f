"""A client for Streamlit's own browser protocol (protobuf over a websocket), without a browser.

Streamlit 1.67 serves the app with Starlette/uvicorn. A browser tab:

1. GETs ``/_stcore/health``; the answer sets the ``_streamlit_xsrf`` cookie when
   ``server.enableXsrfProtection`` is on (the default);
2. opens ``ws://HOST:PORT/_stcore/stream`` with the subprotocols
   ``["streamlit", <xsrf cookie value or "PLACEHOLDER_AUTH_TOKEN">, <last session id>?]``,
   sending its Origin and cookies (the server only uses the token to trust auth cookies);
3. sends a ``BackMsg.rerun_script`` (a ``ClientState``: page name from the URL path
   on first load, then the current page's script hash, plus every widget value);
4. receives ``ForwardMsg``s: ``new_session`` (run start), ``navigation``, ``delta``s
   addressed by ``metadata.delta_path``, ``page_info_changed``, ``ref_hash``
   (a message the client said it had cached), then ``script_finished``.

This module does the same, in pure asyncio with ``websockets`` (already a dependency
of Streamlit itself, so nothing new to install). It only talks to loopback addresses.

Usage::

    async with StreamlitSession(port) as session:
        run = await session.open("danh-muc")           # like a browser loading /danh-muc
        print(run.text())                              # everything a user could read
        name = run.widget(label="Tên")                 # find widgets as a user would
        unit = run.widget(key="unit")                  # ... or by their st key
        submit = run.widget(label="Lưu", kind="button")
        run = await session.submit_form(submit, {name: "Sở Y tế", unit: "Khối A"})

For a load driver, open N sessions concurrently (one websocket each); ``RunResult.elapsed``
is the time from sending the request to the run's ``script_finished``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Block_pb2 import Block
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Navigation_pb2 import Navigation
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

STREAM_PATH = "_stcore/stream"
HEALTH_PATH = "_stcore/health"
XSRF_COOKIE = "_streamlit_xsrf"
PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends when it has no XSRF cookie
GENERATED_ID_PREFIX = "$$ID"  # element ids are "$$ID-<hash>-<user key or None>"

FINAL_STATUSES = frozenset(
    {
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    }
)
MAX_CACHED_MESSAGE_AGE = 2  # full runs a cached message may go unused (Streamlit's global.maxCachedMessageAge)

# Which WidgetState field each widget sends (Streamlit 1.67, streamlit/elements/widgets/*.py).
VALUE_FIELDS: dict[str, str] = {
    "text_input": "string_value",
    "text_area": "string_value",
    "selectbox": "string_value",
    "radio": "string_value",
    "color_picker": "string_value",
    "time_input": "string_value",
    "date_time_input": "string_value",
    "feedback": "string_value",
    "checkbox": "bool_value",
    "number_input": "double_value",
    "multiselect": "string_array_value",
    "button_group": "string_array_value",
    "date_input": "string_array_value",
    "slider": "double_array_value",  # a select_slider (options set) sends string_array_value
    "button": "trigger_value",
    "download_button": "trigger_value",
    "pagination": "int_value",
}
WIDGET_KINDS = frozenset(VALUE_FIELDS) | {
    "chat_input",
    "file_uploader",
    "camera_input",
    "audio_input",
    "menu_button",
    "dataframe",
    "bidi_component",
    "component_instance",
}


class StreamlitProtocolError(RuntimeError):
    """The server said something this client cannot make sense of (e.g. an unknown ref_hash)."""


# ---------------------------------------------------------------- element tree


@dataclass(frozen=True)
class Node:
    """One delta's target: an element or a block (container) at a delta path."""

    path: tuple[int, ...]
    element: Element | None = None
    block: Block | None = None
    fragment_id: str = ""
    run_id: str = ""

    @property
    def kind(self) -> str:
        """The element's type (``"markdown"``, ``"text_input"``...) or ``"block:<type>"``."""
        if self.element is not None:
            return self.element.WhichOneof("type") or ""
        assert self.block is not None
        return f"block:{self.block.WhichOneof('type') or ''}"

    @property
    def proto(self) -> Any:
        """The inner proto: ``Element.text_input``, ``Block.form``..."""
        if self.element is not None:
            return getattr(self.element, self.kind)
        assert self.block is not None
        return getattr(self.block, self.kind.removeprefix("block:"), self.block)


@dataclass(frozen=True)
class Widget:
    """A widget as found in the deltas: enough to build its WidgetState."""

    id: str
    kind: str
    label: str
    form_id: str
    path: tuple[int, ...]
    proto: Any = field(compare=False, repr=False)
    fragment_id: str = ""  # drawn by an st.fragment: the browser reruns that fragment only

    @property
    def user_key(self) -> str | None:
        return user_key_from_id(self.id)

    @property
    def options(self) -> list[str]:
        if self.kind == "button_group":
            return [option.content for option in self.proto.options]
        return list(getattr(self.proto, "options", []))

    @property
    def is_form_submitter(self) -> bool:
        return self.kind == "button" and bool(self.proto.is_form_submitter)


def user_key_from_id(element_id: str) -> str | None:
    """The ``key=`` given in the script, read back from an element id (as Streamlit does)."""
    if not element_id.startswith(GENERATED_ID_PREFIX):
        return None
    key = element_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


def _arrow_texts(data: bytes) -> list[str]:
    """Column names and cell values of an Arrow IPC stream (st.dataframe, st.table)."""
    if not data:
        return []
    try:
        import pyarrow as pa

        table = pa.ipc.open_stream(pa.BufferReader(data)).read_all()
    except Exception:  # not Arrow we can read: leave it out rather than fail the run
        return []
    texts = [str(name) for name in table.column_names]
    for column in table.columns:
        texts.extend(str(value) for value in column.to_pylist() if value is not None)
    return texts


def element_texts(element: Element) -> list[str]:
    """What a user can read on an element: bodies, labels, options, help, placeholders, table cells."""
    kind = element.WhichOneof("type")
    if kind is None:
        return []
    proto = getattr(element, kind)
    texts: list[str] = []
    if kind == "exception":
        texts += [proto.type, proto.message]
    elif kind == "code":
        texts.append(proto.code_text)
    elif kind in {"dataframe", "table"}:
        texts += _arrow_texts(proto.arrow_data.data)
        if kind == "dataframe" and proto.HasField("lazy_data"):
            texts += _arrow_texts(proto.lazy_data.initial_chunk.data)
    elif kind == "spinner":
        texts.append(proto.text)
    elif kind == "button_group":
        texts += [option.content for option in proto.options]
    for name in ("title", "label", "body", "delta", "value", "placeholder", "help"):
        if name in proto.DESCRIPTOR.fields_by_name:
            value = getattr(proto, name)
            if isinstance(value, str):
                texts.append(value)
    if "options" in proto.DESCRIPTOR.fields_by_name and kind != "button_group":
        texts += [str(option) for option in proto.options]
    if "captions" in proto.DESCRIPTOR.fields_by_name:
        texts += list(proto.captions)
    return [text for text in texts if text]


def block_texts(block: Block) -> list[str]:
    """Labels a container shows: expander, tab, popover, dialog, chat message name."""
    kind = block.WhichOneof("type")
    if kind is None:
        return []
    proto = getattr(block, kind)
    texts = [getattr(proto, name) for name in ("label", "title", "name") if name in proto.DESCRIPTOR.fields_by_name]
    return [text for text in texts if isinstance(text, str) and text]


def navigation_texts(navigation: Navigation | None) -> list[str]:
    """The page titles and section headers st.navigation sends to the sidebar or top bar."""
    if navigation is None:
        return []
    texts: list[str] = list(navigation.sections)
    for page in navigation.app_pages:
        if not page.is_hidden:
            texts += [page.page_name, page.section_header]
    return [text for text in texts if text]


# ---------------------------------------------------------------- widget states


def widget_state(widget: Widget | str, value: Any, field_name: str | None = None) -> WidgetState:
    """The WidgetState a browser would send for `widget` showing `value`.

    `widget` is a Widget (its kind picks the field) or a bare id (then give `field_name`).
    Selectbox/radio values are the option *labels* as displayed (after format_func);
    multiselect/pills/segmented_control take a list of labels; buttons take True (trigger).
    """
    if isinstance(widget, Widget):
        widget_id = widget.id
        if field_name is None:
            field_name = VALUE_FIELDS.get(widget.kind)
            if widget.kind == "slider" and widget.proto.options:
                field_name = "string_array_value"
            if field_name is None:
                raise ValueError(f"no known WidgetState field for a {widget.kind!r}; pass field_name")
        if widget.kind in {"selectbox", "radio"} and not _accepts_new_options(widget):
            _check_options(widget, [value])
        if widget.kind in {"multiselect", "button_group"} and not _accepts_new_options(widget):
            _check_options(widget, list(value))
    else:
        widget_id = widget
        if field_name is None:
            raise ValueError("pass field_name when the widget is given by id")
    state = WidgetState(id=widget_id)
    if field_name in {"string_array_value", "double_array_value", "int_array_value"}:
        getattr(state, field_name).data.extend(value)
    elif field_name == "trigger_value":
        state.trigger_value = bool(value)
    else:
        setattr(state, field_name, value)
    return state


def trigger(widget: Widget | str) -> WidgetState:
    """A button click (st.button, st.form_submit_button): a one-shot trigger_value."""
    return widget_state(widget, True, field_name="trigger_value")


def text_value(widget: Widget | str, value: str) -> WidgetState:
    return widget_state(widget, value, field_name="string_value")


def selectbox_value(widget: Widget, label: str) -> WidgetState:
    """Choose the option displayed as `label` (Streamlit 1.67 sends the label, not an index)."""
    return widget_state(widget, label, field_name="string_value")


def widget_states(states: Iterable[WidgetState]) -> WidgetStates:
    message = WidgetStates()
    message.widgets.extend(states)
    return message


def _accepts_new_options(widget: Widget) -> bool:
    return bool(getattr(widget.proto, "accept_new_options", False))


def _check_options(widget: Widget, values: list[Any]) -> None:
    missing = [value for value in values if value not in widget.options]
    if missing:
        raise ValueError(f"{widget.kind} {widget.label!r} has no option {missing!r}; options: {widget.options!r}")


# ---------------------------------------------------------------- one run's result


@dataclass
class RunResult:
    """What one script run sent: the messages, and the page as a browser would show it after it."""

    status: int  # ForwardMsg.ScriptFinishedStatus
    messages: list[ForwardMsg]
    nodes: dict[tuple[int, ...], Node]
    transients: list[Element]
    navigation: Navigation | None
    page_script_hash: str
    page_not_found: bool
    page_title: str
    query_string: str
    elapsed: float
    cache_hits: int = 0  # ref_hash messages answered from the client's cache

    @property
    def status_name(self) -> str:
        return ForwardMsg.ScriptFinishedStatus.Name(self.status)

    @property
    def finished_ok(self) -> bool:
        return self.status in {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}

    def iter_nodes(self) -> Iterator[Node]:
        """Nodes in page order (main area, sidebar, ...; depth-first)."""
        for path in sorted(self.nodes):
            yield self.nodes[path]

    def elements(self, kind: str | None = None) -> list[Element]:
        return [n.element for n in self.iter_nodes() if n.element is not None and (kind is None or n.kind == kind)]

    def texts(self, *, navigation: bool = True) -> list[str]:
        """Every readable string, in page order: elements, containers, transients, and the navigation."""
        texts: list[str] = []
        for node in self.iter_nodes():
            texts += element_texts(node.element) if node.element is not None else block_texts(node.block)
        for element in self.transients:
            texts += element_texts(element)
        if navigation:
            texts += navigation_texts(self.navigation)
        return texts

    def text(self, *, navigation: bool = True) -> str:
        return "\n".join(self.texts(navigation=navigation))

    def exceptions(self) -> list[str]:
        found = [f"{e.exception.type}: {e.exception.message}" for e in self.elements("exception")]
        for message in self.messages:
            if message.WhichOneof("type") == "session_event" and message.session_event.HasField(
                "script_compilation_exception"
            ):
                error = message.session_event.script_compilation_exception
                found.append(f"{error.type}: {error.message}")
        return found

    def widgets(self, kind: str | None = None) -> list[Widget]:
        found = []
        for node in self.iter_nodes():
            if node.element is None or node.kind not in WIDGET_KINDS:
                continue
            proto = node.proto
            if kind is not None and node.kind != kind:
                continue
            found.append(
                Widget(
                    id=proto.id,
                    kind=node.kind,
                    label=getattr(proto, "label", ""),
                    form_id=getattr(proto, "form_id", ""),
                    path=node.path,
                    proto=proto,
                    fragment_id=node.fragment_id,
                )
            )
        return found

    def widget(
        self, *, label: str | None = None, key: str | None = None, kind: str | None = None, form_id: str | None = None
    ) -> Widget:
        """The one widget with this label and/or st key (and kind, form); LookupError lists what exists."""
        if label is None and key is None and kind is None:
            raise ValueError("give a label, a key or a kind")
        matches = [
            w
            for w in self.widgets(kind)
            if (label is None or w.label == label)
            and (key is None or w.user_key == key)
            and (form_id is None or w.form_id == form_id)
        ]
        if len(matches) != 1:
            seen = ", ".join(f"{w.kind}(label={w.label!r}, key={w.user_key!r})" for w in self.widgets())
            raise LookupError(
                f"{len(matches)} widgets match label={label!r} key={key!r} kind={kind!r}; page has: {seen}"
            )
        return matches[0]

    def forms(self) -> list[str]:
        return [n.block.form.form_id for n in self.iter_nodes() if n.block is not None and n.kind == "block:form"]

    def page_url_paths(self) -> dict[str, str]:
        """url_pathname → page_script_hash of the pages st.navigation offered."""
        if self.navigation is None:
            return {}
        return {page.url_pathname: page.page_script_hash for page in self.navigation.app_pages}


# ---------------------------------------------------------------- the session


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ValueError(f"stclient only talks to loopback addresses, not {host!r}")


@dataclass
class _Collector:
    """Messages of the run being waited for."""

    messages: list[ForwardMsg] = field(default_factory=list)
    run_id: str | None = None  # set by the run's new_session
    fragment_run: bool = False
    page_not_found: bool = False
    cache_hits: int = 0
    finished: asyncio.Future[int] | None = None


class StreamlitSession:
    """One browser tab's worth of Streamlit session over a raw websocket.

    Keeps what a browser keeps between runs: cookies, the current page's script hash,
    the query string, the widget values it has sent (minus one-shot triggers), the
    element tree and a message cache answering the server's ``ref_hash`` messages.
    All waits are bounded by `timeout` (seconds).
    """

    def __init__(
        self,
        port: int,
        *,
        host: str = "127.0.0.1",
        base_path: str = "",
        timeout: float = 30.0,
        send_origin: bool = True,
        fetch_xsrf: bool = True,
        cache_messages: bool = True,
        context_info: ContextInfo | None = None,
        max_message_size: int = 256 * 1024 * 1024,
    ) -> None:
        _check_loopback(host)
        self.host = host
        self.port = port
        self.base_path = base_path.strip("/")
        self.timeout = timeout
        self.send_origin = send_origin
        self.fetch_xsrf = fetch_xsrf
        self.cache_messages = cache_messages
        self.context_info = context_info
        self.max_message_size = max_message_size

        self.cookies: dict[str, str] = {}
        self.session_id: str = ""
        self.page_script_hash: str = ""
        self.main_script_hash: str = ""
        self.query_string: str = ""
        self.page_title: str = ""
        self.navigation: Navigation | None = None
        self.nodes: dict[tuple[int, ...], Node] = {}
        self.transients: list[Element] = []
        self.widget_values: dict[str, WidgetState] = {}
        self.all_messages = 0
        self.cache_hits = 0

        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._collector: _Collector | None = None
        self._closed_error: BaseException | None = None
        self._cache: dict[str, ForwardMsg] = {}
        self._cache_last_used: dict[str, int] = {}
        self._full_runs = 0
        self._run_id = ""  # the run drawing now (from its new_session), requested by us or not
        self._lock = asyncio.Lock()

    # -------------------------------------------------------- connection

    @property
    def netloc(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def _url(self, scheme: str, path: str) -> str:
        prefix = f"/{self.base_path}" if self.base_path else ""
        return f"{scheme}://{self.netloc}{prefix}/{path}"

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def http_get(self, path: str) -> tuple[int, dict[str, list[str]], bytes]:
        """A minimal HTTP/1.1 GET on the same origin, keeping Set-Cookie like a browser."""
        prefix = f"/{self.base_path}" if self.base_path else ""
        async with asyncio.timeout(self.timeout):
            reader, writer = await asyncio.open_connection(self.host, self.port)
            try:
                cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
                request = f"GET {prefix}/{path} HTTP/1.1\r\nHost: {self.netloc}\r\nConnection: close\r\n"
                if cookie:
                    request += f"Cookie: {cookie}\r\n"
                writer.write((request + "\r\n").encode("latin-1"))
                await writer.drain()
                raw = await reader.read(1024 * 1024)
                while chunk := await reader.read(1024 * 1024):
                    raw += chunk
            finally:
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        for set_cookie in headers.get("set-cookie", []):
            name, _, rest = set_cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0].strip()
        return status, headers, body

    async def connect(self) -> None:
        """Health check (gets the XSRF cookie), then the websocket, as the frontend does."""
        if self._ws is not None:
            raise RuntimeError("already connected")
        if self.fetch_xsrf:
            status, _, _ = await self.http_get(HEALTH_PATH)
            if status != 200:
                raise ConnectionError(f"{HEALTH_PATH} answered {status}")
        token = self.cookies.get(XSRF_COOKIE) or PLACEHOLDER_TOKEN
        subprotocols = ["streamlit", token] + ([self.session_id] if self.session_id else [])
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        self._ws = await connect(
            self._url("ws", STREAM_PATH),
            subprotocols=subprotocols,  # type: ignore[arg-type]
            origin=f"http://{self.netloc}" if self.send_origin else None,  # type: ignore[arg-type]
            additional_headers=headers,
            proxy=None,
            open_timeout=self.timeout,
            close_timeout=min(self.timeout, 5.0),
            max_size=self.max_message_size,
            max_queue=None,  # never make the server's send queue back up: we read everything
            compression=None,
        )
        if self._ws.subprotocol != "streamlit":
            raise StreamlitProtocolError(f"server chose subprotocol {self._ws.subprotocol!r}")
        self._closed_error = None
        self._reader = asyncio.create_task(self._read_forever(), name=f"stclient-reader-{self.port}")

    async def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(min(self.timeout, 5.0)):
                    await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._ws = None
        self._reader = None

    @property
    def connected(self) -> bool:
        return self._ws is not None and self._closed_error is None

    # -------------------------------------------------------- receiving

    async def _read_forever(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                if isinstance(raw, str):
                    raise StreamlitProtocolError("the server sent a text frame")
                message = ForwardMsg()
                message.ParseFromString(raw)
                self._handle(message)
            self._closed_error = ConnectionError("the server closed the websocket")
        except ConnectionClosed as error:
            self._closed_error = error
        except Exception as error:  # surfaced to whoever waits for a run
            self._closed_error = error
        finally:
            collector = self._collector
            if collector is not None and collector.finished is not None and not collector.finished.done():
                collector.finished.set_exception(self._closed_error or ConnectionError("websocket closed"))

    def _resolve(self, message: ForwardMsg) -> ForwardMsg:
        if message.WhichOneof("type") != "ref_hash":
            if self.cache_messages and message.metadata.cacheable and message.hash:
                self._cache[message.hash] = message
                self._cache_last_used[message.hash] = self._full_runs
            return message
        cached = self._cache.get(message.ref_hash)
        if cached is None:
            raise StreamlitProtocolError(f"ref_hash {message.ref_hash} is not in the client's cache")
        resolved = ForwardMsg()
        resolved.CopyFrom(cached)
        resolved.metadata.CopyFrom(message.metadata)  # the reference carries the new delta path
        self._cache_last_used[message.ref_hash] = self._full_runs
        self.cache_hits += 1
        if self._collector is not None:
            self._collector.cache_hits += 1
        return resolved

    def _handle(self, message: ForwardMsg) -> None:
        message = self._resolve(message)
        self.all_messages += 1
        kind = message.WhichOneof("type")
        collector = self._collector
        if collector is not None:
            collector.messages.append(message)
        if kind == "new_session":
            new_session = message.new_session
            if new_session.initialize.session_id:
                self.session_id = new_session.initialize.session_id
            self.page_script_hash = new_session.page_script_hash
            self.main_script_hash = new_session.main_script_hash
            fragment_run = bool(message.metadata.run.fragment_ids)
            self._run_id = message.metadata.run.script_run_id
            if not fragment_run:
                self.transients = []
            if collector is not None:
                collector.run_id = message.metadata.run.script_run_id
                collector.fragment_run = fragment_run
        elif kind == "delta":
            self._apply_delta(message)
        elif kind == "navigation":
            self.navigation = message.navigation
            if message.navigation.page_script_hash:
                self.page_script_hash = message.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "page_config_changed":
            if message.page_config_changed.title:
                self.page_title = message.page_config_changed.title
        elif kind == "page_not_found":
            if collector is not None:
                collector.page_not_found = True
        elif kind == "script_finished":
            self._on_script_finished(message)

    def _apply_delta(self, message: ForwardMsg) -> None:
        delta = message.delta
        path = tuple(message.metadata.delta_path)
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            # An element drawn where a container was (st.empty().success(...) after .container())
            # replaces the container and everything in it, as in the browser.
            depth = len(path)
            for stale in [p for p in self.nodes if len(p) > depth and p[:depth] == path]:
                del self.nodes[stale]
            self.nodes[path] = Node(path, element=delta.new_element, fragment_id=delta.fragment_id, run_id=self._run_id)
        elif kind == "add_block":
            self.nodes[path] = Node(path, block=delta.add_block, fragment_id=delta.fragment_id, run_id=self._run_id)
        elif kind == "new_transient":
            self.transients.extend(delta.new_transient.elements)

    def _on_script_finished(self, message: ForwardMsg) -> None:
        status = message.script_finished
        collector = self._collector
        run_id = message.metadata.run.script_run_id
        if status not in FINAL_STATUSES:
            return  # FINISHED_EARLY_FOR_RERUN: another run follows
        if collector is not None and collector.run_id is not None and run_id and run_id != collector.run_id:
            return  # a run we did not ask for
        if status == ForwardMsg.FINISHED_SUCCESSFULLY:
            # Like the frontend: what this run did not draw is stale and goes away.
            self.nodes = {p: n for p, n in self.nodes.items() if n.run_id == self._run_id}
            self._full_runs += 1
            self._evict_cache()
            self._prune_widget_values()
        elif status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            fragments = set(message.metadata.run.fragment_ids)
            self.nodes = {
                p: n for p, n in self.nodes.items() if n.fragment_id not in fragments or n.run_id == self._run_id
            }
        waiting = collector is not None and collector.run_id is not None and collector.finished is not None
        if waiting and not collector.finished.done():
            collector.finished.set_result(status)

    def _evict_cache(self) -> None:
        for key, last_used in list(self._cache_last_used.items()):
            if self._full_runs - last_used > MAX_CACHED_MESSAGE_AGE:
                self._cache.pop(key, None)
                del self._cache_last_used[key]

    def _prune_widget_values(self) -> None:
        present = {
            node.proto.id for node in self.nodes.values() if node.element is not None and hasattr(node.proto, "id")
        }
        self.widget_values = {k: v for k, v in self.widget_values.items() if k in present}

    # -------------------------------------------------------- sending

    async def send_backmsg(self, message: BackMsg) -> None:
        if self._ws is None:
            raise RuntimeError("not connected")
        if self._closed_error is not None:
            raise ConnectionError(f"websocket closed: {self._closed_error!r}")
        async with asyncio.timeout(self.timeout):
            await self._ws.send(message.SerializeToString())

    def client_state(
        self,
        *,
        page_name: str = "",
        page_script_hash: str | None = None,
        query_string: str | None = None,
        states: Iterable[WidgetState] = (),
        fragment_id: str = "",
    ) -> ClientState:
        """The ClientState a browser sends: remembered widget values updated with `states`."""
        merged = dict(self.widget_values)
        for state in states:
            merged[state.id] = state
        client_state = ClientState(
            query_string=self.query_string if query_string is None else query_string,
            page_script_hash=self.page_script_hash if page_script_hash is None else page_script_hash,
            page_name=page_name,
            fragment_id=fragment_id,
        )
        client_state.widget_states.widgets.extend(merged.values())
        if self.cache_messages:
            client_state.cached_message_hashes.extend(sorted(self._cache))
        context = self.context_info or ContextInfo(
            timezone="Asia/Ho_Chi_Minh",
            timezone_offset=-420,
            locale="vi-VN",
            url=self._url("http", page_name) + (f"?{client_state.query_string}" if client_state.query_string else ""),
            is_embedded=False,
            color_scheme="light",
        )
        client_state.context_info.CopyFrom(context)
        return client_state

    async def run_client_state(self, client_state: ClientState) -> RunResult:
        """Send rerun_script with exactly this ClientState; wait (bounded) for its script_finished."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            collector = _Collector(finished=loop.create_future())
            self._collector = collector
            # Remember what we send, as the browser's widget manager does; triggers are one-shot.
            for state in client_state.widget_states.widgets:
                if state.WhichOneof("value") in {"trigger_value", "string_trigger_value", "json_trigger_value"}:
                    self.widget_values.pop(state.id, None)
                else:
                    self.widget_values[state.id] = state
            start = time.perf_counter()
            try:
                await self.send_backmsg(BackMsg(rerun_script=client_state))
                async with asyncio.timeout(self.timeout):
                    status = await collector.finished
            finally:
                self._collector = None
            elapsed = time.perf_counter() - start
            return RunResult(
                status=status,
                messages=collector.messages,
                nodes=dict(self.nodes),
                transients=list(self.transients),
                navigation=self.navigation,
                page_script_hash=self.page_script_hash,
                page_not_found=collector.page_not_found,
                page_title=self.page_title,
                query_string=self.query_string,
                elapsed=elapsed,
                cache_hits=collector.cache_hits,
            )

    async def run(
        self,
        *,
        page_name: str = "",
        page_script_hash: str | None = None,
        query_string: str | None = None,
        states: Iterable[WidgetState] = (),
        fragment_id: str = "",
    ) -> RunResult:
        """Low level: a rerun_script with these fields (None = what the session has now)."""
        return await self.run_client_state(
            self.client_state(
                page_name=page_name,
                page_script_hash=page_script_hash,
                query_string=query_string,
                states=states,
                fragment_id=fragment_id,
            )
        )

    async def open(self, url_path: str = "", query_string: str = "") -> RunResult:
        """A browser loading http://host/<url_path>?<query_string>: page name, no hash, no widgets."""
        self.widget_values.clear()
        # The address bar keeps the query string for later reruns until the app changes it
        # (page_info_changed), e.g. a QR link's ?code= that prefills a form field.
        self.query_string = query_string
        return await self.run(page_name=url_path.strip("/"), page_script_hash="", query_string=query_string)

    async def rerun(self, states: Iterable[WidgetState] = (), *, fragment_id: str = "") -> RunResult:
        """An interaction on the current page: every remembered widget value plus `states`; in a
        fragment (`fragment_id`), as the browser sends it: that fragment reruns, not the app."""
        return await self.run(states=states, fragment_id=fragment_id)

    async def set_values(self, values: Mapping[Widget, Any]) -> RunResult:
        """Change widgets outside a form (each change would be one rerun in a browser; this is one)."""
        return await self.rerun([widget_state(widget, value) for widget, value in values.items()])

    async def click(self, button: Widget) -> RunResult:
        return await self.rerun([trigger(button)], fragment_id=button.fragment_id)

    async def submit_form(self, submit_button: Widget, values: Mapping[Widget, Any] | None = None) -> RunResult:
        """Fill a form's widgets and press its submit button: one rerun, as st.form does."""
        if not submit_button.is_form_submitter:
            raise ValueError(f"{submit_button.label!r} is not a form submit button")
        states = []
        for widget, value in (values or {}).items():
            if widget.form_id != submit_button.form_id:
                raise ValueError(f"{widget.label!r} is not in the submit button's form {submit_button.form_id!r}")
            states.append(widget_state(widget, value))
        return await self.rerun([*states, trigger(submit_button)], fragment_id=submit_button.fragment_id)

    async def switch_page(self, url_path: str) -> RunResult:
        """Click a page in the navigation: the page's script hash, as the sidebar link sends it."""
        pages = {} if self.navigation is None else {p.url_pathname: p for p in self.navigation.app_pages}
        if url_path not in pages:
            raise LookupError(f"no page {url_path!r} in the navigation; pages: {sorted(pages)}")
        self.widget_values.clear()
        return await self.run(page_script_hash=pages[url_path].page_script_hash, query_string="")


async def fetch_page(port: int, url_path: str = "", **session_options: Any) -> RunResult:
    """One fresh session, one page load, closed again: the raw request a forged client makes."""
    async with StreamlitSession(port, **session_options) as session:
        return await session.open(url_path)
