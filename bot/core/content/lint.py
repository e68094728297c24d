"""Warnings about content that loads but may still let subscribers down.

load_content refuses content that cannot work (errors). `lint` looks at content that loaded and
points at what probably is not meant: two tips that say the same thing, an answer topic its own title
or example questions do not reach, a text that grows past a Telegram limit once its placeholders are
filled in, a button label that a phone cuts off or that would show markup as typed. Each warning is a
Problem located like load_content's errors, its message starting with "warning: ". Rules load_content
already enforces are not repeated here. No Telegram library is imported.
"""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

from rapidfuzz import fuzz, utils

from bot.core.checkins.texts import CHECKIN_PLACEHOLDERS
from bot.core.content.loader import MESSAGE_LIMIT, Content
from bot.core.conversation.lint import smalltalk_cues, unused_synonyms

from bot.core.markup.html import MarkupError, parse_html, utf16_len
from bot.core.content.texts import TEXT_PLACEHOLDERS, Html
from bot.core.content.yaml_source import Problem, YamlDocument, read_yaml
from scheduler.settings import CATEGORIES

WARNING = "warning: "
# rapidfuzz token_set_ratio of two tips' title + text, 0-100. The shipped tips peak at 73 (two
# different stretches that share their wording); a tip copied with a new title, or with its
# sentences reordered, scores 100, and one with 15 of its ~55 words changed still scores about 90.
NEAR_DUPLICATE_SCORE = 85
# Telegram has no hard limit on a button's text, but clients cut it with "…" where it does not fit:
# Telegram Android draws it in 15-dp Roboto Medium, and a full-width button on a ~400-dp phone holds
# about 40 characters.
BUTTON_LABEL_LIMIT = 40
CALLBACK_ANSWER_LIMIT = 200  # answerCallbackQuery text, characters
CAPTION_LIMIT = 1024         # photo and document captions, characters after entity parsing
RELATED_BUTTONS = 3          # bot/tg/keyboards/answers.py answer_keyboard shows the first three related topics
# Texts sent as the pop-up answer to a button press (answerCallbackQuery): plain text, at most 200.
CALLBACK_ANSWER_TEXTS = ("stale_button", "error", "nudge_done", "nudge_already_noted", "nudge_snoozed", "nudge_snooze_limit",
                         "nudge_skipped", "settings_changed", "settings_closed", "settings_last_time",
                         "settings_last_day", "settings_too_many_times")
CAPTION_TEXTS = ("history_caption", "mydata_caption")  # the /history chart and the /mydata file
SIGN_PREFIX, TICKED_MARK = "sign_", "checkin_ticked_mark"  # check-in red-flag buttons, ticked or not
DAY_NAMES = "settings_day_names"  # split on spaces into Monday..Sunday by the settings menu
# The longest value each placeholder realistically gets; computed ones are added by _sample_values.
LONG_SAMPLES: dict[str, str] = {
    "first_name": "W" * 64,       # Telegram allows first names of up to 64 characters
    "emergency_number": "999999",  # BOT_EMERGENCY_NUMBER: up to 6 digits
    "category": "x" * 40,         # /tip echoes what was typed, cut to 40 characters
    "categories": ", ".join(CATEGORIES),
    "command": "/" + "x" * 39,    # an unknown command, cut to 40 characters
    "error": "x" * 300,           # a settings parsing error
    "summary": "x" * 1000,        # the settings menu: 3 category lines, 3 settings, ~8 upcoming nudges
    "answer": "x" * 60,
    "when": "Wednesday, 30 September",
    "time": "23:59",
}
NUMBER_SAMPLE = "99999"  # counts, limits, pages, streaks
PLACEHOLDERS: dict[str, frozenset[str]] = {**TEXT_PLACEHOLDERS, **CHECKIN_PLACEHOLDERS}


