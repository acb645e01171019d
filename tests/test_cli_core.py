"""The CLI root: version, one-line errors for unknown commands and bad flags."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aseanway import __version__
from aseanway.cli import main


def test_version(capsys: pytest.CaptureFixture) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"aseanway {__version__}"


@pytest.mark.parametrize("argv", [["nope"], ["--bogus"], ["explain", "--format", "xml"]])
def test_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("aseanway: error:")
    assert captured.err.count("\n") == 1
    assert captured.out == ""


def test_console_script_never_prints_a_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from aseanway.cli import console_main; console_main()", "nope"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "No such command" in proc.stderr
