"""The floor for the hall benchmark: a bare Streamlit page that only renders a form.

No login, no database, no navigation: what Streamlit itself costs for one session
rerunning one form. bench/hall.py runs it as its own server and sends it the same
number of sessions and reruns as the real ballot flow, so that the ratio of the
two latencies shows what the app adds on top of Streamlit.
"""

import gc
import os

import streamlit as st

# The app server's collector setting (serve.GC_THRESHOLDS, passed by bench/hall.py: the floor
# does not start through serve.py), so that the ratio of the two measures what the app adds,
# not a setting only one of them has.
if thresholds := os.environ.get("FLOOR_GC_THRESHOLDS"):
    gc.set_threshold(*(int(value) for value in thresholds.split(",")))

CHECKBOXES = int(os.environ.get("FLOOR_CHECKBOXES", "10"))

st.title("Floor")
with st.form("floor"):
    code = st.text_input("Mã")
    picked = [st.checkbox(f"Ứng viên {number + 1}", key=f"c{number}") for number in range(CHECKBOXES)]
    sent = st.form_submit_button("Gửi", type="primary")
if sent:
    st.success(f"Đã nhận {sum(picked)} lựa chọn ({len(code)} ký tự).")
