"""The GAN playground as a student opens it: ``voila notebooks/playground.ipynb`` on 127.0.0.1, a random port.

Used by tests/test_playground_ui.py and benchmarks/bench_playground.py, next to tests/browser.py (Chromium).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from browser import ROOT, _free_port

NOTEBOOK = ROOT / "notebooks" / "playground.ipynb"


def voila_command(port: int, token: str, cull_seconds: int = 120, open_browser: bool = False) -> list[str]:
    """Voila on 127.0.0.1 as `python3 course.py playground` starts it (gan-edu's template, a token, idle kernels
    culled), plus a fixed port and tracebacks on the page."""
    return [sys.executable, "-m", "voila", str(NOTEBOOK), "--Voila.ip=127.0.0.1", f"--port={port}", "--template=gan-edu",
            f"--Voila.token={token}", f"--MappingKernelManager.cull_idle_timeout={cull_seconds}",
            f"--MappingKernelManager.cull_interval={max(1, cull_seconds // 4)}",
            "--MappingKernelManager.cull_connected=False", "--show_tracebacks=True",
            *([] if open_browser else ["--no-browser"])]


class Voila:
    """A Voila server for the playground notebook; ``stop()`` ends it; its log is ``log_path``."""

    def __init__(self, workdir: Path, timeout: float = 120.0, cull_seconds: int = 120):
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.root = f"http://127.0.0.1:{self.port}/"
        self.url = f"{self.root}?token={self.token}"
        self.log_path = workdir / "voila.log"
        self.log = open(self.log_path, "w")
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(workdir / "config"), JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
                   MPLBACKEND="module://ipympl.backend_nbagg", JUPYTER_PATH=str(ROOT / "gan_edu" / "web"))
        self.proc = subprocess.Popen(voila_command(self.port, self.token, cull_seconds), cwd=ROOT, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with code {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.root}api/status", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"voila did not answer within {timeout:.0f} s; see {self.log_path}")

    def kernel_errors(self) -> list[str]:
        """Tracebacks the server logged (a kernel that died, a cell that raised)."""
        text = self.log_path.read_text(errors="replace")
        return [line for line in text.splitlines() if "Traceback" in line or "Error:" in line[:80]]

    def kernels(self) -> int:
        """How many kernels the server runs now (its child processes that are kernels)."""
        import psutil

        def is_kernel(child) -> bool:  # a culled kernel may linger as a zombie until the server reaps it: not running
            try:
                return child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline())
            except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
                return False

        return sum(is_kernel(c) for c in psutil.Process(self.proc.pid).children(recursive=True))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def open_playground(page, server: Voila, timeout_s: float = 180) -> None:
    """Load the app and wait until its figure has a size and its readouts show an iteration."""
    page.goto(server.url, timeout=timeout_s * 1000)
    page.wait_for_function("""() => { const c = document.querySelector('.jupyter-matplotlib-figure canvas');
        const r = document.querySelector('.playground-readouts');
        return c && c.width > 0 && r && r.innerText.includes('iteration'); }""", timeout=timeout_s * 1000, polling=250)



# Console errors of Voila's page that are not the playground's: it tries to load JupyterLab's own federated extensions.
VOILA_NOISE = ("shared module", "Shared module", "#RUNTIME-0")


def watch(page) -> list[str]:
    """Record the page's uncaught exceptions, console errors and every request that leaves 127.0.0.1 (aborted)."""
    problems: list[str] = []
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("console", lambda m: problems.append(f"console error: {m.text}")
            if m.type == "error" and not any(s in m.text for s in VOILA_NOISE) else None)

    def outside(route) -> None:
        problems.append(f"request outside 127.0.0.1: {route.request.url}")
        route.abort()

    page.route(lambda url: not url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")), outside)
    return problems


def canvas_pixels(page) -> str:
    """The figure's pixels (the largest canvas of the ipympl figure) as a data URL."""
    return page.evaluate("""() => { const cs = Array.from(document.querySelectorAll('.jupyter-matplotlib-figure canvas'));
        return cs.sort((a, b) => b.width * b.height - a.width * a.height)[0].toDataURL(); }""")


def wait_for_new_pixels(page, before: str, timeout_s: float = 30) -> None:
    page.wait_for_function("""(b) => { const cs = Array.from(document.querySelectorAll('.jupyter-matplotlib-figure canvas'));
        return cs.sort((x, y) => y.width * y.height - x.width * x.height)[0].toDataURL() !== b; }""",
                           arg=before, timeout=timeout_s * 1000, polling="raf")


def wait_for_text(page, selector: str, text: str, timeout_s: float = 30) -> None:
    """Wait until the element ``selector`` shows ``text``, checked at every animation frame (for timings)."""
    page.wait_for_function("([s, t]) => { const e = document.querySelector(s); return e && e.innerText.includes(t); }",
                           arg=[selector, text], timeout=timeout_s * 1000, polling="raf")


def readout_iteration(page) -> int:
    import re
    return int(re.search(r"iteration (\d+)", page.inner_text(".playground-readouts")).group(1))
