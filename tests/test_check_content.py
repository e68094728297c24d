"""`run.py check-content`: one case per validation rule (errors from load_content, warnings from
content_lint), each on a copy of the real content/ with one targeted edit and its exact
`file:line: message`; then the command end to end, as a subprocess."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.content.loader import load_content
from bot.core.content.lint import (CALLBACK_ANSWER_TEXTS, CAPTION_TEXTS, NUMBER_SAMPLE, PLACEHOLDERS, lint,
                                   visible_length)
from bot.core.content.yaml_source import ContentError
from tests.test_run_py import clean_env, run_py

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CHECKIN, CAUSES, POSTURE, STRETCHING = "checkin.yaml", "answers/causes.yaml", "tips/posture.yaml", "tips/stretching.yaml"
TEXT_FILES = ["texts.yaml", CHECKIN]
UNCLOSED_B = 'invalid markup: Can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'
TOO_LONG = "longer than Telegram's 4096 characters"
REACH_HINT = "; add words to its questions or keywords (see run.py ask)"
CUT = "phones cut labels over about 40 with '…'"


@pytest.fixture(scope="module")
def baseline() -> set[tuple[str, str]]:
    """The warnings the shipped content already has, as (file, message): an edit is judged by what it adds."""
    return {(p.file, p.message) for p in lint(load_content(CONTENT), CONTENT)}


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def replace(folder: Path, rel: str, old: str, new: str, within: str | None = None) -> int:
    """Replace old, which must occur once (in the tip `within`, if given); return the line it started on."""
    path = folder / rel
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {within}\n") if within else 0
    following = text.find("\n  - id: ", start + 1)
    end = following if within and following != -1 else len(text)
    assert text[start:end].count(old) == 1, f"{old!r} is not once in {rel}"
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


def set_text(folder: Path, rel: str, name: str, value: str) -> int:
    """Give text `name` (under texts:) a new one-line value; return its line."""
    path = folder / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i in range(lines.index("texts:"), len(lines)) if lines[i].startswith(f"  {name}:"))
    end = first + 1
    while end < len(lines) and (lines[end].startswith("   ") or not lines[end].strip()
                                and end + 1 < len(lines) and lines[end + 1].startswith("   ")):
        end += 1
    lines[first:end] = [f"  {name}: {json.dumps(value, ensure_ascii=False)}"]
    path.write_text("\n".join(lines), encoding="utf-8")
    return first + 1


def line_of(folder: Path, rel: str, needle: str) -> int:
    text = (folder / rel).read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


def errors(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_content(folder)
    return [str(p) for p in raised.value.problems]


def added_warnings(folder: Path, baseline) -> list[str]:
    return [str(p) for p in lint(load_content(folder), folder) if (p.file, p.message) not in baseline]


def text_file(folder: Path, name: str) -> str:
    return next(rel for rel in TEXT_FILES if f"\n  {name}:" in (folder / rel).read_text(encoding="utf-8"))


# ---- errors: one edit, one problem ----

@pytest.mark.parametrize(("rel", "within", "old", "new", "shift", "message"), [
    pytest.param(POSTURE, None, "    title: Feet flat", "\ttitle: Feet flat", 0,
                 "YAML syntax error: found character '\\t' that cannot start any token", id="yaml-syntax"),
    pytest.param(CAUSES, None, "seek_care: true\n", "seek_care: true\nseek_care: false\n", 1,
                 "duplicate key 'seek_care'", id="duplicate-key"),
    pytest.param(CAUSES, None, "seek_care: true\n", "seek_care: true\ncolour: blue\n", 1,
                 "unknown field 'colour' (check its spelling in content/README.md)", id="unknown-field"),
    pytest.param(CAUSES, None, "id: causes", "id: Causes", 0,
                 "'id' must use only lowercase letters, digits and single dashes (got 'Causes')", id="bad-id"),
    pytest.param(CAUSES, None, "title: Why", "title: " + "x" * 81 + " #", 0,
                 "'title' is longer than 80 characters", id="too-long-field"),
    pytest.param(CAUSES, None, "title: Why", "title: [a, list] #", 0, "'title' must be text", id="not-text"),
    pytest.param(CAUSES, None, "related: [what", "related: what #", 0, "'related' must be a list", id="not-a-list"),
    pytest.param("sources.yaml", None, "\nsources:\n", "\nsources:\n  - just words\n", 2, "'sources' must be a mapping",
                 id="not-a-mapping"),
    pytest.param(CAUSES, None, "sources: [seed", "sources: [] #", 0, "'sources' must not be empty", id="empty-list"),
    pytest.param(CAUSES, None, "seek_care: true", "seek_care: maybe", 0,
                 "'seek_care': Input should be a valid boolean, unable to interpret input", id="bad-value"),
    pytest.param("tips/hydration.yaml", "hydration-how-much", "sources: [nhs-water]", "sources: [nhs-water, nhs-juice]", 0,
                 "tip 'hydration-how-much': unknown source 'nhs-juice' (not in sources.yaml)", id="tip-unknown-source"),
    pytest.param(CAUSES, None, "sources: [", "sources: [nhs-juice, ", 0,
                 "answer 'causes': unknown source 'nhs-juice' (not in sources.yaml)", id="answer-unknown-source"),
    pytest.param(POSTURE, None, "category: posture\n", "category: postures\n", 0,
                 "category is 'postures' but the file is for 'posture'", id="category-mismatch"),
    pytest.param(CAUSES, None, "id: causes\n", "id: cause\n", 0,
                 "id 'cause' does not match the file name 'causes.yaml'", id="answer-id-not-file-name"),
    pytest.param(CAUSES, None, "related: [", "related: [sleep-well, ", 0,
                 "answer 'causes': related topic 'sleep-well' does not exist", id="related-missing"),
    pytest.param(STRETCHING, "stretch-knee-to-chest", "    title: Knee-to-chest stretch", "    title: Knee-to-chest <b>stretch",
                 0, f"tip 'stretch-knee-to-chest' title: {UNCLOSED_B}", id="tip-markup"),
    pytest.param(STRETCHING, "stretch-knee-to-chest", "    hold: 20", "    hold: <b>20", 0,
                 f"tip 'stretch-knee-to-chest' hold: {UNCLOSED_B}", id="hold-markup"),
    pytest.param(STRETCHING, "stretch-knee-to-chest", "      - Lie on your", "      - Lie <b>on your", 0,
                 f"tip 'stretch-knee-to-chest' step 1: {UNCLOSED_B}", id="step-markup"),
    pytest.param(CAUSES, None, "title: Why does my back", "title: Why does my <b>back", 0,
                 f"answer 'causes' title: {UNCLOSED_B}", id="answer-markup"),
    pytest.param("texts.yaml", None, "commands:\n", "commands:\n  dance: Dance with me\n", 1, "unknown command 'dance'",
                 id="unknown-command"),
])
def test_one_edit_one_error(folder, rel, within, old, new, shift, message):
    line = replace(folder, rel, old, new, within) + shift
    assert errors(folder) == [f"{rel}:{line}: {message}"]


@pytest.mark.parametrize(("rel", "name", "value", "message"), [
    pytest.param("texts.yaml", "welcome_back", "Hi {first_name",
                 "text 'welcome_back': malformed braces (expected '}' before end of string); write {{ for a literal brace",
                 id="malformed-braces"),
    pytest.param("texts.yaml", "welcome_back", "Hi {name}",
                 "text 'welcome_back' uses {name}, which it is not given (it may use {first_name})", id="placeholder"),
    pytest.param("texts.yaml", "stale_button", "Gone {when}",
                 "text 'stale_button' uses {when}, which it is not given (it may use no placeholders)", id="no-placeholders"),
    pytest.param("texts.yaml", "deleted", "Erased <b>everything.", f"text 'deleted': {UNCLOSED_B}", id="text-markup"),
    pytest.param(CHECKIN, "checkin_cancelled", "Stopped <b>now.", f"text 'checkin_cancelled': {UNCLOSED_B}",
                 id="checkin-text-markup"),
    pytest.param("texts.yaml", "deleted", "long " * 900, f"text 'deleted': {TOO_LONG}", id="text-too-long"),
    pytest.param(CHECKIN, "outcome_emergency", "Call {emergency_number} now.",
                 "text 'outcome_emergency' must contain \"emergency\" (it tells the subscriber what this outcome means)",
                 id="outcome-phrase"),
    pytest.param(CHECKIN, "outcome_emergency", "An emergency: call 112.", "text 'outcome_emergency' must use {emergency_number}",
                 id="outcome-placeholder"),
    pytest.param(CHECKIN, "advice_active", "Keep moving, or seek medical care.",
                 "text 'advice_active' is part of a self-care reply and must not contain \"seek medical care\"",
                 id="self-care-phrase"),
])
def test_text_errors(folder, rel, name, value, message):
    line = set_text(folder, rel, name, value)
    assert errors(folder) == [f"{rel}:{line}: {message}"]


@pytest.mark.parametrize("rel", ["sources.yaml", "texts.yaml", CHECKIN, POSTURE, "tips/hydration.yaml", STRETCHING])
def test_missing_file(folder, rel):
    (folder / rel).unlink()
    assert errors(folder) == [f"{rel}:1: file is missing"]


@pytest.mark.parametrize(("rel", "body", "message"), [
    ("answers", None, "answers/:1: no answer topics: add at least one answers/<id>.yaml"),
    (POSTURE, b"category: posture\n\xff\n", f"{POSTURE}:1: not UTF-8 text (invalid start byte)"),
    ("sources.yaml", b"- a list\n", "sources.yaml:1: the file must be a YAML mapping (key: value lines)"),
    ("tips/hydration.yaml", b"category: hydration\ntips: []\n", "tips/hydration.yaml:2: category 'hydration' has no tips"),
])
def test_whole_file_errors(folder, rel, body, message):
    shutil.rmtree(folder / rel) if body is None else (folder / rel).write_bytes(body)
    assert errors(folder) == [message]


def test_missing_required_field(folder):
    replace(folder, POSTURE, "    title: Feet flat, knees level with hips\n", "", within="posture-feet-flat")
    assert errors(folder) == [f"{POSTURE}:{line_of(folder, POSTURE, '  - id: posture-feet-flat')}: missing required field 'title'"]


def test_duplicate_tip_id(folder):
    line = replace(folder, "tips/hydration.yaml", "  - id: hydration-how-much\n", "  - id: posture-feet-flat\n")
    first = line_of(folder, POSTURE, "  - id: posture-feet-flat")
    assert errors(folder) == [f"tips/hydration.yaml:{line}: duplicate id 'posture-feet-flat' (first used in {POSTURE}:{first})"]


def test_duplicate_source_id(folder):
    text = (folder / "sources.yaml").read_text()
    (folder / "sources.yaml").write_text(text + "  - id: nhs-water\n    title: Again\n    where: x\n")
    assert errors(folder) == [f"sources.yaml:{text.count(chr(10)) + 1}: duplicate source id 'nhs-water'"]


@pytest.mark.parametrize("field", ["steps", "hold", "stop_if"])
def test_stretch_needs_steps_hold_and_stop_if(folder, field):
    path = folder / STRETCHING
    lines = path.read_text().split("\n")
    start = lines.index("  - id: stretch-knee-to-chest")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith(f"    {field}:"))
    end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith("      "))
    path.write_text("\n".join(lines[:at] + lines[end:]))
    assert errors(folder) == [f"{STRETCHING}:{start + 1}: tip 'stretch-knee-to-chest': a stretch needs '{field}'"]


@pytest.mark.parametrize(("rel", "name"), [("texts.yaml", "tip_hold_label"), (CHECKIN, "checkin_yes_button"),
                                           ("texts.yaml", "about")])
def test_missing_text_or_command_description(folder, rel, name):
    path = folder / rel
    text = path.read_text()
    section = "commands:" if name == "about" else "texts:"  # 'about' is both; drop its command line
    head, _, tail = text.partition(f"\n{section}\n")
    kept = [line for line in tail.split("\n") if not line.startswith(f"  {name}:")]
    path.write_text(head + f"\n{section}\n" + "\n".join(kept))
    what = f"missing description for command '{name}'" if name == "about" else f"missing text '{name}'"
    assert errors(folder) == [f"{rel}:{line_of(folder, rel, section)}: {what}"]


@pytest.mark.parametrize("rel", TEXT_FILES)
def test_unknown_text(folder, rel):
    line = replace(folder, rel, "\ntexts:\n", "\ntexts:\n  farewell: Bye\n") + 2
    assert errors(folder) == [f"{rel}:{line}: unknown text 'farewell' (the bot never sends it)"]


def test_tip_as_sent_longer_than_a_message(folder):
    steps = "".join(f"      - {'Breathe slowly and relax. ' * 10}\n" for _ in range(20))  # each step within 300
    replace(folder, STRETCHING, "    steps:\n", "    steps:\n" + steps, within="stretch-knee-to-chest")
    line = line_of(folder, STRETCHING, "  - id: stretch-knee-to-chest")
    assert errors(folder) == [f"{STRETCHING}:{line}: tip 'stretch-knee-to-chest' as sent: {TOO_LONG}"]


def test_answer_as_sent_longer_than_a_message(folder):
    set_text(folder, "texts.yaml", "seek_care_reminder", "<i>See a doctor.</i> " + "x" * 3700)  # fine on its own
    seek_care = [p.stem for p in sorted((folder / "answers").glob("*.yaml")) if "seek_care: true" in p.read_text()]
    expected = [f"answers/{a}.yaml:{line_of(folder, f'answers/{a}.yaml', 'answer:')}: answer '{a}' as sent: {TOO_LONG}"
                for a in seek_care]
    assert len(expected) > 1 and errors(folder) == expected, "every over-long answer is named, not just the first"


def test_a_broken_placeholder_is_reported_not_raised(folder):
    line = set_text(folder, "texts.yaml", "welcome_back", "Welcome back, {first_name!x}")
    assert errors(folder)[0].startswith(f"texts.yaml:{line}: text 'welcome_back': malformed placeholder")


def test_a_broken_placeholder_never_shows_a_traceback(folder, tmp_path):
    set_text(folder, "texts.yaml", "welcome_back", "Welcome back, {first_name!x}")
    result = run_py("check-content", str(folder), env=clean_env(), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert "welcome_back" in result.stdout or "Unknown conversion specifier x" in result.stdout


# ---- warnings (content_lint) ----

def test_near_duplicate_tips(folder, baseline):
    path, first = folder / "tips/hydration.yaml", line_of(folder, "tips/hydration.yaml", "  - id: hydration-how-much")
    block = path.read_text().split("  - id: hydration-how-much\n")[1].split("\n  - id: ")[0]
    for n, title in enumerate(["How much to drink", "How much should I drink?"]):  # a copy, then a retitled copy
        copy = f"  - id: hydration-copy-{n}\n" + block.replace("title: How much to drink", f"title: {title}")
        path.write_text(path.read_text().rstrip("\n") + "\n\n" + copy.rstrip("\n") + "\n")
    copies = [line_of(folder, "tips/hydration.yaml", f"  - id: hydration-copy-{n}") for n in range(2)]
    found = added_warnings(folder, baseline)
    assert found[0] == (f"tips/hydration.yaml:{copies[0]}: warning: tip 'hydration-copy-0' is nearly the same as tip "
                        f"'hydration-how-much' (tips/hydration.yaml:{first}): 100% alike; reword one or remove it")
    assert [w.split(": warning: ")[0] for w in found] == [f"tips/hydration.yaml:{line}" for line in (*copies, copies[1])]
    assert f"tip 'hydration-copy-1' is nearly the same as tip 'hydration-how-much' (tips/hydration.yaml:{first})" in found[1]


@pytest.mark.parametrize(("old", "new", "what"), [
    ("title: Why does my back spasm?", "title: Knee pain", "title 'Knee pain'"),
])
def test_answer_its_own_title_or_question_does_not_reach(folder, baseline, old, new, what):
    replace(folder, CAUSES, old, new)
    line = line_of(folder, CAUSES, new.rstrip("\n").split("\n")[-1])
    assert added_warnings(folder, baseline) == [
        f"{CAUSES}:{line}: warning: answer 'causes': asking its {what} gets no answer (about something else (knee) "
        f"and no topic is sure){REACH_HINT}"]


def test_related_topics_past_three_are_never_shown(folder, baseline):
    line = replace(folder, CAUSES, "stress-and-tension]", "stress-and-tension, lifting]")
    assert added_warnings(folder, baseline) == [
        f"{CAUSES}:{line}: warning: answer 'causes': related topic 'lifting' is never shown: the bot offers only the "
        "first 3 as buttons"]


@pytest.mark.parametrize(("name", "value", "message"), [
    ("welcome_back", "Welcome back" + ", {first_name}" * 65,  # 550 characters with 'sample', 4297 with 64-character names
     f"can be {len('Welcome back') + 65 * 66} characters once its placeholders are filled in; Telegram allows 4096"),
    ("mydata_caption", "Your data. " + "y" * 1100, "is a caption and can be 1111 characters once its placeholders are "
     "filled in; Telegram allows 1024 in captions"),
    ("history_caption", "{count} check-ins. " + "y" * 1100,
     f"is a caption and can be {len(f'{NUMBER_SAMPLE} check-ins. ') + 1100} characters once its placeholders are "
     "filled in; Telegram allows 1024 in captions"),
    ("nudge_done", "Nice! " + "y" * 250, "answers a button press and can be 256 characters; Telegram allows 200"),
    ("settings_too_many_times", "At most {limit}. " + "y" * 200,
     f"answers a button press and can be {len(f'At most {NUMBER_SAMPLE}. ') + 200} characters once its placeholders "
     "are filled in; Telegram allows 200"),
    ("nudge_done", "<b>Nice work!</b>", "answers a button press, which is not formatted: its markup would show as typed"),
    ("settings_day_names", "Mon Tue Wed Thu Fri Sat",
     "names 6 days; the settings menu needs 7, Monday to Sunday, separated by spaces"),
    ("delete_cancelled", "  ", "is blank: Telegram refuses to send empty text"),
    ("delete_yes_button", "Yes, erase <b>all</b>",
     "buttons are not formatted, so its markup would show as typed: 'Yes, erase <b>all</b>'"),
    ("topics_next_button", "Show me the next page of topics, please »",
     "the button reads 'Show me the next page of topics, please »' (41 characters); " + CUT),
])
def test_text_warnings(folder, baseline, name, value, message):
    rel = text_file(folder, name)
    line = set_text(folder, rel, name, value)
    separator = ": " if name.endswith("_button") else " "
    assert added_warnings(folder, baseline) == [f"{rel}:{line}: warning: text '{name}'{separator}{message}"]


def test_about_is_measured_with_the_real_sources(folder, baseline):
    line = set_text(folder, "texts.yaml", "about", "{sources}\n" + "x" * 3600)  # fine with one sample source
    [warning] = added_warnings(folder, baseline)
    assert warning.startswith(f"texts.yaml:{line}: warning: text 'about' can be ")
    assert warning.endswith(" characters once its placeholders are filled in; Telegram allows 4096")


def test_sign_label_is_measured_with_its_ticked_mark(folder, baseline):
    name = next(name for name in sorted(PLACEHOLDERS) if name.startswith("sign_"))
    mark, label = load_content(CONTENT).texts("checkin_ticked_mark"), "z" * 39
    assert visible_length(label) <= 40 < visible_length(mark + label)
    line = set_text(folder, CHECKIN, name, label)
    assert added_warnings(folder, baseline) == [
        f"{CHECKIN}:{line}: warning: text '{name}' (ticked): the button reads {mark + label!r} "
        f"({visible_length(mark + label)} characters); {CUT}"]


@pytest.mark.parametrize(("title", "message"), [
    ("Why does my back spasm? Causes and triggers explained", "the button reads {title!r} (53 characters); " + CUT),
    ("Why does my back spasm &amp; cramp?", "buttons are not formatted, so its markup would show as typed: {title!r}"),
])
def test_topic_title_is_a_button(folder, baseline, title, message):
    replace(folder, CAUSES, "title: Why does my back spasm?", f"title: {title}")
    assert added_warnings(folder, baseline) == [
        f"{CAUSES}:2: warning: answer 'causes' title (a topic button): " + message.format(title=title)]


def test_the_texts_the_lint_singles_out_exist():
    assert {*CALLBACK_ANSWER_TEXTS, *CAPTION_TEXTS, "settings_day_names", "checkin_ticked_mark"} <= set(PLACEHOLDERS)


def test_lint_does_not_import_telegram():
    code = "import sys, bot.core.content.lint; sys.exit('telegram' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# ---- the command, end to end ----

def test_shipped_content_passes(tmp_path):
    result = run_py("check-content", env=clean_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    *warnings, summary = result.stdout.strip().splitlines()
    content = load_content(CONTENT)
    tips = sum(len(t) for t in content.tips.values())
    assert summary == (f"content OK: {tips} tips, {len(content.answers)} answers, {len(content.texts.names())} texts, "
                       f"{len(content.poses)} drawings, {len(content.routines)} routines; "
                       f"{len(warnings)} warning" + ("" if len(warnings) == 1 else "s"))
    assert all(": warning: " in line for line in warnings)


def test_every_error_is_printed_and_exit_is_1_without_token_or_database(folder, tmp_path):
    (folder / "tips/hydration.yaml").unlink()
    seek_care = replace(folder, CAUSES, "seek_care: true", "seek_care: maybe")
    deleted = set_text(folder, "texts.yaml", "deleted", "Erased <b>everything.")
    env = clean_env(TELEGRAM_BOT_TOKEN="not a token", BOT_DATABASE=str(tmp_path / "missing" / "x.db"))
    result = run_py("check-content", str(folder), env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"texts.yaml:{deleted}: text 'deleted': {UNCLOSED_B}",
        "tips/hydration.yaml:1: file is missing",
        f"{CAUSES}:{seek_care}: 'seek_care': Input should be a valid boolean, unable to interpret input",
        "content has 3 errors: the bot will not start until they are fixed"]


@pytest.mark.parametrize("how", ["BOT_CONTENT_DIR", "--content-dir"])
def test_the_folder_comes_from_the_setting_or_the_flag(folder, tmp_path, how):
    (folder / POSTURE).write_text("category: posture\ntips: []\n")
    flag = ["--content-dir", str(folder)] if how == "--content-dir" else []
    env = clean_env(BOT_CONTENT_DIR=str(folder)) if how == "BOT_CONTENT_DIR" else clean_env()
    result = run_py(*flag, "check-content", env=env, cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()[0]) == (1, f"{POSTURE}:2: category 'posture' has no tips")


def test_no_such_folder_exits_2(tmp_path):
    result = run_py("check-content", str(tmp_path / "nowhere"), env=clean_env(), cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, f"error: no content folder at '{tmp_path / 'nowhere'}'")
