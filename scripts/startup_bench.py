#!/usr/bin/env python3
"""Start-up figures of two Tauri apps, measured from outside (see scripts/startup-bench.sh).

Each run starts the app on a fresh data directory under its own Xvfb screen exactly the
window's size (no window manager, so the window covers the screen), then grabs the screen
with `xwd` as fast as it can:
- window mapped: the screen is no longer the root's black;
- first content: the screen is no longer one colour (a blank webview is all white);
- screen settled: the last time the screen changed before the PSS reading (the app drawn in
  full; for a static page, its first content);
- PSS at 3 s: the sum of Pss over the app and every process under it (the WebKit web and
  network processes), from /proc/<pid>/smaps_rollup.
Runs alternate between the apps so a slow moment of the machine hits both alike.

usage: startup_bench.py RUNS NAME=BINARY[+VAR=VALUE...] [NAME=BINARY ...]
(the first app is compared with each of the others; +VAR=VALUE adds to that app's environment)
"""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

WIDTH, HEIGHT = 1280, 820
TIMEOUT_S = 30.0
PSS_AT_S = 3.0


def screen_pixels(display):
    """The screen's pixel bytes, or None when the grab failed (the server is busy starting):
    xwd's dump without its header (its size in the first word) and colour map (ncolors, the
    20th word, entries of 12 bytes)."""
    done = subprocess.run(
        ["xwd", "-root", "-silent", "-display", display],
        capture_output=True,
    )
    if done.returncode != 0:
        return None
    raw = done.stdout
    header_size = int.from_bytes(raw[0:4], "big")
    ncolors = int.from_bytes(raw[76:80], "big")
    return raw[header_size + ncolors * 12 :]


def one_colour(pixels):
    first = pixels[:4]
    return pixels.count(first) * 4 == len(pixels)


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def pss_kib(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def start_xvfb(number):
    display = f":{number}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-br", "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode == 0:
            return xvfb, display
        time.sleep(0.05)
    xvfb.kill()
    raise SystemExit(f"Xvfb {display} did not start")


def one_run(binary, extra_env, number):
    xvfb, display = start_xvfb(number)
    home = tempfile.mkdtemp(prefix="startup-bench-")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DISPLAY": display,
        "HOME": home,
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "CONNECTDESK_DATA_DIR": os.path.join(home, "connectdesk"),
        # No session bus: the keyring probe finds no Secret Service, as on a bare X server.
        "DBUS_SESSION_BUS_ADDRESS": "disabled:",
        "LIBGL_ALWAYS_SOFTWARE": "1",
    }
    env.update(extra_env)
    try:
        started = time.monotonic()
        app = subprocess.Popen(
            [binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        mapped = content = None
        while time.monotonic() - started < TIMEOUT_S:
            pixels = screen_pixels(display)
            now = time.monotonic() - started
            if pixels is None:
                continue
            blank = one_colour(pixels)
            if mapped is None and not (blank and pixels[:3] == b"\0\0\0"):
                mapped = now
            if not blank:
                content = now
                break
            if app.poll() is not None:
                raise SystemExit(f"{binary} exited with {app.returncode} before showing anything")
        if content is None:
            raise SystemExit(f"{binary} showed nothing within {TIMEOUT_S} s")
        # Until the PSS reading: the last moment the screen changed (the app drawn in full).
        settled, last = content, pixels
        while time.monotonic() - started < PSS_AT_S:
            frame = screen_pixels(display)
            if frame is not None and frame != last:
                settled, last = time.monotonic() - started, frame
        pss = pss_kib(descendants(app.pid)) / 1024
        return mapped, content, settled, pss
    finally:
        try:
            os.killpg(app.pid, signal.SIGKILL)
        except (OSError, UnboundLocalError):
            pass
        xvfb.terminate()  # SIGTERM: the server removes its socket and lock file
        xvfb.wait()
        shutil.rmtree(home, ignore_errors=True)


def stripped_mib(binary):
    with tempfile.NamedTemporaryFile() as out:
        subprocess.run(["strip", "-o", out.name, binary], check=True)
        return os.path.getsize(out.name) / (1024 * 1024)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    runs = int(sys.argv[1])
    apps = []
    for arg in sys.argv[2:]:
        name, spec = arg.split("=", 1)
        binary, *assignments = spec.split("+")
        apps.append((name, binary, dict(a.split("=", 1) for a in assignments)))
    figures = {name: {"mapped": [], "content": [], "settled": [], "pss": []} for name, _, _ in apps}
    number = 140
    for run in range(runs):
        for name, binary, extra_env in apps:
            number += 1
            while os.path.exists(f"/tmp/.X{number}-lock"):
                number += 1
            mapped, content, settled, pss = one_run(binary, extra_env, number)
            figures[name]["mapped"].append(mapped)
            figures[name]["content"].append(content)
            figures[name]["settled"].append(settled)
            figures[name]["pss"].append(pss)
            print(f"run {run + 1}/{runs} {name:12} mapped {mapped * 1000:6.0f} ms  "
                  f"first content {content * 1000:6.0f} ms  settled {settled * 1000:6.0f} ms  "
                  f"PSS@3s {pss:6.1f} MiB", flush=True)
    print()
    print(f"medians of {runs} interleaved runs (fresh data dirs, Xvfb {WIDTH}x{HEIGHT}):")
    rows = []
    for name, binary, _ in apps:
        f = figures[name]
        rows.append({"name": name,
                     "mapped": statistics.median(f["mapped"]) * 1000,
                     "content": statistics.median(f["content"]) * 1000,
                     "settled": statistics.median(f["settled"]) * 1000,
                     "pss": statistics.median(f["pss"]),
                     "size": stripped_mib(binary)})
    ours, others = rows[0], rows[1:]
    names = " | ".join(r["name"] for r in rows)
    versus = " | ".join("vs " + r["name"] for r in others)
    print(f"| figure (median) | {names} | {versus} |")
    print(f"|---|{'---|' * (len(rows) + len(others))}")
    lines = [
        ("window mapped", "mapped", "{:,.0f} ms", "ratio"),
        ("first content", "content", "{:,.0f} ms", "ratio"),
        ("screen settled (last change before 3 s)", "settled", "{:,.0f} ms", "ratio"),
        ("PSS of the process tree at 3 s", "pss", "{:,.0f} MiB", "difference"),
        ("stripped binary", "size", "{:,.1f} MiB", "ratio"),
    ]
    for label, key, unit, compare in lines:
        values = " | ".join(unit.format(r[key]) for r in rows)
        if compare == "ratio":
            against = " | ".join(f"{ours[key] / r[key]:.2f}" for r in others)
        else:
            against = " | ".join(f"{ours[key] - r[key]:+,.0f} MiB" for r in others)
        print(f"| {label} | {values} | {against} |")


if __name__ == "__main__":
    main()
