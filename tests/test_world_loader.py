"""Loading world data from a directory: the same loader, precise errors for malformed files."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from aseanway.errors import InputError
from aseanway.world import DATA_FILES, load_world


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    src = resources.files("aseanway.world") / "data"
    for name in DATA_FILES:
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_loads_like_the_package(data_dir: Path) -> None:
    copy = load_world(data_dir)
    assert copy.model_dump() == load_world().model_dump()
    assert load_world() is load_world()  # cached


def test_bad_date_names_file_line_and_field(data_dir: Path) -> None:
    _edit(data_dir / "members.yaml", "joined: 1999-04-30", "joined: 1999-13-45")
    with pytest.raises(InputError) as err:
        load_world(data_dir)
    e = err.value
    assert e.file.endswith("members.yaml")
    assert e.field == "members[1].joined"
    lines = (data_dir / "members.yaml").read_text().splitlines()
    assert "1999-13-45" in lines[e.line - 1]
    assert "members.yaml" in str(e) and "members[1].joined" in str(e) and f"line {e.line}" in str(e)


def test_yaml_syntax_error_gives_line(data_dir: Path) -> None:
    path = data_dir / "forums.yaml"
    lines = path.read_text().splitlines()
    lines[12] = lines[12] + " : : ["
    path.write_text("\n".join(lines))
    with pytest.raises(InputError, match="not valid YAML") as err:
        load_world(data_dir)
    assert err.value.file.endswith("forums.yaml") and err.value.line is not None


def test_unknown_code_is_reported(data_dir: Path) -> None:
    _edit(data_dir / "disputes.yaml", "parties: [IDN, MYS]", "parties: [IDN, XYZ]")
    with pytest.raises(InputError, match="unknown code 'XYZ'") as err:
        load_world(data_dir)
    assert err.value.field == "disputes[0].parties[1]"


def test_missing_source_is_rejected(data_dir: Path) -> None:
    _edit(
        data_dir / "partners.yaml",
        'source: "ASEAN Secretariat, Overview of ASEAN-New Zealand',
        'source: "  "\n    x: "',
    )
    with pytest.raises(InputError) as err:
        load_world(data_dir)
    assert err.value.field.startswith("partners[1]")


def test_unconfirmed_without_note_is_rejected(data_dir: Path) -> None:
    _edit(data_dir / "arf.yaml", "{code: BRN, since: 1994,", "{code: BRN, since: 1994, unconfirmed: true,")
    with pytest.raises(InputError, match="needs a note") as err:
        load_world(data_dir)
    assert err.value.field == "participants[0]"


def test_in_force_before_signature_is_rejected(data_dir: Path) -> None:
    _edit(data_dir / "instruments.yaml", "in_force: 2011-05-27", "in_force: 2006-05-27")
    with pytest.raises(InputError, match="before signed"):
        load_world(data_dir)


def test_founder_flag_must_match_founding_date(data_dir: Path) -> None:
    _edit(
        data_dir / "members.yaml",
        "joined: 1984-01-07\n    founder: false",
        "joined: 1984-01-07\n    founder: true",
    )
    with pytest.raises(InputError, match="founder") as err:
        load_world(data_dir)
    assert err.value.field == "members[0].founder"


def test_inconsistent_chair_exception_is_reported(data_dir: Path) -> None:
    _edit(data_dir / "chair.yaml", "    with_member: IDN", "    with_member: SGP")
    world = load_world(data_dir)
    from aseanway.world import chair

    with pytest.raises(InputError, match="swap exception 2011"):
        chair(2011, world)


def test_missing_file_and_directory(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "chair.yaml").unlink()
    with pytest.raises(InputError, match="missing data file"):
        load_world(data_dir)
    with pytest.raises(InputError, match="not a directory"):
        load_world(tmp_path / "nope")
    shutil.rmtree(data_dir)
