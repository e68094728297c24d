"""Content validation: the shipped content loads, and each rule refuses a bad file with file:line."""

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from bot.core.content.loader import load_content

from bot.core.checkins.texts import CHECKIN_PLACEHOLDERS
from bot.core.content.texts import TEXT_PLACEHOLDERS
from bot.core.content.yaml_source import ContentError
from scheduler.settings import CATEGORIES

CONTENT = Path(__file__).resolve().parent.parent / "content"

SOURCES = """\
sources:
  - id: src-one
    title: Source one
    where: https://example.org/one
"""

SIMPLE_TIP = """\
category: {category}
tips:
  - id: {category}-one
    title: A tip
    text: Sit tall.
    sources: [src-one]
"""

STRETCH = """\
category: stretching
tips:
  - id: stretch-one
    title: A stretch
    text: Eases the back.
    steps:
      - Lie down.
    hold: 20 seconds.
    stop_if: It hurts more.
    sources: [src-one]
"""


POSE = """\
poses:
  stretch-one:
    keyframes:
      - name: start
        pelvis: [50, 28]
        angles: {torso: 90, head: 90, near_upper_arm: 270, near_forearm: 270, near_thigh: 270, near_shin: 270,
                 near_foot: 0}
      - name: end
        pelvis: [50, 28]
        angles: {torso: 90, head: 90, near_upper_arm: 0, near_forearm: 0, near_thigh: 270, near_shin: 270,
                 near_foot: 0}
"""

ROUTINES = """\
offered_with_nudges: one
offered_after_checkin: one
routines:
  - id: one
    title: One stretch
    intro: Just the one.
    steps:
      - {tip: stretch-one, seconds: 20, times: 2}
"""


