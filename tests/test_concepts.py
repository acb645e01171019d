"""The two concepts as typed, bilingual data; `aseanway explain` in both languages."""

from __future__ import annotations

import json

import pytest

from aseanway.cli import main
from aseanway.concepts import Aspect, Dimension, Goal, Level, load_concepts, parse_concepts
from aseanway.concepts.explain import Topic, explain
from aseanway.errors import InputError


def test_both_levels_and_four_differences() -> None:
    c = load_concepts()
    assert {x.level for x in c.concepts} == set(Level)
    assert [d.dimension for d in c.differences] == list(Dimension)
    for concept in c.concepts:
        assert set(concept.aspects) == set(Aspect)  # politik, ekonomi, pertahanan, budaya
    assert set(c.concept(Level.foreign_policy).goals) == {
        Goal.national_interest,
        Goal.values_ideology,
        Goal.influence,
    }
    assert Goal.peace in c.concept(Level.international_politics).goals


def test_texts_differ_by_language_and_are_filled() -> None:
    c = load_concepts()
    for d in c.differences:
        for text in (d.name, d.foreign_policy, d.international_politics):
            assert text.en.strip() and text.id.strip()
            assert text.en != text.id
    assert c.concept("foreign_policy").name.get("id") == "Politik luar negeri"
    assert c.concept("international_politics").name.get("id") == "Politik internasional"


def test_labels_cover_every_enum_member() -> None:
    c = load_concepts()
    for enum in (Aspect, Goal):
        for member in enum:
            assert c.label(member, "id") and c.label(member, "en")
    assert c.label(Aspect.defence, "id") == "Pertahanan"


def test_parse_error_names_file_and_field() -> None:
    with pytest.raises(InputError) as err:
        parse_concepts("version: 1\nsource: x\nconcepts: []\n", file="broken.yaml")
    assert "broken.yaml" in str(err.value)
    assert "differences" in str(err.value) or "labels" in str(err.value)
    with pytest.raises(InputError, match="line"):
        parse_concepts("version: [1\n", file="bad.yaml")


@pytest.mark.parametrize("topic", list(Topic))
@pytest.mark.parametrize("lang", ["en", "id"])
def test_explain_every_topic(topic: Topic, lang: str) -> None:
    result = explain(topic, lang)
    assert result.title and result.text and result.items
    assert result.lang == lang


def test_explain_differences_in_indonesian_uses_explainer_terms(capsys: pytest.CaptureFixture) -> None:
    assert main(["explain", "differences", "--lang", "id", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    labels = [i["label"] for i in data["items"]]
    assert labels == ["Fokus", "Skala", "Subjek", "Tujuan"]
    assert "kepentingan nasional" in data["items"][0]["foreign_policy"]


def test_explain_table_in_english(capsys: pytest.CaptureFixture) -> None:
    assert main(["explain", "asean"]) == 0
    out = capsys.readouterr().out
    assert "ASEAN Way" in out and "1967" in out


def test_explain_unknown_topic_is_one_line_error(capsys: pytest.CaptureFixture) -> None:
    assert main(["explain", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aseanway: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_env_language(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("ASEANWAY_LANG", "id")
    assert main(["explain", "foreign-policy", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Politik luar negeri"
    assert main(["explain", "foreign-policy", "--lang", "fr"]) == 2
