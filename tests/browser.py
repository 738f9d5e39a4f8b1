"""Drive the course in a real browser: JupyterLab on 127.0.0.1 and headless Debian Chromium via Playwright.

Used by tests/test_ui.py and benchmarks/bench_browser.py. The server gets a random port and token,
its own config, runtime, settings and workspace folders, and serves a *copy* of notebooks/ (so
JupyterLab's autosave never overwrites the lessons). Playwright drives /usr/bin/chromium; no browser
is downloaded.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("GAN_EDU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
HOW_TO_GET_CHROMIUM = ("install Debian's Chromium (`sudo apt-get install chromium`, as .ci/run does) and "
                       "playwright (`pip install -e .[test]`), or set GAN_EDU_CHROMIUM to a Chromium binary")
SETTINGS = {  # user settings written before the server starts
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return f"playwright is not installed; {HOW_TO_GET_CHROMIUM}"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}; {HOW_TO_GET_CHROMIUM}"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server over a copy of notebooks/ in ``workdir``; ``stop()`` ends it."""

    def __init__(self, workdir: Path, fast: bool = True, timeout: float = 90.0):
        self.token, self.port = secrets.token_hex(16), _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.root = workdir / "notebooks"
        shutil.copytree(ROOT / "notebooks", self.root, ignore=shutil.ignore_patterns("checkpoints", ".ipynb_*"))
        for rel, value in SETTINGS.items():
            path = workdir / "settings" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(workdir / "config"), JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
                   GAN_EDU_FAST="1" if fast else "0")
        self.log = open(workdir / "jupyterlab.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             "--port-retries=0", f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
             f"--LabApp.workspaces_dir={workdir / 'workspaces'}", f"--LabApp.user_settings_dir={workdir / 'settings'}",
             "--LabApp.expose_app_in_browser=True", "--allow-root"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait(timeout)

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"JupyterLab did not answer within {timeout:.0f} s; see {self.log.name}")

    def url(self, notebook: str) -> str:
        """A fresh, reset workspace per page, so no page restores another's notebook."""
        return f"{self.base}/lab/workspaces/{uuid.uuid4().hex}/tree/{notebook}?reset&token={self.token}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def launch(playwright):
    """Headless Debian Chromium (Playwright passes --no-sandbox, needed as root)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


OPEN_JS = """async () => {
  const app = window.jupyterapp;
  await app.restored;
  let w = app.shell.currentWidget;
  while (!w || !w.sessionContext || !w.content) { await new Promise(r => setTimeout(r, 200)); w = app.shell.currentWidget; }
  await w.context.ready;
  await w.sessionContext.ready;
  return w.id;
}"""

RUN_ALL_JS = """() => {
  const app = window.jupyterapp;
  return app.commands.execute('notebook:clear-all-cell-outputs').then(() => {
    app.commands.execute('notebook:run-all-cells');  // not awaited: DONE_JS polls
  });
}"""

DONE_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const codes = Array.from(w.content.model.cells).filter(c => c.type === 'code');
  const failed = codes.some(c => c.outputs.toJSON().some(o => o.output_type === 'error'));
  return failed || codes.every(c => c.executionCount !== null);
}"""

ERRORS_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = Array.from(w.content.model.cells);
  const found = [];
  cells.forEach((c, i) => {
    if (c.type !== 'code') return;
    for (const o of c.outputs.toJSON()) {
      if (o.output_type === 'error') found.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
    }
    if (c.executionCount === null) found.push(`cell ${i}: not executed`);
  });
  const shown = w.node.innerText.match(/Error displaying widget[^\\n]*/g) || [];
  const blank = Array.from(w.node.querySelectorAll('.jupyter-matplotlib-figure'))
    .filter(f => { const c = f.querySelector('canvas'); return !c || c.width === 0 || c.height === 0; })
    .map(f => `${f.innerText.trim().split('\\n')[0]} is blank (0 x 0 canvas)`);
  return found.concat(shown, blank);
}"""



def axe_violations(page, context: dict) -> list[dict]:
    """axe-core's violations (id, impact, help, nodes' HTML) in ``context`` of the page, WCAG 2.1 A and AA rules."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "resultTypes": ["violations"]}
    found = Axe().run(page, context=context, options=options).response["violations"]
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"]]}
            for v in found]


def open_notebook(page, lab: Lab, notebook: str) -> str:
    """Load ``notebook`` in a fresh workspace and wait for its kernel; returns the notebook panel's DOM id."""
    page.goto(lab.url(notebook))
    page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
    return page.evaluate(OPEN_JS)


def run_all(page, timeout_s: float) -> list[str]:
    """Run every cell as a student's "Run All" does and wait; returns the errors the notebook shows."""
    page.evaluate(RUN_ALL_JS)
    page.wait_for_function(DONE_JS, timeout=timeout_s * 1000, polling=500)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:  # figures get their size from the kernel shortly after they are displayed
        page.wait_for_function(f"() => ({ERRORS_JS})().length === 0", timeout=5000, polling=250)
    except PlaywrightTimeout:
        pass
    return page.evaluate(ERRORS_JS)


def shut_down(page) -> None:
    """Stop the current notebook's kernel, so lessons opened later do not compete with it for the CPU."""
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")


def slider_handle(page, root: str, label: str):
    """The handle of the first slider in the notebook whose description contains ``label``."""
    slider = page.locator(f"#{root} .widget-slider").filter(has=page.locator(".widget-label", has_text=label)).first
    slider.scroll_into_view_if_needed()
    return slider.locator(".noUi-handle").first


def move_slider(page, root: str, handle, timeout_s: float = 20.0, key: str = "ArrowRight") -> float:
    """Press ``key`` on the slider; wait until a figure (ipympl canvas) or image in the slider's own output shows new
    pixels; returns seconds."""
    output = handle.evaluate_handle("h => h.closest('.jp-OutputArea-output')")
    pixels = ("(out) => Array.from(out.querySelectorAll('.jupyter-matplotlib-figure canvas')).map(c => c.toDataURL())"
              ".concat(Array.from(out.querySelectorAll('img')).map(i => i.src))")
    before = page.evaluate(pixels, output)
    if not before:
        raise ValueError(f"no ipympl figure or image next to the slider in {root}")
    handle.focus()
    t0 = time.perf_counter()
    page.keyboard.press(key)
    page.wait_for_function(f"([out, b]) => ({pixels})(out).some((u, i) => u !== b[i])", arg=[output, before],
                           timeout=timeout_s * 1000, polling="raf")
    return time.perf_counter() - t0
