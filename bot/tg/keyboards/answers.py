"""Inline keyboards the bot sends; labels come from content texts."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.content.loader import Content
from bot.core.content.models import Answer
from bot.core.content.texts import Texts
from bot.tg.keyboards.callbacks import BEGIN_CHECKIN, CONSENT, DELETE_NO, DELETE_YES, OFFER_NONE, TOPIC, TOPICS_PAGE

TOPICS_PER_PAGE = 8


def consent_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """One button: agree to the disclaimer and subscribe."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts("consent_button"), callback_data=CONSENT)]])


def delete_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Confirm or cancel erasing everything about the subscriber."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(texts("delete_yes_button"), callback_data=DELETE_YES),
        InlineKeyboardButton(texts("delete_no_button"), callback_data=DELETE_NO),
    ]])


def topic_pages(content: Content) -> int:
    """How many pages the topic list has."""
    return max(1, -(-len(content.answers) // TOPICS_PER_PAGE))


def topics_keyboard(content: Content, page: int) -> InlineKeyboardMarkup:
    """One button per topic on this page, then previous/next buttons where there are more."""
    answers = list(content.answers.values())[page * TOPICS_PER_PAGE:(page + 1) * TOPICS_PER_PAGE]
    rows = [[InlineKeyboardButton(answer.title, callback_data=TOPIC + answer.id)] for answer in answers]
    texts, navigation = content.texts, []
    if page > 0:
        navigation.append(InlineKeyboardButton(texts("topics_previous_button"), callback_data=f"{TOPICS_PAGE}{page - 1}"))
    if page + 1 < topic_pages(content):
        navigation.append(InlineKeyboardButton(texts("topics_next_button"), callback_data=f"{TOPICS_PAGE}{page + 1}"))
    return InlineKeyboardMarkup(rows + ([navigation] if navigation else []))


def answer_keyboard(content: Content, answer: Answer) -> InlineKeyboardMarkup:
    """Related topics (two or three), then a way back to the topic list."""
    related = [content.answers[r] for r in answer.related if r in content.answers][:3]
    rows = [[InlineKeyboardButton(other.title, callback_data=TOPIC + other.id)] for other in related]
    rows.append([InlineKeyboardButton(content.texts("topics_back_button"), callback_data=f"{TOPICS_PAGE}0")])
    return InlineKeyboardMarkup(rows)


def offer_keyboard(content: Content, topics: tuple[str, ...]) -> InlineKeyboardMarkup:
    """A choice of topics, one button each, then "none of these"."""
    rows = [[InlineKeyboardButton(content.answers[topic].title, callback_data=TOPIC + topic)] for topic in topics]
    rows.append([InlineKeyboardButton(content.texts("offer_none_button"), callback_data=OFFER_NONE)])
    return InlineKeyboardMarkup(rows)


def pain_keyboard(content: Content, topic: str) -> InlineKeyboardMarkup:
    """The most relevant topic, and a check-in now."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(content.answers[topic].title, callback_data=TOPIC + topic)],
        [InlineKeyboardButton(content.texts("checkin_begin_button"), callback_data=BEGIN_CHECKIN)],
    ])


def menu_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """What someone asking for help can do next: browse the topics, or check in."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts("menu_topics_button"), callback_data=f"{TOPICS_PAGE}0")],
        [InlineKeyboardButton(texts("checkin_begin_button"), callback_data=BEGIN_CHECKIN)],
    ])
