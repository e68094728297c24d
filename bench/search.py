"""Search speed and accuracy: the BM25 index against a brute-force baseline in the same run.

The baseline matches a question against every example question and title with rapidfuzz's WRatio
(no index, no stemming, no refusal threshold beyond a score of 60), the usual first attempt at an
FAQ bot. Both run over the phrasing table in tests/search_cases.yaml. Only confident answers count
here (the index's high band); bench/conversation.py scores the choices of the middle band too.

Usage: python bench/search.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.content.loader import load_content  # noqa: E402


def main() -> int:
    """Print time per question and accuracy for the index and the baseline."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    content = load_content(ROOT / "content")
    cases = yaml.safe_load((ROOT / "tests" / "search_cases.yaml").read_text())
    questions = [q for _, q in cases["on_topic"]] + list(cases["off_topic"])
    expected = [t if isinstance(t, list) else [t] for t, _ in cases["on_topic"]] + [None] * len(cases["off_topic"])
    examples = [(text.lower(), answer.id) for answer in content.answers.values()
                for text in (answer.title, *answer.questions)]
    choices = [text for text, _ in examples]

    def baseline(question: str) -> str | None:
        found = process.extractOne(question.lower(), choices, scorer=fuzz.WRatio, score_cutoff=60)
        return examples[found[2]][1] if found else None

    def index(question: str) -> str | None:
        return content.search.search(question).answer_id  # the high band only: a choice counts as no answer here

    print(f"bench/search.py: {len(questions)} questions ({len(cases['on_topic'])} on topic, "
          f"{len(cases['off_topic'])} off topic), {args.rounds} rounds")
    for name, find in (("brute-force WRatio (baseline)", baseline), ("BM25 index", index)):
        answers = [find(q) for q in questions]
        on = sum(a in e for a, e, in zip(answers, expected) if e is not None)
        off = sum(a is None for a, e in zip(answers, expected) if e is None)
        started = time.perf_counter()
        for _ in range(args.rounds):
            for question in questions:
                find(question)
        per_question = (time.perf_counter() - started) / (args.rounds * len(questions)) * 1e6
        print(f"  {name:30} {per_question:7.1f} µs/question   top-1 {on / len(cases['on_topic']):6.1%}   "
              f"off-topic refused {off}/{len(cases['off_topic'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
