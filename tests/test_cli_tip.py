"""`run.py tip CATEGORY [ID]`: a tip exactly as the bot renders it, made readable, with its nudge buttons."""

import random
import shutil
from pathlib import Path

import pytest

from bot.cli.content import preview_tip, print_tip
from bot.core.content.loader import load_content
from bot.core.markup.html import parse_html
from bot.core.content.tips import render_tip
from tests.test_run_py import clean_env, run_py

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
CONTENT = load_content(CONTENT_DIR)
BUTTONS = [CONTENT.texts(name) for name in ("nudge_done_button", "nudge_snooze_button", "nudge_skip_button")]


def expected_body(tip) -> str:
    return "\n".join([parse_html(render_tip(tip, CONTENT.texts)), "",
                      "Buttons (on a scheduled nudge; /tip sends the tip without them):",
                      "  " + "  ".join(f"[{label}]" for label in BUTTONS)])


def test_tip_by_id_is_printed_as_sent_with_its_buttons(tmp_path):
    tips = CONTENT.tips["stretching"]
    tip = tips[1]
    env = clean_env(TELEGRAM_BOT_TOKEN="not a token", BOT_DATABASE=str(tmp_path / "nowhere" / "x.db"))
    result = run_py("tip", "stretching", tip.id, env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"stretching tip '{tip.id}' (2 of {len(tips)})\n\n{expected_body(tip)}\n"
    assert "<b>" not in result.stdout
    assert CONTENT.texts("tip_stop_label") in result.stdout and tip.steps[0] in result.stdout


def test_buttons_read_as_the_texts_say():
    assert BUTTONS == ["✅ Done", "⏰ Snooze 30 min", "⏭ Skip today"]


def test_without_an_id_a_random_tip_of_the_category(capsys):
    tips = CONTENT.tips["hydration"]
    assert print_tip(CONTENT, "hydration", None, random.Random(7)) == 0
    chosen = random.Random(7).choice(tips)
    header, blank, *body = capsys.readouterr().out.rstrip("\n").split("\n")
    assert header == (f"hydration tip '{chosen.id}' (a random one of {len(tips)}; "
                      "name an id to pick one: python run.py tip hydration ID)")
    assert (blank, "\n".join(body)) == ("", expected_body(chosen))


def test_random_picks_vary_across_the_category(capsys):
    seen = set()
    for seed in range(30):
        print_tip(CONTENT, "posture", None, random.Random(seed))
        seen.add(capsys.readouterr().out.split("'")[1])
    assert len(seen) > 5 and seen <= {tip.id for tip in CONTENT.tips["posture"]}


def test_category_is_case_insensitive(capsys):
    tip = CONTENT.tips["posture"][0]
    assert preview_tip(CONTENT_DIR, " Posture ", tip.id) == 0
    assert capsys.readouterr().out.startswith(f"posture tip '{tip.id}' (1 of ")


def test_unknown_category_exits_2(tmp_path):
    result = run_py("tip", "yoga", env=clean_env(), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "unknown category 'yoga'; choose posture, hydration or stretching\n"


def test_unknown_id_exits_2_listing_the_category_ids(capsys):
    assert print_tip(CONTENT, "hydration", "hydration-nope") == 2
    out, err = capsys.readouterr()
    ids = ", ".join(tip.id for tip in CONTENT.tips["hydration"])
    assert (out, err) == ("", f"unknown tip 'hydration-nope' in hydration; its tips are: {ids}\n")


def test_an_id_from_another_category_says_where_it_is(capsys):
    other = CONTENT.tips["stretching"][0]
    assert print_tip(CONTENT, "posture", other.id) == 2
    assert f"unknown tip '{other.id}' in posture ('{other.id}' is a stretching tip); its tips are: " in capsys.readouterr().err


def test_broken_content_exits_2_with_file_and_line(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    (folder / "tips" / "posture.yaml").write_text("category: posture\ntips: []\n")
    result = run_py("tip", "hydration", env=clean_env(BOT_CONTENT_DIR=str(folder)), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert "tips/posture.yaml:2: category 'posture' has no tips" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("category", ["posture", "hydration", "stretching"])
def test_every_tip_previews(capsys, category):
    for tip in CONTENT.tips[category]:
        assert print_tip(CONTENT, category, tip.id) == 0
        assert capsys.readouterr().out.endswith(expected_body(tip) + "\n")