ANSWER = """\
id: ice-or-heat
title: Ice or heat?
questions:
  - should I use ice or heat
keywords: [ice, heat]
answer: Cold first, heat later.
related: [ice-or-heat-more]
seek_care: true
sources: [src-one]
"""


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A minimal valid content folder: one source, the real texts, check-in texts, synonyms and small talk, one tip
    per category (the stretch with its pose, in one routine), two answers."""
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "ice-or-heat.yaml").write_text(ANSWER)
    (tmp_path / "answers" / "ice-or-heat-more.yaml").write_text(
        ANSWER.replace("id: ice-or-heat", "id: ice-or-heat-more").replace("[ice-or-heat-more]", "[ice-or-heat]"))
    (tmp_path / "tips").mkdir()
    (tmp_path / "sources.yaml").write_text(SOURCES)
    shutil.copy(CONTENT / "texts.yaml", tmp_path / "texts.yaml")
    shutil.copy(CONTENT / "checkin.yaml", tmp_path / "checkin.yaml")
    shutil.copy(CONTENT / "synonyms.yaml", tmp_path / "synonyms.yaml")
    smalltalk = (CONTENT / "smalltalk.yaml").read_text(encoding="utf-8")
    (tmp_path / "smalltalk.yaml").write_text(re.sub(r"(?m)^  topic: .*$", "  topic: ice-or-heat", smalltalk))
    for category in ("posture", "hydration"):
        (tmp_path / "tips" / f"{category}.yaml").write_text(SIMPLE_TIP.format(category=category))
    (tmp_path / "tips" / "stretching.yaml").write_text(STRETCH)
    (tmp_path / "poses.yaml").write_text(POSE)
    (tmp_path / "routines.yaml").write_text(ROUTINES)
    return tmp_path


def problems(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_content(content_dir)
    return [str(p) for p in raised.value.problems]


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text))


def test_shipped_content_is_valid_and_large_enough():
    content = load_content(CONTENT)
    for category in CATEGORIES:
        assert len(content.tips[category]) >= 15, category
    assert all(tip.steps and tip.hold and tip.stop_if for tip in content.tips["stretching"])
    assert content.texts.names() == set(TEXT_PLACEHOLDERS) | set(CHECKIN_PLACEHOLDERS)


def test_minimal_fixture_is_valid(content_dir):
    content = load_content(content_dir)
    assert [t.id for t in content.tips["posture"]] == ["posture-one"]
    assert content.tips["stretching"][0].category == "stretching"


def test_missing_file(content_dir):
    (content_dir / "tips" / "hydration.yaml").unlink()
    assert problems(content_dir) == ["tips/hydration.yaml:1: file is missing"]


def test_yaml_syntax_error_names_its_line(content_dir):
    write(content_dir / "tips" / "posture.yaml", SIMPLE_TIP.format(category="posture") + "  - id: [unclosed\n")
    [problem] = problems(content_dir)
    assert problem.startswith("tips/posture.yaml:8: YAML syntax error")


def test_duplicate_key(content_dir):
    write(content_dir / "tips" / "posture.yaml", SIMPLE_TIP.format(category="posture") + "    title: Again\n")
    assert problems(content_dir) == ["tips/posture.yaml:7: duplicate key 'title'"]


def test_file_must_be_a_mapping(content_dir):
    write(content_dir / "sources.yaml", "- just\n- a list\n")
    assert "sources.yaml:1: the file must be a YAML mapping (key: value lines)" in problems(content_dir)


def test_missing_required_field(content_dir):
    write(content_dir / "tips" / "posture.yaml", SIMPLE_TIP.format(category="posture").replace("    title: A tip\n", ""))
    assert problems(content_dir) == ["tips/posture.yaml:3: missing required field 'title'"]


def test_unknown_field(content_dir):
    write(content_dir / "tips" / "posture.yaml", SIMPLE_TIP.format(category="posture") + "    titel: typo\n")
    assert problems(content_dir) == [
        "tips/posture.yaml:7: unknown field 'titel' (check its spelling in content/README.md)"]


def test_title_too_long(content_dir):
    write(content_dir / "tips" / "posture.yaml",
          SIMPLE_TIP.format(category="posture").replace("A tip", "x" * 81))
    assert problems(content_dir) == ["tips/posture.yaml:4: 'title' is longer than 80 characters"]


def test_text_too_long(content_dir):
    write(content_dir / "tips" / "posture.yaml",
          SIMPLE_TIP.format(category="posture").replace("Sit tall.", "word " * 200))
    assert problems(content_dir) == ["tips/posture.yaml:5: 'text' is longer than 800 characters"]


def test_sources_must_not_be_empty(content_dir):
    write(content_dir / "tips" / "posture.yaml",
          SIMPLE_TIP.format(category="posture").replace("[src-one]", "[]"))
    assert problems(content_dir) == ["tips/posture.yaml:6: 'sources' must not be empty"]


def test_id_pattern(content_dir):
    write(content_dir / "tips" / "posture.yaml",
          SIMPLE_TIP.format(category="posture").replace("posture-one", "Posture One"))
    assert problems(content_dir) == [
        "tips/posture.yaml:3: 'id' must use only lowercase letters, digits and single dashes (got 'Posture One')"]


def test_duplicate_id_across_files(content_dir):
    write(content_dir / "tips" / "hydration.yaml",
          SIMPLE_TIP.format(category="hydration").replace("hydration-one", "posture-one"))
    assert problems(content_dir) == [
        "tips/hydration.yaml:3: duplicate id 'posture-one' (first used in tips/posture.yaml:3)"]


def test_unknown_source(content_dir):
    write(content_dir / "tips" / "posture.yaml",
          SIMPLE_TIP.format(category="posture").replace("[src-one]", "[src-one, src-two]"))
    assert problems(content_dir) == [
        "tips/posture.yaml:6: tip 'posture-one': unknown source 'src-two' (not in sources.yaml)"]


def test_duplicate_source_id(content_dir):
    write(content_dir / "sources.yaml", SOURCES + SOURCES.replace("sources:\n", ""))
    assert problems(content_dir) == ["sources.yaml:5: duplicate source id 'src-one'"]


@pytest.mark.parametrize("field", ["steps", "hold", "stop_if"])
def test_stretch_needs_how_long_and_when_to_stop(content_dir, field):
    lines = STRETCH.splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"    {field}:") and
            not (field == "steps" and line.startswith("      - "))]
    write(content_dir / "tips" / "stretching.yaml", "".join(kept))
    assert problems(content_dir) == [f"tips/stretching.yaml:3: tip 'stretch-one': a stretch needs '{field}'"]


def test_category_must_match_the_file(content_dir):
    write(content_dir / "tips" / "posture.yaml", SIMPLE_TIP.format(category="postures").replace("postures-one", "posture-one"))
    assert problems(content_dir) == ["tips/posture.yaml:1: category is 'postures' but the file is for 'posture'"]


def test_category_must_not_be_empty(content_dir):
    write(content_dir / "tips" / "hydration.yaml", "category: hydration\ntips: []\n")
    assert problems(content_dir) == ["tips/hydration.yaml:2: category 'hydration' has no tips"]


def test_invalid_markup(content_dir):
    write(content_dir / "tips" / "posture.yaml",
          SIMPLE_TIP.format(category="posture").replace("Sit tall.", "Sit <b>tall."))
    [problem] = problems(content_dir)
    assert problem.startswith("tips/posture.yaml:5: tip 'posture-one' text: invalid markup: ")
    assert 'end tag corresponding to start tag "b"' in problem


def test_text_over_telegram_limit(content_dir):
    texts = (content_dir / "texts.yaml").read_text()
    write(content_dir / "texts.yaml", texts.replace('stale_button: "', 'stale_button: "' + "long " * 900))
    [problem] = problems(content_dir)
    assert problem.endswith("text 'stale_button': longer than Telegram's 4096 characters")
    assert problem.startswith("texts.yaml:")


def test_missing_text(content_dir):
    texts = (content_dir / "texts.yaml").read_text()
    write(content_dir / "texts.yaml", texts.replace('  tip_hold_label: "How long:"\n', ""))
    assert problems(content_dir) == ["texts.yaml:4: missing text 'tip_hold_label'"]


def test_unknown_placeholder(content_dir):
    texts = (content_dir / "texts.yaml").read_text()
    write(content_dir / "texts.yaml", texts.replace("Hello {first_name}!", "Hello {name}!"))
    [problem] = problems(content_dir)
    assert problem == "texts.yaml:5: text 'welcome' uses {name}, which it is not given (it may use {first_name})"


def test_malformed_braces(content_dir):
    texts = (content_dir / "texts.yaml").read_text()
    write(content_dir / "texts.yaml", texts.replace("Hello {first_name}!", "Hello {first_name!"))
    [problem] = problems(content_dir)
    assert problem.startswith("texts.yaml:5: text 'welcome': malformed braces")


def test_unknown_text_name(content_dir):
    texts = (content_dir / "texts.yaml").read_text()
    write(content_dir / "texts.yaml", texts.replace("texts:\n", "texts:\n  farewell: Bye\n", 1))
    assert problems(content_dir) == ["texts.yaml:5: unknown text 'farewell' (the bot never sends it)"]


def test_missing_command_description(content_dir):
    texts = (content_dir / "texts.yaml").read_text()
    write(content_dir / "texts.yaml", texts.replace('  about: "What my information rests on"\n', ""))
    [problem] = problems(content_dir)
    assert problem.endswith(": missing description for command 'about'")


def test_every_problem_is_reported_not_just_the_first(content_dir):
    write(content_dir / "tips" / "posture.yaml",
          SIMPLE_TIP.format(category="posture").replace("[src-one]", "[nope]"))
    (content_dir / "tips" / "hydration.yaml").unlink()
    found = problems(content_dir)
    assert len(found) == 2
    assert any(p.startswith("tips/posture.yaml:6:") for p in found)
    assert "tips/hydration.yaml:1: file is missing" in found


def test_answer_id_must_match_its_file_name(content_dir):
    write(content_dir / "answers" / "ice-or-heat.yaml", ANSWER.replace("id: ice-or-heat", "id: ice-and-heat"))
    assert "answers/ice-or-heat.yaml:1: id 'ice-and-heat' does not match the file name 'ice-or-heat.yaml'" in problems(content_dir)


def test_answer_related_topic_must_exist(content_dir):
    write(content_dir / "answers" / "ice-or-heat.yaml", ANSWER.replace("[ice-or-heat-more]", "[ice-or-heat-more, sleep]"))
    assert problems(content_dir) == ["answers/ice-or-heat.yaml:7: answer 'ice-or-heat': related topic 'sleep' does not exist"]


def test_answer_source_must_exist(content_dir):
    write(content_dir / "answers" / "ice-or-heat.yaml", ANSWER.replace("sources: [src-one]", "sources: [src-one, nope]"))
    assert problems(content_dir) == ["answers/ice-or-heat.yaml:9: answer 'ice-or-heat': unknown source 'nope' (not in sources.yaml)"]


def test_answer_needs_example_questions(content_dir):
    write(content_dir / "answers" / "ice-or-heat.yaml",
          ANSWER.replace("questions:\n  - should I use ice or heat\n", "questions: []\n"))
    assert problems(content_dir) == ["answers/ice-or-heat.yaml:3: 'questions' must not be empty"]


def test_answer_markup_is_checked(content_dir):
    write(content_dir / "answers" / "ice-or-heat.yaml", ANSWER.replace("Cold first, heat later.", "Cold <i>first."))
    [problem] = problems(content_dir)
    assert problem.startswith("answers/ice-or-heat.yaml:6: answer 'ice-or-heat' answer: invalid markup: ")


def test_answer_text_limit(content_dir):
    write(content_dir / "answers" / "ice-or-heat.yaml", ANSWER.replace("Cold first, heat later.", "cold " * 400))
    assert problems(content_dir) == ["answers/ice-or-heat.yaml:6: 'answer' is longer than 1500 characters"]


def test_there_must_be_answer_topics(content_dir):
    for path in (content_dir / "answers").glob("*.yaml"):
        path.unlink()
    assert problems(content_dir) == ["answers/:1: no answer topics: add at least one answers/<id>.yaml"]


@pytest.mark.parametrize(("name", "phrase"), [
    ("outcome_emergency", "emergency"), ("outcome_urgent", "seek medical care"), ("outcome_urgent", "today"),
    ("outcome_see_doctor", "seek medical care"), ("outcome_emergency_other", "emergency"),
    ("outcome_urgent_other", "seek medical care"), ("outcome_see_doctor_other", "seek medical care"),
])
def test_an_outcome_text_that_loses_its_fixed_phrase_is_refused(content_dir, name, phrase):
    path = content_dir / "checkin.yaml"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"  {name}:"))
    # every spelling of the phrase, but not in the {emergency_number} placeholder or a text name
    path.write_text(re.sub(rf"(?<![{{_]){phrase}(?!_number)", "get help", path.read_text(), flags=re.IGNORECASE))
    found = [p for p in problems(content_dir) if f"'{name}' must contain \"{phrase}\"" in p]
    assert found and found[0].startswith(f"checkin.yaml:{index + 1}:")


@pytest.mark.parametrize(("name", "start"), [("ask_yes_button", "Yes"), ("ask_no_button", "No")])
def test_a_safety_question_button_must_read_as_yes_or_no(content_dir, name, start):
    path = content_dir / "checkin.yaml"
    path.write_text(path.read_text().replace(f'  {name}: "{start}"', f'  {name}: "Maybe"'))
    assert any(f"'{name}' must begin with \"{start}\"" in p for p in problems(content_dir))


def test_every_safety_question_is_needed(content_dir):
    path = content_dir / "checkin.yaml"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if "ask_fever:" not in line) + "\n")
    assert any("missing text 'ask_fever'" in p for p in problems(content_dir))


def test_a_self_care_text_that_sounds_like_an_escalation_is_refused(content_dir):
    path = content_dir / "checkin.yaml"
    path.write_text(path.read_text().replace("Keep gently moving", "Seek medical care if unsure, and keep gently moving"))
    assert any("'advice_active' is part of a self-care reply and must not contain \"seek medical care\"" in p
               for p in problems(content_dir))


def test_the_emergency_text_must_name_the_emergency_number(content_dir):
    path = content_dir / "checkin.yaml"
    path.write_text(path.read_text().replace("Call <b>{emergency_number}</b> (or your local", "Call your local"))
    assert any("'outcome_emergency' must use {emergency_number}" in p for p in problems(content_dir))


def test_every_sign_needs_a_label(content_dir):
    path = content_dir / "checkin.yaml"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if "sign_fever:" not in line) + "\n")
    assert "checkin.yaml:10: missing text 'sign_fever'" in problems(content_dir)
