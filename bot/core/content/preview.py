"""What operators see on the command line: the reply the bot would give, and why."""

from __future__ import annotations

import random

from bot.core.content.answers import render_answer
from bot.core.content.loader import Content
from bot.core.conversation.replies import pain_reply, small_talk_reply
from bot.core.conversation.route import ANSWER, OFFER, PAIN, SMALL_TALK, route
from bot.core.markup.html import parse_html

SAMPLE_NAME, SAMPLE_HOUR = "Sam", 10  # how a small-talk reply is shown: to "Sam", at 10:00


def explain_question(content: Content, question: str) -> str:
    """The bot's reply to a typed message as plain text, its route and band and why, then the top candidates."""
    decided = route(question, content)
    rng = random.Random(0)
    if decided.kind == SMALL_TALK and decided.small_talk is not None:
        verdict = f"small talk ({decided.small_talk})"
        reply = small_talk_reply(content.conversation, decided.small_talk, rng, SAMPLE_NAME, SAMPLE_HOUR)
    elif decided.kind == PAIN:
        verdict = f"statement of pain: a kind word, the topic '{decided.topics[0]}' and a check-in offer"
        reply = pain_reply(content.conversation, rng, SAMPLE_NAME, SAMPLE_HOUR)
    elif decided.kind == ANSWER:
        verdict = f"answer: {decided.topics[0]}"
        reply = render_answer(content.answers[decided.topics[0]], content.texts)
    elif decided.kind == OFFER:
        verdict = "a choice of topics: " + ", ".join(decided.topics)
        reply = content.texts("offer_header") + "\n" + "\n".join(
            f"[{content.answers[topic].title}]" for topic in decided.topics) + f"\n[{content.texts('offer_none_button')}]"
    else:
        verdict = "no answer"
        reply = content.texts("no_answer")
    lines = [f"Question: {question}", f"Verdict:  {verdict}", f"Why:      {decided.reason}", "", "Reply:",
             parse_html(reply)]
    result = decided.search
    if result is None:
        return "\n".join(lines)
    lines += ["", "Top candidates:"]
    lines += [f"  {rank}. {c.answer_id:30} score {c.score:6.2f}   {c.title}"
              for rank, c in enumerate(result.candidates, start=1)] or ["  (none: no known words)"]
    lines.append(f"Known words: {', '.join(result.known_words) or '-'}   coverage {result.coverage:.2f}   "
                 f"evidence: {', '.join(result.evidence) or '-'}")
    if result.corrections:
        lines.append("Typos corrected: " + ", ".join(f"{a} -> {b}" for a, b in result.corrections.items()))
    if result.unknown_words:
        lines.append("Unknown words: " + ", ".join(result.unknown_words))
    return "\n".join(lines)
