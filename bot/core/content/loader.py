"""Loading and validating everything under content/ into one immutable Content object."""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from bot.core.content.answers import render_answer
from bot.core.checkins.texts import CHECKIN_PLACEHOLDERS, phrase_problems
from bot.core.content.models import (
    Answer,
    CheckinTextsFile,
    Routine,
    Source,
    SourcesFile,
    Tip,
    TipsFile,
    TextsFile,
    validate_document,
)
from bot.core.content.search import AnswerIndex
from bot.core.conversation.files import (REPLY_PLACEHOLDERS, Conversation, SmallTalkFile, SynonymsFile,
                                         build_conversation, smalltalk_problems, synonym_problems)
from bot.core.markup.html import MarkupError, parse_html, utf16_len
from bot.core.content.texts import MENU_COMMANDS, TEXT_PLACEHOLDERS, Html, Texts, placeholders
from bot.core.content.tips import render_tip
from bot.core.content.yaml_source import ContentError, Problem, YamlDocument, read_yaml
from bot.core.content.exercises import check_own_pictures, load_poses_file, load_routines_file
from bot.core.routines.poses import Pose
from scheduler.settings import CATEGORIES

M = TypeVar("M", bound=BaseModel)

MESSAGE_LIMIT = 4096
# Values that stand in for placeholders when a text is checked; any other placeholder gets "sample".
SAMPLE_VALUES = {"sources": Html("• a source"), "summary": Html("• posture: 2026-03-02 09:30")}


@dataclass(frozen=True)
class Content:
    """Everything the bot says, validated: sources, tips by category, texts, answers and how messages are read."""

    sources: dict[str, Source]
    tips: dict[str, tuple[Tip, ...]]
    texts: Texts
    answers: dict[str, Answer]
    search: AnswerIndex
    conversation: Conversation
    poses: dict[str, Pose] = dataclass_field(default_factory=dict)  # stretch tip id -> its stick-figure pose
    routines: dict[str, Routine] = dataclass_field(default_factory=dict)  # guided routines by id, in the file's order
    offered: dict[str, str] = dataclass_field(default_factory=dict)  # 'nudges' or 'checkin' -> the routine offered
    root: Path | None = None  # the folder it was loaded from (operators' own pictures live there)

    def offered_routine(self, where: str) -> Routine | None:
        """The routine offered under stretching nudges ('nudges') or after a self-care check-in ('checkin')."""
        return self.routines.get(self.offered.get(where, ""))

    def tip(self, tip_id: str) -> Tip | None:
        """Return the tip with this id, or None."""
        for tips in self.tips.values():
            for tip in tips:
                if tip.id == tip_id:
                    return tip
        return None


