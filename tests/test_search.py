"""Search: the phrasing table, reachability of every topic, typo handling and refusals, on the pure core."""

from pathlib import Path

import pytest
import yaml

from bot.core.content.loader import load_content
from bot.core.content.search import LOW, max_edits, words

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT / "content")
INDEX = CONTENT.search
CASES = yaml.safe_load((Path(__file__).parent / "search_cases.yaml").read_text())


def topics_of(row) -> list[str]:
    """A table row's acceptable topics: one id, or a list of them."""
    return row if isinstance(row, list) else [row]


def test_the_table_is_big_enough_and_names_real_topics():
    assert len(CASES["on_topic"]) >= 60
    assert len(CASES["off_topic"]) >= 15
    named = {topic for row, _ in CASES["on_topic"] for topic in topics_of(row)}
    assert named <= set(CONTENT.answers)
    assert len(named) >= 20


def test_phrasing_table_reaches_the_right_topic_at_least_95_percent():
    misses = [(row, question, INDEX.search(question).band) for row, question in CASES["on_topic"]
              if not any(INDEX.search(question).reaches(topic) for topic in topics_of(row))]
    rate = 1 - len(misses) / len(CASES["on_topic"])
    assert rate >= 0.95, f"reached {rate:.1%}; misses: {misses}"


def test_phrasing_table_is_confidently_wrong_at_most_3_percent():
    wrong = [(row, question, INDEX.search(question).answer_id) for row, question in CASES["on_topic"]
             if INDEX.search(question).answer_id not in (None, *topics_of(row))]
    assert len(wrong) <= 0.03 * len(CASES["on_topic"]), wrong


@pytest.mark.parametrize("question", CASES["off_topic"])
def test_off_topic_questions_get_no_answer_and_no_choice(question):
    result = INDEX.search(question)
    assert result.band == LOW, f"{result.band}: {result.reason}; {result.candidates[:1]}"


@pytest.mark.parametrize(
    ("answer_id", "question"),
    [(answer.id, text) for answer in CONTENT.answers.values() for text in (answer.title, *answer.questions)],
)
def test_every_topic_is_reachable_by_its_title_and_example_questions(answer_id, question):
    assert INDEX.search(question).reaches(answer_id)


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("stretchs", None), ("posure", "posture"), ("hydraton", "hydration"), ("sholder", "shoulder"),
     ("keybaord", "keyboard"), ("ibuprofan", "ibuprofen"), ("mattrss", "mattress")],
)
def test_typos_are_corrected_or_stemmed(typo, meant):
    result = INDEX.search(f"{typo} back")
    if meant is None:  # stemming alone brings it home
        assert typo not in result.unknown_words and typo not in result.corrections
    else:
        assert result.corrections[typo].startswith(meant)


@pytest.mark.parametrize("word", ["weather", "pasta", "python", "tomorrow"])
def test_unrelated_words_are_not_forced_onto_the_vocabulary(word):
    assert word not in INDEX.search(word).corrections


@pytest.mark.parametrize(
    ("question", "topic"),
    [("ice or heat?", "cold-and-heat"), ("ICE OR HEAT", "cold-and-heat"), ("stretches", "stretches-that-help"),
     ("stretching", "stretches-that-help"), ("stretched", "stretches-that-help")],
)
def test_case_and_word_forms_do_not_matter(question, topic):
    assert INDEX.search(question).reaches(topic)


def test_another_body_part_without_the_back_is_refused():
    assert INDEX.search("my ankle is swollen, should I see a doctor").answer_id is None
    assert INDEX.search("should i put a pillow between my knees at night").answer_id == "sleep-positions"


def test_a_long_story_about_the_back_still_reaches_its_question():
    story = ("so on saturday we drove to my in-laws, four hours in the car, then I carried the kids' suitcases "
             "up three flights of stairs and by sunday my lower back was in spasm; is it better to use ice or heat")
    assert INDEX.search(story).reaches("cold-and-heat")


@pytest.mark.parametrize("question", ["", "   ", "??!!", "the and of", "😀😀"])
def test_empty_or_meaningless_questions_get_no_answer(question):
    assert INDEX.search(question).answer_id is None


def test_candidates_are_ranked_and_at_most_three():
    result = INDEX.search("heat pad for back spasm")
    scores = [c.score for c in result.candidates]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(("text", "expected"), [("Don't STRETCH!", ["dont", "stretch"][1:]),
                                                ("why is my back sore", ["why", "back", "sore"])])
def test_words_drop_stopwords_keep_question_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(("word", "edits"), [("ice", 0), ("heat", 1), ("posure", 1), ("hydraton", 2)])
def test_longer_words_may_carry_more_typos(word, edits):
    assert max_edits(word) == edits
