"""How busy the whole machine is while a benchmark runs: every half second, the share of all
cores in use and who used it (Python: the app processes and the benchmark's client;
PostgreSQL's server processes; nginx). It answers "is there a free core for one more process?".

    .venv/bin/python -m bench.machine_use .venv/bin/python -m bench.hall --n 200 --pattern burst \\
        --backend postgresql --processes 2 --no-floor --repeat 1

Only the half-seconds with the machine more than a quarter busy are printed (the benchmark's
own set-up is mostly idle). A server process that exits within a half-second is not counted.
"""

import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
STEP_S = 0.5
GROUPS = ("python", "postgres", "nginx")


def _machine() -> tuple[int, int]:
    """(all jiffies, idle jiffies) since boot, all cores together."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return sum(values), values[3] + values[4]


def _by_group() -> dict[str, float]:
    """CPU seconds used so far by the live processes of each group (children they reaped too)."""
    used = dict.fromkeys((*GROUPS, "other"), 0.0)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as comm, open(f"/proc/{pid}/stat") as stat:
                name, fields = comm.read().strip(), stat.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        group = next((g for g in GROUPS if name.startswith(g)), "other")
        used[group] += sum(int(v) for v in fields[11:15]) / TICK
    return used


def main(command: list[str]) -> int:
    cores = os.cpu_count() or 1
    started = time.monotonic()
    machine, groups = _machine(), _by_group()
    process = subprocess.Popen(command)  # its output goes straight to ours
    while process.poll() is None:
        time.sleep(STEP_S)
        machine_now, groups_now = _machine(), _by_group()
        total, idle = machine_now[0] - machine[0], machine_now[1] - machine[1]
        busy = 1 - idle / total if total else 0.0
        if busy > 0.25:
            shares = "  ".join(f"{g}={100 * (groups_now[g] - groups[g]) / STEP_S:4.0f}%" for g in (*GROUPS, "other"))
            line = f"# {time.monotonic() - started:5.1f}s  busy={100 * busy * cores:4.0f}% of {100 * cores}%  {shares}"
            print(line, flush=True)
        machine, groups = machine_now, groups_now
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
