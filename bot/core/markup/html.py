"""Telegram HTML formatting validated as Telegram's server does it (the bot sends HTML or plain text only).

A port of the HTML entity parser of TDLib (td/telegram/MessageEntity.cpp), which the Bot API server runs:
the same accepted syntax, the same error wording and the same byte offsets in error messages. Each
parser returns the plain text (markup removed, HTML entities decoded) or raises MarkupError whose
description is what Telegram answers after "Bad Request: " (there with its first letter lower-cased).
`parse_entities` also returns the Bot API MessageEntity dicts (offsets and lengths in UTF-16 units).
Pure standard library, shared by the emulator and the content validator.
"""

from __future__ import annotations

from bot.core.markup.base import PREFIX, Entity, MarkupError, Parsed, at, is_space, sort_entities, utf16_len

__all__ = ["MarkupError", "parse_html", "plain_text", "parse_entities", "utf16_len"]
HTML_ONLY = "the emulator supports HTML only: the bot sends HTML or plain text, never {mode}"

HTML_TAGS = {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
             "tg-time", "span", "pre", "code", "blockquote"}
SIMPLE_TAGS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "s": "strikethrough",
               "strike": "strikethrough", "del": "strikethrough", "u": "underline", "ins": "underline",
               "tg-spoiler": "spoiler", "span": "spoiler"}
NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}


def _is_alnum(c: int) -> bool:
    return 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122


def _is_hex(c: int) -> bool:
    return 48 <= c <= 57 or 97 <= (c | 0x20) <= 102


def _decode_entity(t: bytes, pos: int) -> tuple[int, int]:
    """Decode the HTML entity at t[pos] == '&': (code point, position after it), or (0, pos) if none."""
    end = pos + 1
    if at(t, end) == 0x23:  # '#'
        end += 1
        if at(t, end) == 0x78:  # 'x'
            end += 1
            start = end
            while _is_hex(at(t, end)):
                end += 1
            code = int(t[start:end], 16) if end > start else 0
        else:
            start = end
            while 48 <= at(t, end) <= 57:
                end += 1
            code = int(t[start:end]) if end > start else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        start = end
        while 97 <= (at(t, end) | 0x20) <= 122:
            end += 1
        name = NAMED_ENTITIES.get(t[start:end])
        if name is None:
            return 0, pos
        code = ord(name)
    return code, end + 1 if at(t, end) == 0x3B else end  # ';' is optional


def _encode(code: int) -> bytes:
    return chr(code).encode("utf-8", "surrogatepass")


