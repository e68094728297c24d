"""What the bot does with typed messages, scored on a conversation file, beside a baseline in the same run.

The bot: small talk, statements of pain, then questions by band (answer, a choice of topics, refusal),
as bot/core/conversation/route.py decides. The baseline: search alone answering its best topic
whenever the question shares a word with any topic, the way an FAQ bot without bands or small talk
behaves. A question counts as right when its topic is the answer or among the topics offered; as
confidently wrong when another topic is the answer.

Usage: python bench/conversation.py [--file tests/conversation_table.yaml] [--failures] [--rounds 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.content.loader import load_content  # noqa: E402
from bot.core.conversation.route import ANSWER, REFUSE, Route, route  # noqa: E402
from tests.conversation_scoring import load, score  # noqa: E402


def main() -> int:
    """Score the bot and the baseline on one file; print the rates and the time per message."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=ROOT / "tests" / "conversation_table.yaml")
    parser.add_argument("--failures", action="store_true", help="list what the bot got wrong")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    content = load_content(ROOT / "content")
    cases = load(args.file)

    def bot(text: str) -> Route:
        return route(text, content)

    def baseline(text: str) -> Route:
        found = content.search.search(text)
        return Route(ANSWER, (found.candidates[0].answer_id,)) if found.candidates else Route(REFUSE)

    messages = [c if isinstance(c, str) else c["text"] for section in cases.values() if isinstance(section, list)
                for c in section]  # every section's entries are texts, or mappings with a text
    print(f"bench/conversation.py: {args.file.name}, {len(messages)} messages")
    for name, decide in (("baseline: best match, no bands", baseline), ("the bot", bot)):
        result = score(cases, decide)
        started = time.perf_counter()
        for _ in range(args.rounds):
            for text in messages:
                decide(text)
        per_message = (time.perf_counter() - started) / (args.rounds * len(messages)) * 1e6
        print(f"  {name} ({per_message:.0f} µs/message)")
        print("    " + result.summary().replace("\n", "\n    "))
        if args.failures and decide is bot:
            for section, text, why in result.failures:
                print(f"      {section}: {text!r}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
