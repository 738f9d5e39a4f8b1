"""Run every benchmarks/bench_*.py and print one table.

Protocol: a benchmark script prints one JSON object per result row on stdout,
{"name": ..., "figure": number, "unit": ..., "compared_against": ...}; anything else
it wants to say goes to stderr. Usage: python benchmarks/run.py [substring ...]
The table is also written to benchmarks/results/latest.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_script(path: Path) -> list[dict]:
    print(f"running {path.name} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=HERE.parent)
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0:
        rows.append({"name": f"{path.name} FAILED", "figure": proc.returncode, "unit": "exit code",
                     "compared_against": proc.stderr.strip().splitlines()[-1:] or ""})
    print(f"  {len(rows)} rows in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| name | figure | unit | compared against |", "|---|---|---|---|"]
    for r in rows:
        fig = r["figure"]
        fig = f"{fig:.4g}" if isinstance(fig, float) else str(fig)
        lines.append(f"| {r['name']} | {fig} | {r['unit']} | {r['compared_against']} |")
    return "\n".join(lines)


def main(selectors: list[str]) -> None:
    scripts = sorted(HERE.glob("bench_*.py"))
    scripts = [s for s in scripts if not selectors or any(k in s.name for k in selectors)]
    rows = [row for s in scripts for row in run_script(s)]
    text = table(rows)
    print(text)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.md").write_text(text + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
