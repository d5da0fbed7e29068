"""Bytes, time-to-bytes and 9600-baud print time of the standard acceptance receipt (受理回执, 样例).

Chinese mode (GB18030 text + the printer's own QR command) against the raster fallback (text drawn with
a CJK font and sent as GS v 0 images) measured in the same run. Goals: Chinese mode at least 20x smaller
than raster, and under 2 s on a 9600-baud serial link (8N1: 10 bits a byte, 960 bytes/s).

    .venv/bin/python bench/bench_receipt.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drivers.printing.decoder import decode  # noqa: E402
from drivers.printing.escpos_render import render  # noqa: E402
from drivers.printing.profiles import get_profile, paper_dots  # noqa: E402
from kiosk.receipts import sample_acceptance_receipt  # noqa: E402

BAUD_BYTES_PER_S = 9600 / 10
PRINT_SPEED_MM_S = 150  # a typical low-cost 58/80 mm head; 130-250 mm/s in the catalogues


def time_to_bytes(profile: str, dots: int, rounds: int) -> tuple[bytes, float]:
    doc = sample_acceptance_receipt()
    prof = get_profile(profile)
    data = render(doc, prof, dots)  # warm: font load, glyph cache, python-escpos profile
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        data = render(doc, prof, dots)
        times.append(time.perf_counter() - started)
    return data, statistics.median(times)


def line(what: str, figure: str, base_name: str, base: str, ratio: float, goal: str, met: bool) -> str:
    return f"{what}: {figure}   baseline {base_name}: {base}   ratio {ratio:.2f}   goal {goal}  [{'met' if met else 'missed'}]"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    for paper in (58, 80):
        dots = paper_dots(paper, 203)
        text, t_text = time_to_bytes("default", dots, args.rounds)
        raster, t_raster = time_to_bytes("no-cjk", dots, args.rounds)
        all_raster, t_all = time_to_bytes("basic", dots, args.rounds)
        length_mm = decode(text, get_profile("default"), dots).image().height / 203 * 25.4
        print(f"--- {paper} mm paper ({dots} dots), receipt {length_mm:.0f} mm long")
        ratio = len(raster) / len(text)
        print(
            line(
                "bytes, Chinese mode",
                f"{len(text)} B",
                "raster text (QR native)",
                f"{len(raster)} B",
                ratio,
                ">= 20x smaller",
                ratio >= 20,
            )
        )
        ratio_all = len(all_raster) / len(text)
        print(
            line(
                "bytes, Chinese mode",
                f"{len(text)} B",
                "raster text + image QR",
                f"{len(all_raster)} B",
                ratio_all,
                ">= 20x smaller",
                ratio_all >= 20,
            )
        )
        print(
            line(
                "time to bytes, Chinese mode",
                f"{t_text * 1e3:.2f} ms",
                "raster text",
                f"{t_raster * 1e3:.2f} ms",
                t_raster / t_text,
                "faster than raster",
                t_text < t_raster,
            )
        )
        s_text, s_raster = len(text) / BAUD_BYTES_PER_S, len(raster) / BAUD_BYTES_PER_S
        print(
            line(
                "9600 baud transfer, Chinese mode",
                f"{s_text:.2f} s",
                "raster text",
                f"{s_raster:.2f} s",
                s_raster / s_text,
                "< 2 s",
                s_text < 2.0,
            )
        )
        mech = length_mm / PRINT_SPEED_MM_S
        print(
            f"    paper feed at {PRINT_SPEED_MM_S} mm/s: {mech:.2f} s; the head prints while bytes arrive, so the "
            f"receipt is out after about {max(s_text, mech):.2f} s (Chinese mode) vs {max(s_raster, mech):.2f} s (raster)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
