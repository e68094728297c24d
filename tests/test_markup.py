"""Telegram formatting validated as Telegram's server does it: plain text out, or Telegram's exact error."""

import pytest

from bot.core.markup.html import (
    MarkupError,
    parse_entities,
    parse_html,
    plain_text,
    utf16_len,
)

P = "Can't parse entities: "


@pytest.mark.parametrize(("mode", "text", "plain"), [
    (None, "<b>as is</b>", "<b>as is</b>"),
    ("", "*as is*", "*as is*"),
    ("HTML", "<b>x</b>", "x"),
    ("html", "<b>x</b>", "x"),
])
def test_plain_text_dispatches_on_parse_mode(mode, text, plain):
    assert plain_text(text, mode) == plain


@pytest.mark.parametrize("mode", ["Markdown", "MarkdownV2", "markdownv2"])
def test_markdown_is_refused_by_name(mode):
    with pytest.raises(MarkupError, match=f"^the emulator supports HTML only: .* never {mode}$"):
        plain_text("*x*", mode)


def test_unknown_parse_mode():
    with pytest.raises(MarkupError, match="^Unsupported parse_mode$"):
        plain_text("x", "BBCode")


@pytest.mark.parametrize(("text", "length"), [("", 0), ("abc", 3), ("é", 1), ("😀", 2), ("a😀b", 4)])
def test_utf16_len(text, length):
    assert utf16_len(text) == length


@pytest.mark.parametrize(("mode", "text", "entities"), [
    ("HTML", "😀 <b>x</b>", [{"type": "bold", "offset": 3, "length": 1}]),
    ("HTML", '<a href="https://a.b/">t</a>', [{"type": "text_link", "offset": 0, "length": 1, "url": "https://a.b/"}]),
    ("HTML", '<pre><code class="language-py">x</code></pre>', [{"type": "pre", "offset": 0, "length": 1,
                                                              "language": "py"}]),
    ("HTML", "<code>x</code>", [{"type": "code", "offset": 0, "length": 1}]),
    ("HTML", "<b></b>empty entities are dropped", []),
])
def test_entities_use_utf16_offsets(mode, text, entities):
    assert parse_entities(text, mode)[1] == entities
