"""Cold start and resident memory of the terminal as deployed, against a bare PySide6 window.

    .venv/bin/python bench/bench_startup.py [--runs 5] [--applications 50]

The terminal runs as a real one does: ``kiosk run`` (not the demo) in a fresh process, enrolled with a
reference platform that runs in a process of its own (``bench/production.py``), so no platform code is
in the terminal's process. Each figure is measured beside its baseline in the same run:

1. Cold start: from spawning the process to the home screen's first frame painted, against a bare
   PySide6 window shown by the same interpreter the same way (runs interleaved; medians, with the
   spread). Goal: <= 3x.
2. Resident memory (VmRSS) after one full application (card, form, every material captured, signed,
   submitted, receipt printed, home again), against the bare window. Goal: <= 4x.
3. The same process after ``--applications`` applications: goal within 10% of the figure after one.

Bytecode is compiled once before the timed runs (an installed package ships it). Pin to one core with
``taskset -c 0`` (children inherit it); ``bench/run_all.sh --cores 1`` does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.production import enrolled_home, environment, run_bare, run_terminal  # noqa: E402

HEAVY = ("central", "fastapi", "sqlalchemy", "uvicorn", "starlette", "pypinyin", "cv2", "numpy")


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "missed"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--applications", type=int, default=50)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        env = environment(Path(tmp) / "pycache")
        with enrolled_home(Path(tmp), env) as home:
            run_bare(env)
            first = run_terminal(home, env)[0]  # compiles the bytecode, makes the catalogue's files
            kiosk, bare = [], []
            for _ in range(args.runs):
                bare.append(run_bare(env)[0])
                kiosk.append(run_terminal(home, env)[0])
            day = run_terminal(home, env, args.applications)
    k = [r["wall"] for r in kiosk]
    b = [r["wall"] for r in bare]
    ratio = statistics.median(k) / statistics.median(b)
    print(f"cores: {cores}")
    print(
        f"cold start kiosk run (deployed, platform in another process) -> home painted: "
        f"{statistics.median(k):.2f} s ({spread(k)})   baseline bare PySide6 window: "
        f"{statistics.median(b):.2f} s ({spread(b)})   ratio {ratio:.2f} "
        f"({min(k) / max(b):.2f}-{max(k) / min(b):.2f})   goal <= 3  [{verdict(ratio <= 3)}]"
    )
    bare_kb = statistics.median(r["rss_kb"] for r in bare)
    home_kb = statistics.median(r["rss_kb"] for r in kiosk)
    after_one = next(r for r in day if r["at"] == "after 1")
    after_all = day[-1]
    print(
        f"resident memory at the home screen: {home_kb / 1024:.0f} MB   baseline bare PySide6 window: "
        f"{bare_kb / 1024:.0f} MB   ratio {home_kb / bare_kb:.2f}   (report)"
    )
    one = after_one["rss_kb"]
    print(
        f"resident memory after one full application: {one / 1024:.0f} MB   baseline bare PySide6 window: "
        f"{bare_kb / 1024:.0f} MB   ratio {one / bare_kb:.2f}   goal <= 4  [{verdict(one <= 4 * bare_kb)}]"
    )
    many, n = after_all["rss_kb"], after_all["applications"]
    growth = many / one - 1
    print(
        f"resident memory after {n} applications in one process: {many / 1024:.0f} MB   baseline after one: "
        f"{one / 1024:.0f} MB   growth {growth * 100:+.1f}%   goal within 10%  [{verdict(growth <= 0.10)}]"
        f"   (pending at the end: {after_all['pending']})"
    )
    loaded = [m for m in HEAVY if m in first["modules"]]
    print(f"loaded at the home screen of the deployed terminal, of {', '.join(HEAVY)}: {loaded or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
