"""What operators see on the command line: the reply the bot would give, and why."""

from __future__ import annotations

from bot.core.content.answers import render_answer
from bot.core.content.loader import Content
from bot.core.markup.html import parse_html


def explain_question(content: Content, question: str) -> str:
    """The bot's reply to a question as plain text, then the top three candidates with scores."""
    result = content.search.search(question)
    if result.answer_id is None:
        reply = parse_html(content.texts("no_answer"))
        verdict = "no confident answer"
    else:
        reply = parse_html(render_answer(content.answers[result.answer_id], content.texts))
        verdict = f"answer: {result.answer_id}"
    lines = [f"Question: {question}", f"Verdict:  {verdict}", "", "Reply:", reply, "", "Top candidates:"]
    lines += [f"  {rank}. {c.answer_id:30} score {c.score:6.2f}   {c.title}"
              for rank, c in enumerate(result.candidates, start=1)] or ["  (none: no known words)"]
    lines.append(f"Known words: {', '.join(result.known_words) or '-'}   coverage {result.coverage:.2f}")
    if result.corrections:
        lines.append("Typos corrected: " + ", ".join(f"{a} -> {b}" for a, b in result.corrections.items()))
    if result.unknown_words:
        lines.append("Unknown words: " + ", ".join(result.unknown_words))
    return "\n".join(lines)