class Locator:
    """Finds the line of a value by re-reading the (already valid) content files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._documents: dict[str, YamlDocument | None] = {}

    def document(self, file: str) -> YamlDocument | None:
        """The parsed file, read once."""
        if file not in self._documents:
            self._documents[file] = read_yaml(self.root / file, file)[0] if (self.root / file).is_file() else None
        return self._documents[file]

    def line(self, file: str, path: tuple) -> int:
        """The line of path in file (1 if the file cannot be read)."""
        document = self.document(file)
        return document.line_of(path) if document else 1

    def warn(self, file: str, path: tuple, message: str) -> Problem:
        """A warning located at path in file."""
        return Problem(file, self.line(file, path), WARNING + message)

    def text_file(self, name: str) -> str:
        """Which file holds the text called name."""
        document = self.document("texts.yaml")
        texts = document.data.get("texts") if document and isinstance(document.data, dict) else None
        return "texts.yaml" if isinstance(texts, dict) and name in texts else "checkin.yaml"

    def warn_text(self, name: str, message: str) -> Problem:
        """A warning located at the text called name."""
        return self.warn(self.text_file(name), ("texts", name), message)


def lint(content: Content, root: Path) -> list[Problem]:
    """Every warning about content loaded from root, ordered by file and line."""
    locate = Locator(root)
    found = [*near_duplicate_tips(content, locate), *unreachable_answers(content, locate),
             *hidden_related_topics(content, locate), *text_limits(content, locate),
             *button_labels(content, locate), *unused_synonyms(content, locate),
             *smalltalk_cues(content, locate)]
    return sorted(found, key=lambda problem: (problem.file, problem.line))


def plain(html_text: str) -> str:
    """The text a subscriber reads (valid content always parses; on a failure, the text as is)."""
    try:
        return parse_html(html_text)
    except MarkupError:
        return html_text


def visible_length(label: str) -> int:
    """Characters a label shows: variation selectors, joiners and combining marks take no room."""
    return sum(1 for ch in label if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


def near_duplicate_tips(content: Content, locate: Locator) -> list[Problem]:
    """Tips (in any categories) whose title and text are nearly the same; points at the later one."""
    tips = [(category, index, tip, utils.default_process(plain(f"{tip.title} {tip.text}")))
            for category in CATEGORIES for index, tip in enumerate(content.tips.get(category, ()))]
    problems = []
    for (cat_a, index_a, first, text_a), (cat_b, index_b, second, text_b) in itertools.combinations(tips, 2):
        score = fuzz.token_set_ratio(text_a, text_b)
        if score >= NEAR_DUPLICATE_SCORE:
            first_file = f"tips/{cat_a}.yaml"
            where = f"{first_file}:{locate.line(first_file, ('tips', index_a, 'id'))}"
            problems.append(locate.warn(f"tips/{cat_b}.yaml", ("tips", index_b, "id"),
                                        f"tip '{second.id}' is nearly the same as tip '{first.id}' ({where}): "
                                        f"{score:.0f}% alike; reword one or remove it"))
    return problems


def unreachable_answers(content: Content, locate: Locator) -> list[Problem]:
    """Answer topics that their own title or an example question does not reach (as the answer or a choice)."""
    problems = []
    for answer in content.answers.values():
        asked: list[tuple[tuple[str | int, ...], str, str]] = [(("title",), "title", plain(answer.title))]
        asked += [(("questions", n), "example question", q) for n, q in enumerate(answer.questions)]
        for path, what, phrase in asked:
            result = content.search.search(phrase)
            if result.reaches(answer.id):
                continue
            if result.answer_id is not None:
                outcome = f"finds '{result.answer_id}' instead"
            elif result.offered:
                outcome = f"offers {', '.join(result.offered)} but not this topic"
            else:
                outcome = f"gets no answer ({result.reason})"
            problems.append(locate.warn(f"answers/{answer.id}.yaml", path,
                                        f"answer '{answer.id}': asking its {what} {phrase!r} {outcome}; "
                                        "add words to its questions or keywords (see run.py ask)"))
    return problems


def hidden_related_topics(content: Content, locate: Locator) -> list[Problem]:
    """Related topics past the first three, which the bot never shows as buttons."""
    return [locate.warn(f"answers/{answer.id}.yaml", ("related", n),
                        f"answer '{answer.id}': related topic '{related}' is never shown: "
                        f"the bot offers only the first {RELATED_BUTTONS} as buttons")
            for answer in content.answers.values()
            for n, related in enumerate(answer.related) if n >= RELATED_BUTTONS]


def _sample_values(content: Content) -> dict[str, object]:
    """Long placeholder values, including those built from other texts as the bot builds them."""
    texts, names = content.texts, content.texts.names()
    samples: dict[str, object] = dict(LONG_SAMPLES)
    samples["sources"] = "\n".join(f"• {source.title}" for source in content.sources.values())
    if "progress_line" in names:
        lines = [texts("progress_line", category=category, done=NUMBER_SAMPLE, skipped=NUMBER_SAMPLE,
                       no_answer=NUMBER_SAMPLE) for category in CATEGORIES]
        samples["week"] = samples["month"] = Html("\n".join(lines))
    reasons = [texts(name) for name in sorted(names) if name.startswith("reason_")]
    samples["reasons"] = Html("\n".join(reasons))
    questions = [texts(name) for name in names if name.startswith("checkin_") and name.endswith("_question")]
    samples["question"] = Html(max(questions, key=len, default="x" * 200))
    return samples


def _fill(content: Content, name: str, samples: dict[str, object]) -> str:
    """The text called name, as Telegram HTML, with every placeholder it is given filled in."""
    return content.texts(name, **{p: samples.get(p, NUMBER_SAMPLE) for p in PLACEHOLDERS.get(name, ())})


def _is_label(name: str) -> bool:
    return name.startswith(SIGN_PREFIX) or name.endswith("_button") and name not in CALLBACK_ANSWER_TEXTS


def text_limits(content: Content, locate: Locator) -> list[Problem]:
    """Texts that, filled in with long values, pass a Telegram limit; blank texts; bad day names."""
    samples, problems = _sample_values(content), []
    for name in sorted(content.texts.names()):
        html_text = _fill(content, name, samples)
        text = plain(html_text)
        length = utf16_len(text)
        filled = " once its placeholders are filled in" if PLACEHOLDERS.get(name) else ""
        if not text.strip():
            problems.append(locate.warn_text(name, f"text '{name}' is blank: Telegram refuses to send empty text"))
        elif name in CALLBACK_ANSWER_TEXTS:
            if length > CALLBACK_ANSWER_LIMIT:
                problems.append(locate.warn_text(name, f"text '{name}' answers a button press and can be {length} "
                                                 f"characters{filled}; Telegram allows {CALLBACK_ANSWER_LIMIT}"))
            if text != html_text:
                problems.append(locate.warn_text(name, f"text '{name}' answers a button press, which is not "
                                                 "formatted: its markup would show as typed"))
        elif name in CAPTION_TEXTS and length > CAPTION_LIMIT:
            problems.append(locate.warn_text(name, f"text '{name}' is a caption and can be {length} characters"
                                             f"{filled}; Telegram allows {CAPTION_LIMIT} in captions"))
        elif length > MESSAGE_LIMIT:
            problems.append(locate.warn_text(name, f"text '{name}' can be {length} characters{filled}; "
                                             f"Telegram allows {MESSAGE_LIMIT}"))
    if DAY_NAMES in content.texts.names():
        count = len(content.texts(DAY_NAMES).split())
        if count != 7:
            problems.append(locate.warn_text(DAY_NAMES, f"text '{DAY_NAMES}' names {count} days; the settings "
                                             "menu needs 7, Monday to Sunday, separated by spaces"))
    return problems


def button_labels(content: Content, locate: Locator) -> list[Problem]:
    """Button labels a phone cuts off, or whose markup would show as typed (buttons are not formatted)."""
    names = content.texts.names()
    mark = content.texts(TICKED_MARK) if TICKED_MARK in names else ""
    longest_category = max(CATEGORIES, key=len)
    labels: list[tuple[str, tuple[str, ...], str, str, str]] = []  # (file, path, what, as written, at its longest)
    for name in sorted(n for n in names if _is_label(n)):
        raw = content.texts(name, **{p: longest_category for p in PLACEHOLDERS.get(name, ())})
        ticked = name.startswith(SIGN_PREFIX) and bool(mark)
        what = f"text '{name}'" + (" (ticked)" if ticked else "")
        labels.append((locate.text_file(name), ("texts", name), what, raw, (mark if ticked else "") + raw))
    for answer in content.answers.values():
        labels.append((f"answers/{answer.id}.yaml", ("title",), f"answer '{answer.id}' title (a topic button)",
                       answer.title, answer.title))
    problems = []
    for file, path, what, raw, shown in labels:
        if plain(raw) != raw:
            problems.append(locate.warn(file, path, f"{what}: buttons are not formatted, so its markup "
                                        f"would show as typed: {raw!r}"))
        if visible_length(shown) > BUTTON_LABEL_LIMIT:
            problems.append(locate.warn(file, path, f"{what}: the button reads {shown!r} ({visible_length(shown)} "
                                        f"characters); phones cut labels over about {BUTTON_LABEL_LIMIT} with '…'"))
    return problems
