"""Warnings about synonyms.yaml and smalltalk.yaml: a term no topic uses, a cue read as something else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.content.yaml_source import Problem

if TYPE_CHECKING:
    from bot.core.content.lint import Locator
    from bot.core.content.loader import Content


def unused_synonyms(content: Content, locate: Locator) -> list[Problem]:
    """Synonym terms that no answer topic uses (nor the scope lists), so reading a word as them finds nothing."""
    document = locate.document("synonyms.yaml")
    data = document.data if document and isinstance(document.data, dict) else {}
    scope = set(data.get("back_words") or []) | set(data.get("elsewhere_words") or [])
    problems = []
    for term in data.get("synonyms") or {}:
        if term in scope:
            continue
        result = content.search.search(term)
        if not result.known_words:
            problems.append(locate.warn("synonyms.yaml", ("synonyms", term),
                                        f"no answer topic uses '{term}', so its synonyms find nothing; "
                                        "use the word in a topic or pick the word the topics use"))
    return problems


def smalltalk_cues(content: Content, locate: Locator) -> list[Problem]:
    """Small-talk cues that, sent on their own, are not read as their kind (an earlier kind wins, or a
    topic uses the word so it is taken for a question)."""
    smalltalk = content.conversation.smalltalk
    problems = []
    document = locate.document("smalltalk.yaml")
    kinds = document.data.get("kinds", {}) if document and isinstance(document.data, dict) else {}
    for name, kind in kinds.items():
        needs = kind.get("needs") or []
        for index, cue in enumerate(kind.get("cues") or []):
            message = f"{needs[0]} {cue}" if needs else str(cue)
            found = smalltalk.classify(message, content.search.is_topic_word)
            if found != name:
                outcome = f"is read as '{found}', which comes first" if found else "is not read as small talk"
                problems.append(locate.warn("smalltalk.yaml", ("kinds", name, "cues", index),
                                            f"cue {message!r} {outcome}"))
    return problems