def _name(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def parse_html_entities(text: str) -> Parsed:
    """Parse Telegram HTML into (plain text, Bot API entities), or raise MarkupError."""
    try:
        return _parse_html(text)
    except MarkupError as error:
        raise MarkupError(PREFIX + error.description) from None


def _start_tag(t: bytes, i: int, begin: int) -> tuple[str, str, int]:
    """Read a start tag whose name begins at t[i]; return (tag name, argument, index of its '>')."""
    while not is_space(at(t, i)) and at(t, i) != 0x3E:
        i += 1
    if at(t, i) == 0:
        raise MarkupError(f"Unclosed start tag at byte offset {begin}")
    tag = _name(t[begin + 1:i].lower())
    if tag not in HTML_TAGS:
        raise MarkupError(f'Unsupported start tag "{tag}" at byte offset {begin}')
    argument = ""
    while at(t, i) != 0x3E:
        while at(t, i) != 0 and is_space(at(t, i)):
            i += 1
        if at(t, i) == 0x3E:
            break
        name_begin = i
        while not is_space(at(t, i)) and at(t, i) not in b"=>/\"'":
            i += 1
        attribute = t[name_begin:i]
        if not attribute:
            raise MarkupError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while at(t, i) != 0 and is_space(at(t, i)):
            i += 1
        if at(t, i) != 0x3D:  # '=': an attribute without a value
            if at(t, i) == 0:
                raise MarkupError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and attribute == b"expandable":
                argument = "1"
            continue
        i += 1
        while at(t, i) != 0 and is_space(at(t, i)):
            i += 1
        if at(t, i) == 0:
            raise MarkupError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if at(t, i) not in b"'\"":  # a name token
            token_begin = i
            while _is_alnum(at(t, i)) or at(t, i) in b".-":
                i += 1
            value = _name(t[token_begin:i].lower())
            if not is_space(at(t, i)) and at(t, i) != 0x3E:
                raise MarkupError(f"Unexpected end of name token at byte offset {token_begin}")
        else:  # a string literal, with entities decoded
            quote, raw = at(t, i), bytearray()
            i += 1
            while at(t, i) != quote and at(t, i) != 0:
                if at(t, i) == 0x26:
                    code, after = _decode_entity(t, i)
                    if code:
                        raw += _encode(code)
                        i = after
                        continue
                raw.append(t[i])
                i += 1
            if at(t, i) == quote:
                i += 1
            value = _name(bytes(raw))
        if at(t, i) == 0:
            raise MarkupError(f"Unclosed start tag at byte offset {begin}")
        if tag == "a" and attribute == b"href" or tag == "tg-emoji" and attribute == b"emoji-id":
            argument = value
        elif tag == "code" and attribute == b"class" and value.startswith("language-"):
            argument = value[9:]
        elif tag == "span" and attribute == b"class" and value.startswith("tg-"):
            argument = value[3:]
        elif tag == "blockquote" and attribute == b"expandable":
            argument = "1"
    if tag == "span" and argument != "spoiler":
        raise MarkupError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    return tag, argument, i


def _html_entity(tag: str, argument: str, offset: int, length: int, inner: bytes, entities: list[Entity]) -> None:
    """Append the entity for a closed tag, merging <pre><code class="language-x"> as Telegram does."""
    last: Entity = entities[-1] if entities else {}
    same_span = bool(last) and last["offset"] == offset and last["length"] == length
    if tag in SIMPLE_TAGS:
        entities.append({"type": SIMPLE_TAGS[tag], "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not (argument.isascii() and argument.isdigit()) or int(argument) == 0:
            raise MarkupError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": argument})
    elif tag == "a":
        url = argument or _name(inner)
        if url:
            entities.append({"type": "text_link", "offset": offset, "length": length, "url": url})
    elif tag == "pre":
        if same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        if same_span and last["type"] == "pre" and argument:
            last["language"] = argument
        else:
            entities.append({"type": "code", "offset": offset, "length": length, "language": argument})
    elif tag == "blockquote":
        kind = "expandable_blockquote" if argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
    # tg-time: accepted, shown as plain text here


def _parse_html(text: str) -> Parsed:
    t = text.encode("utf-8", "surrogatepass")
    out, entities, stack = bytearray(), list[Entity](), []
    u16, i, n, bad_surrogate = 0, 0, len(t), False
    while i < n:
        c = t[i]
        if c == 0x26:  # '&'
            code, after = _decode_entity(t, i)
            if code:
                u16 += 1 + (code > 0xFFFF)
                bad_surrogate |= 0xD800 <= code <= 0xDFFF
                out += _encode(code)
                i = after
                continue
        if c != 0x3C:  # not '<'
            if c & 0xC0 != 0x80:
                u16 += 1 + (c >= 0xF0)
            out.append(c)
            i += 1
            continue
        begin = i
        i += 1
        if at(t, i) != 0x2F:  # a start tag
            tag, argument, i = _start_tag(t, i, begin)
            stack.append((tag, argument, u16, len(out)))
        else:
            if not stack:
                raise MarkupError(f"Unexpected end tag at byte offset {begin}")
            while not is_space(at(t, i)) and at(t, i) != 0x3E:
                i += 1
            end_name = _name(t[begin + 2:i].lower())
            while is_space(at(t, i)) and at(t, i) != 0:
                i += 1
            if at(t, i) != 0x3E:
                raise MarkupError(f"Unclosed end tag at byte offset {begin}")
            tag, argument, offset, out_begin = stack.pop()
            if end_name and end_name != tag:
                raise MarkupError(f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", found "</{end_name}>"')
            if u16 > offset:
                _html_entity(tag, argument, offset, u16 - offset, bytes(out[out_begin:]), entities)
        i += 1
    if stack:
        raise MarkupError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
        elif entity["type"] == "pre" and not entity.get("language"):
            entity.pop("language", None)
    if bad_surrogate:
        raise MarkupError("Text contains invalid Unicode characters after decoding HTML entities, "
                          "check for unmatched surrogate code units")
    return out.decode("utf-8"), sort_entities(entities)


def parse_html(text: str) -> str:
    """Return the plain text of Telegram HTML, or raise MarkupError with Telegram's description."""
    return parse_html_entities(text)[0]


def parse_entities(text: str, parse_mode: str | None) -> Parsed:
    """Return (plain text, entities) for a parse_mode as the Bot API names it (case-insensitive)."""
    mode = (parse_mode or "").lower()
    if not text or mode in ("", "none"):
        return text, []
    if mode == "html":
        return parse_html_entities(text)
    if mode in ("markdown", "markdownv2"):
        raise MarkupError(HTML_ONLY.format(mode=parse_mode))
    raise MarkupError("Unsupported parse_mode")


def plain_text(text: str, parse_mode: str | None) -> str:
    """Return the plain text for None/""/"HTML" (case-insensitive)."""
    return parse_entities(text, parse_mode)[0]
