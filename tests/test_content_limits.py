"""Content files that would stall the bot are refused fast (too big, alias bombs, too deep), and a
reload parses in a worker thread, so replies keep flowing while it runs."""

import asyncio
import shutil
import threading
import time
from pathlib import Path

import pytest

import bot.tg.reload as reload_module
from bot.core.content.loader import load_content
from bot.core.content.yaml_source import (MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES, ContentError,
                                          read_yaml)
from bot.tg.reload import reload_content
from tests.harness import CONTENT, running_bot, texts_of

ADMIN = 9001
# Replies to a chat message may be this much slower while a reload runs than before it.
REPLY_DELAY_BOUND = 0.2


def alias_bomb() -> str:
    """The classic 'billion laughs': nine levels, each list repeating the previous one nine times (~400 bytes)."""
    names = "abcdefghi"
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * 9) + "]"]
    for previous, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write a file under tmp_path and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def copied_content(tmp_path: Path) -> Path:
    """A copy of the shipped content folder that a test may edit."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


# --- pure: read_yaml and load_content ---------------------------------------------------------------------------


def refused_within_a_second(path, name: str) -> list:
    """read_yaml's problems for a file it must refuse, and fast."""
    started = time.monotonic()
    document, problems = read_yaml(path, name)
    elapsed = time.monotonic() - started
    assert elapsed < 1, f"took {elapsed:.2f} s"
    assert document is None
    return problems

def test_an_alias_bomb_is_refused_fast_at_the_alias_line(tmp_path):
    text = alias_bomb()
    assert len(text) < 500
    path = write(tmp_path, "bomb.yaml", text)
    problems = refused_within_a_second(path, "bomb.yaml")
    # a..d expand to 10, 91, 820 and 7,381 values; line 5's *d aliases cross the 20,000 budget
    assert [str(problem) for problem in problems] == [
        f"bomb.yaml:5: file holds more than {MAX_VALUES:,} values through aliases (*d); "
        f"content files may hold at most {MAX_VALUES:,}"]