class _Loader:
    """Collects every problem across files before deciding whether the content is usable."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def read(self, relative: str, model: type[M]) -> tuple[M | None, YamlDocument | None]:
        path = self.root / relative
        if not path.is_file():
            self.problems.append(Problem(relative, 1, "file is missing"))
            return None, None
        document, problems = read_yaml(path, relative)
        self.problems += problems
        if document is None:
            return None, None
        parsed, problems = validate_document(model, document)
        self.problems += problems
        return parsed, document

    def check_html(self, document: YamlDocument, path: tuple, text: str, what: str) -> str | None:
        """Record invalid markup or an over-long text; return the plain text (None if unparseable)."""
        try:
            plain = parse_html(text)
        except MarkupError as error:
            self.problems.append(document.problem(path, f"{what}: invalid markup: {error}"))
            return None
        if utf16_len(plain) > MESSAGE_LIMIT:
            self.problems.append(document.problem(path, f"{what}: longer than Telegram's {MESSAGE_LIMIT} characters"))
        return plain


def load_content(root: Path) -> Content:
    """Load content/ and return it, or raise ContentError listing every problem found."""
    loader = _Loader(root)
    sources_file, sources_document = loader.read("sources.yaml", SourcesFile)
    source_ids = _check_sources(loader, sources_file, sources_document)
    texts = _load_texts(loader)
    renderable = texts if not loader.problems else None  # render items 'as sent' only with sound texts
    tips: dict[str, tuple[Tip, ...]] = {}
    seen_ids: dict[str, str] = {}
    sound: set[str] = set()  # categories whose tips file has no problem: only those are checked against others
    for category in CATEGORIES:
        before = len(loader.problems)
        tips[category] = _load_tips(loader, category, source_ids, seen_ids, renderable)
        if len(loader.problems) == before:
            sound.add(category)
    answers = _load_answers(loader, source_ids, renderable)
    answer_files = {path.stem for path in (root / "answers").glob("*.yaml")} if (root / "answers").is_dir() else set()
    synonyms_file, smalltalk_file = _load_conversation(loader, set(answers) | answer_files)
    stretches = {tip.id: tip for tip in tips["stretching"]} if "stretching" in sound else None
    poses = load_poses_file(loader, stretches)
    check_own_pictures(loader, stretches)
    routines, offered = load_routines_file(loader, stretches, renderable)
    if loader.problems or texts is None or sources_file is None or smalltalk_file is None:
        raise ContentError(loader.problems)
    sources = {source.id: source for source in sources_file.sources}
    conversation = build_conversation(synonyms_file, smalltalk_file)
    return Content(sources=sources, tips=tips, texts=texts, answers=answers,
                   search=AnswerIndex(answers.values(), conversation.vocabulary), conversation=conversation,
                   poses=poses, routines=routines, offered=offered, root=root)


def _load_conversation(loader: _Loader, topics: set[str]) -> tuple[SynonymsFile | None, SmallTalkFile | None]:
    """synonyms.yaml and smalltalk.yaml, checked; their replies' markup and placeholders too."""
    synonyms_file, synonyms_document = loader.read("synonyms.yaml", SynonymsFile)
    if synonyms_file is not None and synonyms_document is not None:
        loader.problems += synonym_problems(synonyms_file, synonyms_document)
    smalltalk_file, document = loader.read("smalltalk.yaml", SmallTalkFile)
    if smalltalk_file is None or document is None:
        return synonyms_file, None
    loader.problems += smalltalk_problems(smalltalk_file, document, topics)
    replies: list[tuple[tuple[str | int, ...], str]] = [(("kinds", name, "replies", n), reply) for name, kind in smalltalk_file.kinds.items()
               for n, reply in enumerate(kind.replies)]
    replies += [(("pain", "replies", n), reply) for n, reply in enumerate(smalltalk_file.pain.replies)]
    replies.append((("contact_line",), smalltalk_file.contact_line))
    for path, reply in replies:
        allowed = REPLY_PLACEHOLDERS | ({"contact"} if path == ("contact_line",) else set())
        try:
            used = placeholders(reply)
        except ValueError as error:
            loader.problems.append(document.problem(path, f"malformed braces ({error}); write {{{{ for a literal brace"))
            continue
        for unknown in sorted(used - allowed):
            loader.problems.append(document.problem(path, f"uses {{{unknown}}}, which it is not given (it may use "
                                                          f"{', '.join(f'{{{p}}}' for p in sorted(allowed))})"))
        if used <= allowed:
            loader.check_html(document, path, reply.format(**{name: "sample" for name in used}), "reply")
    return synonyms_file, smalltalk_file


def _check_sources(loader: _Loader, sources_file: SourcesFile | None, document: YamlDocument | None) -> set[str] | None:
    if sources_file is None or document is None:
        return None
    ids: set[str] = set()
    for index, source in enumerate(sources_file.sources):
        if source.id in ids:
            loader.problems.append(document.problem(("sources", index, "id"), f"duplicate source id '{source.id}'"))
        ids.add(source.id)
    return ids


def _load_texts(loader: _Loader) -> Texts | None:
    texts_file, document = loader.read("texts.yaml", TextsFile)
    checkin_file, checkin_document = loader.read("checkin.yaml", CheckinTextsFile)
    if texts_file is not None and document is not None:
        _check_texts(loader, document, texts_file.texts, TEXT_PLACEHOLDERS)
        for command in sorted(set(MENU_COMMANDS) - set(texts_file.commands)):
            loader.problems.append(document.problem(("commands",), f"missing description for command '{command}'"))
        for command in sorted(set(texts_file.commands) - set(MENU_COMMANDS)):
            loader.problems.append(document.problem(("commands", command), f"unknown command '{command}'"))
    if checkin_file is not None and checkin_document is not None:
        _check_texts(loader, checkin_document, checkin_file.texts, CHECKIN_PLACEHOLDERS)
    if texts_file is None or checkin_file is None:
        return None
    return Texts({**texts_file.texts, **checkin_file.texts}, texts_file.commands)


