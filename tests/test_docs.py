"""Documentation that runs: the README's example commands and every Python block in docs/."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from aseanway.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PREFIX = ".venv/bin/aseanway"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith(f"{PREFIX} ")]


def python_blocks() -> list[tuple[str, str]]:
    out = []
    for path in sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]):
        for k, code in enumerate(re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.S)):
            out.append((f"{path.relative_to(ROOT)}#{k}", code))
    return out


def test_readme_has_examples() -> None:
    commands = readme_commands()
    assert len(commands) >= 6 and any(" run " in c for c in commands)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent: the examples read its data")
def test_readme_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "shared").symlink_to(SHARED)  # so that ../shared/... resolves as in the repository
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(work)
    monkeypatch.delenv("ASEANWAY_LANG", raising=False)
    for line in readme_commands():  # in order: `compare 1` needs the `run` before it
        args = shlex.split(line, comments=True)[1:]
        code = main(args)
        captured = capsys.readouterr()
        assert code == 0, f"{line!r} exited {code}: {captured.err}"
        assert captured.out.strip(), f"{line!r} printed nothing"
    assert (work / "aseanway.duckdb").exists() and (work / "report" / "report.html").exists()


@pytest.mark.parametrize(("where", "code"), python_blocks(), ids=[w for w, _ in python_blocks()])
def test_python_examples_in_docs_run(where: str, code: str) -> None:
    exec(compile(code, where, "exec"), {"__name__": "__doc_example__"})  # noqa: S102 - our own docs
