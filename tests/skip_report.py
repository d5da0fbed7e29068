"""A pytest plugin: the count of skipped tests, printed at the end of every run, and fatal under CI.

pytest's own summary line leaves a zero count out, so a run that skipped nothing and a run whose skip
count nobody printed look the same; this line is always there ("0 skipped"). Under CI (``CI`` set, as
``.ci/run`` does) every part the tests need is installed, so any skip is a broken set-up and fails the
run, with the reasons listed. Loaded by tests/conftest.py.
"""

from __future__ import annotations

import pytest

from tests.real_parts import under_ci

_skipped: list[pytest.TestReport] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and under_ci() and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ci = under_ci()
    terminalreporter.write_line(
        f"{len(_skipped)} skipped" + (" (CI: a skip fails the run)" if ci and _skipped else ""),
        red=bool(_skipped) and ci,
        yellow=bool(_skipped) and not ci,
    )
    for report in _skipped:
        terminalreporter.write_line(f"  skipped {report.nodeid}: {_reason(report)}")