def test_the_loader_reports_an_alias_bomb_as_a_content_error(tmp_path):
    content = copied_content(tmp_path)
    (content / "texts.yaml").write_text(alias_bomb(), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(content)
    assert any(str(problem).startswith("texts.yaml:5: file holds more than") for problem in raised.value.problems)


def test_an_alias_inside_the_value_it_names_is_refused_not_a_crash(tmp_path):
    path = write(tmp_path, "loop.yaml", "texts:\n  help: &a [*a]\n")
    document, problems = read_yaml(path, "loop.yaml")
    assert document is None
    assert [str(problem) for problem in problems] == ["loop.yaml:2: alias *a is used inside the value it names"]


def test_more_aliases_than_the_limit_are_refused_at_the_first_one_over(tmp_path):
    path = write(tmp_path, "many.yaml", "a: &a x\nb:\n" + "".join("  - *a\n" for _ in range(MAX_ALIASES + 5)))
    document, problems = read_yaml(path, "many.yaml")
    assert document is None
    assert [str(problem) for problem in problems] == [
        f"many.yaml:{3 + MAX_ALIASES}: more than {MAX_ALIASES} aliases (*a); content files may use at most {MAX_ALIASES}"]


def test_a_few_aliases_are_still_fine(tmp_path):
    path = write(tmp_path, "few.yaml", "a: &a [x, y]\nb: *a\nc: *a\n")
    document, problems = read_yaml(path, "few.yaml")
    assert problems == [] and document is not None
    assert document.data == {"a": ["x", "y"], "b": ["x", "y"], "c": ["x", "y"]}


@pytest.mark.parametrize("text, line", [("[" * 900_000, 1), ("".join(" " * n + "k:\n" for n in range(200)), MAX_DEPTH)])
def test_nesting_deeper_than_the_limit_is_refused_not_a_recursion_error(tmp_path, text, line):
    path = write(tmp_path, "deep.yaml", text)
    started = time.monotonic()
    document, problems = read_yaml(path, "deep.yaml")
    assert time.monotonic() - started < 1
    assert document is None
    assert [str(problem) for problem in problems] == [f"deep.yaml:{line}: values are nested more than {MAX_DEPTH} levels deep"]


def test_too_many_values_are_refused_before_they_are_all_parsed(tmp_path):
    path = write(tmp_path, "long.yaml", "words:\n" + "".join(f"  - w{n}\n" for n in range(3 * MAX_VALUES)))
    document, problems = read_yaml(path, "long.yaml")
    assert document is None
    # the key 'words' is the first value, so the item on line MAX_VALUES + 1 is one too many
    assert [str(problem) for problem in problems] == [
        f"long.yaml:{MAX_VALUES + 1}: file holds more than {MAX_VALUES:,} values in all; "
        f"content files may hold at most {MAX_VALUES:,}"]


def test_an_oversized_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:  # 30 MB, sparse: only what is read costs anything
        file.truncate(30 * 1024 * 1024)
    problems = refused_within_a_second(path, "huge.yaml")
    assert [str(problem) for problem in problems] == [
        f"huge.yaml:1: file is 31,457,280 bytes; content files may be at most {MAX_FILE_BYTES:,} bytes"]


def test_a_file_of_exactly_the_limit_still_loads(tmp_path):
    body = "texts:\n  help: Hello\n"
    path = write(tmp_path, "edge.yaml", "#" * (MAX_FILE_BYTES - len(body) - 1) + "\n" + body)
    assert path.stat().st_size == MAX_FILE_BYTES
    document, problems = read_yaml(path, "edge.yaml")
    assert problems == [] and document is not None and document.data == {"texts": {"help": "Hello"}}
    write(tmp_path, "edge.yaml", "#" + path.read_text())
    assert str(read_yaml(path, "edge.yaml")[1][0]).startswith(f"edge.yaml:1: file is {MAX_FILE_BYTES + 1:,} bytes")


def test_the_loader_reports_an_oversized_file_as_a_content_error(tmp_path):
    content = copied_content(tmp_path)
    answer = content / "answers" / "hydration.yaml"
    answer.write_text(answer.read_text() + "#" * MAX_FILE_BYTES + "\n")
    with pytest.raises(ContentError) as raised:
        load_content(content)
    assert [str(problem) for problem in raised.value.problems] == [
        f"answers/hydration.yaml:1: file is {answer.stat().st_size:,} bytes; "
        f"content files may be at most {MAX_FILE_BYTES:,} bytes"]


def test_the_shipped_content_is_far_within_the_limits():
    files = sorted(CONTENT.rglob("*.yaml"))
    assert files and max(path.stat().st_size for path in files) < MAX_FILE_BYTES // 20
    for path in files:
        document, problems = read_yaml(path, path.name)
        assert problems == [] and document is not None, problems
    assert load_content(CONTENT).answers


# --- through the running bot: a reload never stalls replies -------------------------------------------------------

async def reply_time(chat) -> float:
    """Seconds from sending /help to its reply."""
    started = time.monotonic()
    [text] = texts_of(await chat.send("/help"))
    assert text
    return time.monotonic() - started


async def test_reload_content_parses_in_a_worker_thread_and_swaps_on_the_loop(tmp_path, monkeypatch):
    threads: list[int] = []

    def slow_load(root: Path):
        """The real loader, after blocking its thread for 0.6 s (as a big folder would)."""
        threads.append(threading.get_ident())
        time.sleep(0.6)
        return load_content(root)

    monkeypatch.setattr(reload_module, "load_content", slow_load)
    async with running_bot(tmp_path) as bot:
        chat = bot.chat(1)
        before = await reply_time(chat)
        live = bot.app.bot_data["services"].content
        reloading = asyncio.create_task(reload_content(bot.app))
        await asyncio.sleep(0.05)  # the load has started in its thread
        during = await reply_time(chat)
        assert not reloading.done(), "the reply came while the reload was still loading"
        assert bot.app.bot_data["services"].content is live, "nothing is swapped before the load ends"
        result = await reloading
    assert result.ok and threads and threads[0] != threading.get_ident()
    assert during < before + REPLY_DELAY_BOUND, f"reply took {during:.3f} s during the reload, {before:.3f} s before"


async def test_replies_are_not_delayed_while_a_reload_parses_big_files(tmp_path):
    content = copied_content(tmp_path)
    padding = "#" * (MAX_FILE_BYTES - 20_000) + "\n"  # valid files just under the limit, slow to scan
    for name in ("texts.yaml", "checkin.yaml", "smalltalk.yaml"):  # about a second to parse
        path = content / name
        path.write_text(padding + path.read_text())
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN}), content_dir=content) as bot:
        chat, admin = bot.chat(1), bot.chat(ADMIN)
        before = max([await reply_time(chat) for _ in range(3)])
        bot.emulated_bot.send_message(ADMIN, "/reload")
        started = time.monotonic()
        during: list[float] = []
        while not bot.emulated_bot.events(ADMIN):
            during.append(await reply_time(chat))
        reload_took = time.monotonic() - started
        [reply] = texts_of(await admin.replies())
    assert reply.startswith("Content reloaded")
    assert len(during) >= 3, f"only {len(during)} replies while the reload ran ({reload_took:.2f} s)"
    assert max(during) < before + REPLY_DELAY_BOUND, (
        f"replies took up to {max(during):.3f} s during a {reload_took:.2f} s reload, {before:.3f} s before")