def _check_texts(loader: _Loader, document: YamlDocument, texts: dict[str, str],
                 registry: dict[str, frozenset[str]]) -> None:
    """Every name the registry lists is present, no other, placeholders allowed, markup valid."""
    for name in sorted(set(registry) - set(texts)):
        loader.problems.append(document.problem(("texts",), f"missing text '{name}'"))
    for name, template in texts.items():
        path = ("texts", name)
        if name not in registry:
            loader.problems.append(document.problem(path, f"unknown text '{name}' (the bot never sends it)"))
            continue
        try:
            used = placeholders(template)
        except ValueError as error:
            loader.problems.append(document.problem(path, f"text '{name}': malformed braces ({error}); write {{{{ for a literal brace"))
            continue
        allowed = registry[name]
        for unknown in sorted(used - allowed):
            given = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "no placeholders"
            loader.problems.append(document.problem(path, f"text '{name}' uses {{{unknown}}}, which it is not given (it may use {given})"))
        if used <= allowed:
            values = {placeholder: SAMPLE_VALUES.get(placeholder, "sample") for placeholder in used}
            try:
                rendered = template.format(**values)
            except (ValueError, KeyError, IndexError) as error:  # {name!x}, {name:bad spec}, {0}
                loader.problems.append(document.problem(path, f"text '{name}': malformed placeholder ({error})"))
                continue
            plain = loader.check_html(document, path, rendered, f"text '{name}'")
            for problem in phrase_problems(name, plain or "", used) if plain is not None else ():
                loader.problems.append(document.problem(path, problem))


def _load_tips(loader: _Loader, category: str, source_ids: set[str] | None, seen_ids: dict[str, str],
               texts: Texts | None) -> tuple[Tip, ...]:
    relative = f"tips/{category}.yaml"
    tips_file, document = loader.read(relative, TipsFile)
    if tips_file is None or document is None:
        return ()
    if tips_file.category != category:
        loader.problems.append(document.problem(("category",), f"category is '{tips_file.category}' but the file is for '{category}'"))
    if not tips_file.tips:
        loader.problems.append(document.problem(("tips",), f"category '{category}' has no tips"))
    result = []
    for index, tip in enumerate(tips_file.tips):
        before = len(loader.problems)
        path = ("tips", index)
        label = f"tip '{tip.id}'"
        if tip.id in seen_ids:
            loader.problems.append(document.problem((*path, "id"), f"duplicate id '{tip.id}' (first used in {seen_ids[tip.id]})"))
        seen_ids.setdefault(tip.id, f"{relative}:{document.line_of((*path, 'id'))}")
        for n, source in enumerate(tip.sources):
            if source_ids is not None and source not in source_ids:
                loader.problems.append(document.problem((*path, "sources", n), f"{label}: unknown source '{source}' (not in sources.yaml)"))
        stretch_fields = {"steps": tip.steps, "hold": tip.hold, "stop_if": tip.stop_if}
        for field, value in stretch_fields.items():
            if category == "stretching" and not value:
                loader.problems.append(document.problem(path, f"{label}: a stretch needs '{field}'"))
        for field in ("title", "text", "hold", "stop_if"):
            if getattr(tip, field):
                loader.check_html(document, (*path, field), getattr(tip, field), f"{label} {field}")
        for n, step in enumerate(tip.steps or ()):
            loader.check_html(document, (*path, "steps", n), step, f"{label} step {n + 1}")
        tip = tip.model_copy(update={"category": category})
        if texts is not None and len(loader.problems) == before:
            loader.check_html(document, path, render_tip(tip, texts), f"{label} as sent")
        result.append(tip)
    return tuple(result)


def _load_answers(loader: _Loader, source_ids: set[str] | None, texts: Texts | None) -> dict[str, Answer]:
    folder = loader.root / "answers"
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not paths:
        loader.problems.append(Problem("answers/", 1, "no answer topics: add at least one answers/<id>.yaml"))
    answers: dict[str, tuple[Answer, YamlDocument]] = {}
    for path in paths:
        before = len(loader.problems)
        answer, document = loader.read(f"answers/{path.name}", Answer)
        if answer is None or document is None:
            continue
        label = f"answer '{answer.id}'"
        if answer.id != path.stem:
            loader.problems.append(document.problem(("id",), f"id '{answer.id}' does not match the file name '{path.name}'"))
        for n, source in enumerate(answer.sources):
            if source_ids is not None and source not in source_ids:
                loader.problems.append(document.problem(("sources", n), f"{label}: unknown source '{source}' (not in sources.yaml)"))
        for field in ("title", "answer"):
            loader.check_html(document, (field,), getattr(answer, field), f"{label} {field}")
        if texts is not None and len(loader.problems) == before:
            loader.check_html(document, ("answer",), render_answer(answer, texts), f"{label} as sent")
        answers[answer.id] = (answer, document)
    existing = set(answers) | {path.stem for path in paths}  # a broken file still names a topic
    for answer, document in answers.values():
        for n, related in enumerate(answer.related):
            if related not in existing or related == answer.id:
                loader.problems.append(document.problem(("related", n), f"answer '{answer.id}': related topic '{related}' does not exist"))
    return {answer_id: answer for answer_id, (answer, _) in answers.items()}
