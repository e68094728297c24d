"""The shape of each content file, as pydantic models, and plain-English schema error messages."""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from bot.core.content.yaml_source import Problem, YamlDocument

from scheduler.settings import CATEGORIES

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=800)]
Step = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


M = TypeVar("M", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A source the content rests on."""

    id: ItemId
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
    where: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class SourcesFile(_Strict):
    """content/sources.yaml."""

    sources: list[Source] = Field(min_length=1)


class Tip(_Strict):
    """One daily tip; stretches also carry steps, a hold time and when to stop."""

    id: ItemId
    title: Title
    text: Body
    sources: list[ItemId] = Field(min_length=1)
    steps: list[Step] | None = Field(default=None, min_length=1)
    hold: Step | None = None
    stop_if: Step | None = None
    category: str = ""  # filled in from the file, not written by operators


class TipsFile(_Strict):
    """content/tips/<category>.yaml."""

    category: str
    tips: list[Tip]


class RoutineStep(_Strict):
    """One step of a routine: a stretch tip, how long each hold lasts, and how many times."""

    tip: ItemId
    seconds: int = Field(ge=3, le=120)
    times: int = Field(ge=1, le=12)


class Routine(_Strict):
    """A guided routine: stretch steps followed one at a time, each with its drawing and a timer."""

    id: ItemId
    title: Title
    intro: Body
    steps: list[RoutineStep] = Field(min_length=1, max_length=12)

    @property
    def seconds(self) -> int:
        """How long its timers run altogether."""
        return sum(step.seconds * step.times for step in self.steps)

    @property
    def minutes(self) -> int:
        """Its length in whole minutes, as shown to subscribers (at least 1)."""
        return max(1, round(self.seconds / 60))


class RoutinesFile(_Strict):
    """content/routines.yaml: the routines, and which one stretching nudges and self-care check-ins offer."""

    offered_with_nudges: ItemId
    offered_after_checkin: ItemId
    routines: list[Routine] = Field(min_length=1)


AnswerBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1500)]
Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]


class Answer(_Strict):
    """An answer topic: what subscribers ask, and what the bot replies."""

    id: ItemId
    title: Title
    questions: list[Question] = Field(min_length=1)
    keywords: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]] = []
    answer: AnswerBody
    related: list[ItemId] = []
    seek_care: bool = False
    sources: list[ItemId] = Field(min_length=1)


class TextsFile(_Strict):
    """content/texts.yaml."""

    texts: dict[str, Annotated[str, StringConstraints(min_length=1)]]
    commands: dict[str, Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=256)]]


class CheckinTextsFile(_Strict):
    """content/checkin.yaml: the check-in's questions, buttons and outcome texts."""

    texts: dict[str, Annotated[str, StringConstraints(min_length=1)]]


def _field_name(loc: tuple) -> str:
    names = [str(part) for part in loc if not isinstance(part, int)]
    return names[-1] if names else "file"


def _describe(error: ErrorDetails) -> str:
    kind, loc, ctx = error["type"], tuple(error["loc"]), error.get("ctx") or {}
    name = _field_name(loc)
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        return f"unknown field '{name}' (check its spelling in content/README.md)"
    if kind == "string_too_long":
        return f"'{name}' is longer than {ctx.get('max_length')} characters"
    if kind in ("string_too_short", "too_short"):
        return f"'{name}' must not be empty"
    if kind == "string_pattern_mismatch":
        return f"'{name}' must use only lowercase letters, digits and single dashes (got {error['input']!r})"
    if kind in ("string_type", "list_type", "dict_type", "model_type"):
        wanted = {"string_type": "text", "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping"}[kind]
        return f"'{name}' must be {wanted}"
    return f"'{name}': {error['msg']}"


def validate_document(model: type[M], document: YamlDocument) -> tuple[M | None, list[Problem]]:
    """Validate a YAML document against a model; translate errors into located Problems."""
    if not isinstance(document.data, dict):
        return None, [document.problem((), "the file must be a YAML mapping (key: value lines)")]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        problems = [document.problem(tuple(e["loc"]), _describe(e)) for e in error.errors()]
        return None, problems
