"""Red-flag screening on held-out messages: what is caught, asked about or missed, and how fast.

Scores one vignette file (tests/triage_vignettes.yaml by default; `--file` for a held-out set) with
the two-tier screening, beside a baseline measured in the same run: the certain tier alone, which is
what the screening did before it could ask (escalate or stay silent).

A red flag counts as caught when the message is escalated to at least its level, or when the bot asks
the yes/no question about that very sign (a Yes escalates it). Persistence counts as caught when the
reply says "seek medical care" or asks the two-week question. For ordinary messages: a false alarm is
an escalation nobody confirmed; the ask rate is how often a question comes first.

Usage: python bench/screening.py [--file tests/triage_heldout_a.yaml] [--misses] [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.triage.screening import screen  # noqa: E402
from tests.triage_scoring import ALARM, ASK, ASKED, CAUGHT, MISSED, load, verdict  # noqa: E402

LEVELS = ("EMERGENCY", "URGENT", "SEE_DOCTOR", "SELF_CARE")


def report(vignettes: list[dict], today: date, two_tier: bool) -> tuple[dict[str, Counter], list[tuple]]:
    """Verdicts counted per expected level, and the misses and false alarms."""
    counts: dict[str, Counter] = {level: Counter() for level in LEVELS}
    wrong = []
    for vignette in vignettes:
        found = verdict(vignette, today, two_tier)
        counts[vignette["level"]][found] += 1
        if found in (MISSED, ALARM, ASK):
            wrong.append((found, vignette["id"], vignette.get("category", ""), vignette.get("sign", ""),
                          vignette["text"]))
    return counts, wrong


def timing(texts: list[str], today: date, rounds: int) -> tuple[float, float]:
    """Median and p99 time per message, in ms."""
    samples = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            screen(text, today)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def main() -> int:
    """Print catch, ask and false-alarm figures for the two-tier screening and the certain tier alone."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=ROOT / "tests" / "triage_vignettes.yaml")
    parser.add_argument("--misses", action="store_true", help="list every miss, false alarm and question")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    today, vignettes = load(args.file)
    print(f"bench/screening.py: {args.file.name}, {len(vignettes)} typed messages, today {today}")
    for name, two_tier in (("certain tier alone (baseline)", False), ("two tiers", True)):
        counts, wrong = report(vignettes, today, two_tier)
        parts = []
        for level in ("EMERGENCY", "URGENT", "SEE_DOCTOR"):
            c = counts[level]
            total = sum(c.values())
            if total:
                parts.append(f"{level.lower()} {c[CAUGHT] + c[ASKED]}/{total} "
                             f"({(c[CAUGHT] + c[ASKED]) / total:.0%}; {c[ASKED]} by a question)")
        calm = counts["SELF_CARE"]
        total = sum(calm.values()) or 1
        parts.append(f"ordinary: false alarms {calm[ALARM]}/{total} ({calm[ALARM] / total:.1%}), "
                     f"asked {calm[ASK]}/{total} ({calm[ASK] / total:.1%})")
        print(f"  {name}:\n    " + "\n    ".join(parts))
        if args.misses and two_tier:
            for row in sorted(wrong):
                print("    " + " | ".join(map(str, row)))
    median, p99 = timing([v["text"] for v in vignettes], today, args.rounds)
    print(f"  time per message: median {median:.3f} ms, p99 {p99:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
