"""Telegram formatting validated as Telegram's server does it: plain text out, or Telegram's exact error."""

import pytest

from bot.core.markup import (
    MarkupError,
    parse_entities,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    plain_text,
    utf16_len,
)

P = "Can't parse entities: "


@pytest.mark.parametrize(("text", "plain"), [
    ("plain text", "plain text"),
    ("<b>bold</b> <strong>strong</strong>", "bold strong"),
    ("<i>i</i><em>em</em><u>u</u><ins>ins</ins><s>s</s><strike>st</strike><del>d</del>", "iemuinssstd"),
    ('<span class="tg-spoiler">secret</span> <tg-spoiler>more</tg-spoiler>', "secret more"),
    ('<a href="https://nice.org.uk/ng59">NICE</a>', "NICE"),
    ("<a>no href is allowed</a>", "no href is allowed"),
    ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
    ("<blockquote>quoted</blockquote><blockquote expandable>long</blockquote>", "quotedlong"),
    ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
    ("&lt;tag&gt; &amp; &quot;quoted&quot;", '<tag> & "quoted"'),
    ("&#65;&#x42;&#x1F600;", "AB😀"),
    ("&lt without semicolon", "< without semicolon"),
    ("fish & chips", "fish & chips"),
    ("&nbsp; stays as written", "&nbsp; stays as written"),
    ("<B>upper case tags</B>", "upper case tags"),
    ("<b >spaces inside tags</b  >", "spaces inside tags"),
    ("<b>closed by</>", "closed by"),
    ("<b title=x>unknown attributes are ignored</b>", "unknown attributes are ignored"),
    ("", ""),
])
def test_html_valid(text, plain):
    assert parse_html(text) == plain


@pytest.mark.parametrize(("text", "description"), [
    ("hello <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 6'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("I <3 you", 'Unsupported start tag "3" at byte offset 2'),
    ("ends with <", "Unclosed start tag at byte offset 10"),
    ("Sit <b>tall.", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</i>", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<i>oops</b>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("text</b>", "Unexpected end tag at byte offset 4"),
    ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ("<b>x</ b>", "Unclosed end tag at byte offset 4"),
    ('<span class="other">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<b =x>y</b>", 'Empty attribute name in the tag "b" at byte offset 0'),
    ("<a href=x/y>z</a>", "Unexpected end of name token at byte offset 8"),
    ('<a href="x', 'Unclosed start tag at byte offset 0'),
    ("<tg-emoji>x</tg-emoji>", "Invalid custom emoji identifier specified"),
    ("é <x>", 'Unsupported start tag "x" at byte offset 3'),  # offsets count UTF-8 bytes
    ("&#xD800;", "Text contains invalid Unicode characters after decoding HTML entities, "
                 "check for unmatched surrogate code units"),
])
def test_html_invalid(text, description):
    with pytest.raises(MarkupError) as error:
        parse_html(text)
    assert error.value.description == P + description
    assert str(error.value) == P + description


@pytest.mark.parametrize(("text", "plain"), [
    ("Hello world\\.", "Hello world."),
    ("*bold* _italic_ __underline__ ~strike~ ||spoiler||", "bold italic underline strike spoiler"),
    ("`code with . and *` ```python\nprint(1)```", "code with . and * print(1)"),
    ("[NICE](https://nice.org.uk/ng59\\)x)", "NICE"),
    ("\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!", "_*[]()~`>#+-=|{}.!"),
    (">a quote\n>two lines\nafter", "a quote\ntwo lines\nafter"),
    ("**>expandable\n>quote||", "expandable\nquote"),
    ("![👍](tg://emoji?id=5368324170671202286)", "👍"),
    ("*bold _italic inside_*", "bold italic inside"),
])
def test_markdown_v2_valid(text, plain):
    assert parse_markdown_v2(text) == plain


@pytest.mark.parametrize(("text", "description"), [
    ("Hello world.", "Character '.' is reserved and must be escaped with the preceding '\\'"),
    ("1+1", "Character '+' is reserved and must be escaped with the preceding '\\'"),
    ("a - b", "Character '-' is reserved and must be escaped with the preceding '\\'"),
    ("Wow!", "Character '!' is reserved and must be escaped with the preceding '\\'"),
    ("a | b", "Character '|' is reserved and must be escaped with the preceding '\\'"),
    ("x > y", "Character '>' is reserved and must be escaped with the preceding '\\'"),
    ("(aside)", "Character '(' is reserved and must be escaped with the preceding '\\'"),
    ("*bold", "Can't find end of Bold entity at byte offset 0"),
    ("ab _italic", "Can't find end of Italic entity at byte offset 3"),
    ("__under", "Can't find end of Underline entity at byte offset 0"),
    ("~strike", "Can't find end of Strikethrough entity at byte offset 0"),
    ("||spoiler", "Can't find end of Spoiler entity at byte offset 0"),
    ("`code", "Can't find end of Code entity at byte offset 0"),
    ("```pre", "Can't find end of Pre entity at byte offset 0"),
    ("[link", "Can't find end of TextUrl entity at byte offset 0"),
    ("[link](http://x", "Can't find end of a URL at byte offset 7"),
    ("é *b", "Can't find end of Bold entity at byte offset 3"),
])
def test_markdown_v2_invalid(text, description):
    with pytest.raises(MarkupError) as error:
        parse_markdown_v2(text)
    assert error.value.description == P + description


@pytest.mark.parametrize(("text", "plain"), [
    ("*bold* _italic_ `code`", "bold italic code"),
    ("```python\nprint(1)```", "print(1)"),
    ("[NICE](https://nice.org.uk/ng59)", "NICE"),
    ("1+1=2. Done! (really)", "1+1=2. Done! (really)"),
    ("snake\\_case and \\*stars\\*", "snake_case and *stars*"),
])
def test_markdown_valid(text, plain):
    assert parse_markdown(text) == plain


@pytest.mark.parametrize(("text", "description"), [
    ("*bold", "Can't find end of the entity starting at byte offset 0"),
    ("snake_case", "Can't find end of the entity starting at byte offset 5"),
    ("`code", "Can't find end of the entity starting at byte offset 0"),
    ("```pre`", "Can't find end of the entity starting at byte offset 0"),
    ("[link", "Can't find end of the entity starting at byte offset 0"),
])
def test_markdown_invalid(text, description):
    with pytest.raises(MarkupError) as error:
        parse_markdown(text)
    assert error.value.description == P + description


@pytest.mark.parametrize(("mode", "text", "plain"), [
    (None, "<b>as is</b>", "<b>as is</b>"),
    ("", "*as is*", "*as is*"),
    ("HTML", "<b>x</b>", "x"),
    ("html", "<b>x</b>", "x"),
    ("MarkdownV2", "*x*", "x"),
    ("markdownv2", "*x*", "x"),
    ("Markdown", "*x*", "x"),
])
def test_plain_text_dispatches_on_parse_mode(mode, text, plain):
    assert plain_text(text, mode) == plain


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
    ("MarkdownV2", "a *b _c_*", [{"type": "bold", "offset": 2, "length": 3},
                                 {"type": "italic", "offset": 4, "length": 1}]),
    ("Markdown", "[t](http://x.y)", [{"type": "text_link", "offset": 0, "length": 1, "url": "http://x.y"}]),
    ("HTML", "<b></b>empty entities are dropped", []),
])
def test_entities_use_utf16_offsets(mode, text, entities):
    assert parse_entities(text, mode)[1] == entities
