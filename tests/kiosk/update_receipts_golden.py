"""Rewrite the golden receipts of tests/kiosk/test_receipts.py after a deliberate layout change.

    python -m tests.kiosk.update_receipts_golden [--png]

Then review the diff (``--png`` also writes each receipt's picture beside its text). The test only reads
these files, so nothing a test run prints can become its own expectation.
"""

from __future__ import annotations

import sys

from tests.kiosk.test_receipts import GOLDEN, SAMPLES, printout


def main(argv: list[str]) -> int:
    GOLDEN.mkdir(exist_ok=True)
    for kind, sample in sorted(SAMPLES.items()):
        for paper in (58, 80):
            out = printout(sample(), paper)
            golden = GOLDEN / f"{kind}_{paper}.txt"
            golden.write_text(out.text, encoding="utf-8")
            if "--png" in argv:
                golden.with_suffix(".png").write_bytes(out.png())
            print(golden)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
