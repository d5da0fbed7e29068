"""What recovering one villager's ID number from a stolen terminal disk costs, with the applicant key.

The thief has the disk: the terminal secret and the parameters (``secrets/applicant_key.json``), each
application's applicant key and masked name; no digit of the ID number is stored. Assume they know the
county's six-digit area code. Left to try: every birth date in 100 years (36,525 days) times the three
sequence digits (1,000); the check digit follows from the other seventeen. Each candidate costs one
derivation with the terminal's parameters (``kiosk/lookup_key.py``: argon2id, single-threaded).

Figure: the median time of one derivation with the parameters a new terminal gets.
Baseline: one HMAC-SHA256 of the same number under the same secret (what older versions stored).
Then: candidates x cost = CPU-days to be sure of the number (half that on average). Goal: >= 10 CPU-days.

Run: ``.venv/bin/python bench/bench_lookup.py [ROUNDS]``
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.lookup_key import ApplicantKeys, legacy_key  # noqa: E402

GOAL_CPU_DAYS = 10.0
BIRTH_DATES = 36_525  # days in 100 years
SEQUENCES = 1_000  # three sequence digits; the check digit is computed, not guessed
ID_NUMBER = "520100194803150025"  # a sample number (样例)


def _median(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(rounds: int = 15) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        keys = ApplicantKeys(Path(tmp))
        keys.current(ID_NUMBER)  # makes the secret file and warms up
        secret = os.urandom(32)
        slow = _median(lambda: keys.current(ID_NUMBER), rounds)
        fast = _median(lambda: legacy_key(secret, ID_NUMBER), rounds * 1000)
    candidates = BIRTH_DATES * SEQUENCES
    cpu_days = candidates * slow / 86_400
    verdict = "met" if cpu_days >= GOAL_CPU_DAYS else "missed"
    print(
        f"applicant key (argon2id, {keys.current_scheme}): {slow * 1000:.1f} ms   "
        f"baseline HMAC-SHA256: {fast * 1e6:.2f} us   ratio {slow / fast:,.0f}   "
        f"goal >= {GOAL_CPU_DAYS:.0f} CPU-days  [{verdict}]"
    )
    print(
        f"one ID number from a stolen disk: {candidates:,} candidates x {slow * 1000:.1f} ms = "
        f"{cpu_days:.1f} CPU-days to be sure, {cpu_days / 2:.1f} on average "
        f"(the HMAC keys of older versions: {candidates * fast:.0f} s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
