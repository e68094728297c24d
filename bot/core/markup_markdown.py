"""Telegram's legacy Markdown and MarkdownV2 parsers, ported from TDLib with the same error wording.

Both return (plain text, Bot API entities) or raise MarkupError("Can't parse entities: ...").
"""

from __future__ import annotations

from bot.core.markup_base import PREFIX, MarkupError, Parsed, at, is_space, sort_entities, utf16_step

TYPE_NAMES = {"bold": "Bold", "italic": "Italic", "underline": "Underline", "strikethrough": "Strikethrough",
              "spoiler": "Spoiler", "code": "Code", "pre": "Pre", "pre_code": "PreCode", "text_link": "TextUrl",
              "custom_emoji": "CustomEmoji", "blockquote": "BlockQuote"}
V2_RESERVED = b"_*[]()~`>#+-=|{}.!\n"


def _skip_pre_header(t: bytes, i: int) -> tuple[int, str]:
    """After an opening ```: read an optional language and skip one leading newline."""
    language = ""
    end = i
    while not is_space(at(t, end)) and at(t, end) != 0x60:
        end += 1
    if i != end and end < len(t) and at(t, end) != 0x60:
        language = t[i:end].decode("utf-8", "replace")
        i = end
    if at(t, i) in (0x0A, 0x0D):
        if at(t, i + 1) in (0x0A, 0x0D) and at(t, i) != at(t, i + 1):
            i += 2
        else:
            i += 1
    return i, language


def _entity(kind: str, offset: int, length: int, argument: str = "") -> dict:
    entity = {"type": kind, "offset": offset, "length": length}
    if kind == "pre_code":
        entity.update(type="pre", language=argument)
    elif kind == "text_link":
        entity["url"] = argument
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = argument
    return entity


def parse_markdown_entities(text: str) -> Parsed:
    """Parse legacy Markdown (*bold*, _italic_, `code`, ```pre```, [text](url))."""
    t = text.encode("utf-8", "surrogatepass")
    n, out, entities, u16, i = len(t), bytearray(), [], 0, 0
    while i < n:
        c = t[i]
        if c == 0x5C and at(t, i + 1) in b"_*`[":
            out.append(t[i + 1])
            u16 += 1
            i += 2
            continue
        if c not in b"_*`[":
            u16 += utf16_step(c)
            out.append(c)
            i += 1
            continue
        begin = i
        end_char = 0x5D if c == 0x5B else c
        is_pre, language = False, ""
        i += 1
        if c == 0x60 and at(t, i) == 0x60 and at(t, i + 1) == 0x60:
            is_pre = True
            i, language = _skip_pre_header(t, i + 2)
        offset = u16
        while i < n and (t[i] != end_char or is_pre and not (at(t, i + 1) == 0x60 and at(t, i + 2) == 0x60)):
            u16 += utf16_step(t[i])
            out.append(t[i])
            i += 1
        if i == n:
            raise MarkupError(f"{PREFIX}Can't find end of the entity starting at byte offset {begin}")
        if u16 != offset:
            if c == 0x5B:
                if at(t, i + 1) != 0x28:
                    url = t[begin + 1:i]
                else:
                    i += 2
                    url_begin = i
                    while i < n and t[i] != 0x29:
                        i += 1
                    url = t[url_begin:i]
                if url:
                    entities.append(_entity("text_link", offset, u16 - offset, url.decode("utf-8", "replace")))
            else:
                if is_pre:
                    kind = "pre_code" if language else "pre"
                else:
                    kind = {0x5F: "italic", 0x2A: "bold", 0x60: "code"}[c]
                entities.append(_entity(kind, offset, u16 - offset, language))
        if is_pre:
            i += 2
        i += 1
    return out.decode("utf-8", "surrogatepass"), sort_entities(entities)


def _reserved(char: int) -> MarkupError:
    return MarkupError(f"{PREFIX}Character '{chr(char)}' is reserved and must be escaped with the preceding '\\'")


def _unclosed(top: list) -> MarkupError:
    return MarkupError(f"{PREFIX}Can't find end of {TYPE_NAMES[top[0]]} entity at byte offset {top[3]}")


def _is_end(t: bytes, i: int, kind: str) -> bool:
    c, nxt = t[i], at(t, i + 1)
    return {
        "bold": c == 0x2A, "italic": c == 0x5F and nxt != 0x5F, "code": c == 0x60,
        "pre": c == 0x60 and nxt == 0x60 and at(t, i + 2) == 0x60,
        "pre_code": c == 0x60 and nxt == 0x60 and at(t, i + 2) == 0x60,
        "text_link": c == 0x5D, "custom_emoji": c == 0x5D, "underline": c == 0x5F and nxt == 0x5F,
        "strikethrough": c == 0x7E, "spoiler": c == 0x7C and nxt == 0x7C, "blockquote": False,
    }[kind]


def _read_url(t: bytes, i: int) -> tuple[str, int]:
    """Read a (url) whose '(' is at t[i - 1]; return (url, index of ')')."""
    url, begin = bytearray(), i
    while i < len(t) and t[i] != 0x29:
        if t[i] == 0x5C and 0 < at(t, i + 1) <= 126:
            url.append(t[i + 1])
            i += 2
            continue
        url.append(t[i])
        i += 1
    if at(t, i) != 0x29:
        raise MarkupError(f"{PREFIX}Can't find end of a URL at byte offset {begin}")
    return url.decode("utf-8", "replace"), i


def parse_markdown_v2_entities(text: str) -> Parsed:
    """Parse MarkdownV2, where every reserved character outside an entity must be escaped."""
    t = text.encode("utf-8", "surrogatepass")
    n, out, entities, stack = len(t), bytearray(), [], []  # stack items: [kind, argument, u16, byte, out_pos]
    u16, have_quote, can_quote, i = 0, False, True, -1
    while True:
        i += 1
        if i >= n:
            break
        c = t[i]
        if c == 0x5C and 0 < at(t, i + 1) <= 126:
            i += 1
            u16 += 1
            out.append(t[i])
            if t[i] != 0x0D:
                can_quote = t[i] == 0x0A
            continue
        reserved = b"`" if stack and stack[-1][0] in ("code", "pre", "pre_code") else V2_RESERVED
        if c not in reserved:
            if c & 0xC0 != 0x80:
                u16 += utf16_step(c)
                if c != 0x0D:
                    can_quote = False
            out.append(c)
            continue
        ending = bool(stack) and (have_quote and c == 0x0A and (i + 1 == n or t[i + 1] != 0x3E)
                                  or _is_end(t, i, stack[-1][0]))
        if not ending:
            kind, argument, byte = None, "", i
            if c == 0x5F:
                kind = "italic"
                if at(t, i + 1) == 0x5F:
                    kind, i = "underline", i + 1
            elif c in (0x2A, 0x7E, 0x5B):
                kind = {0x2A: "bold", 0x7E: "strikethrough", 0x5B: "text_link"}[c]
            elif c == 0x7C:
                if at(t, i + 1) != 0x7C:
                    raise _reserved(c)
                kind, i = "spoiler", i + 1
            elif c == 0x60:
                if at(t, i + 1) == 0x60 and at(t, i + 2) == 0x60:
                    i, argument = _skip_pre_header(t, i + 3)
                    kind, i = "pre_code" if argument else "pre", i - 1
                else:
                    kind = "code"
            elif c == 0x21:
                if at(t, i + 1) != 0x5B:
                    raise _reserved(c)
                kind, i = "custom_emoji", i + 1
            elif c == 0x0A:
                u16 += 1
                out.append(c)
                can_quote = True
                continue
            elif c == 0x3E and can_quote:
                if have_quote:
                    continue
                kind, have_quote = "blockquote", True
            else:
                raise _reserved(c)
            stack.append([kind, argument, u16, byte, len(out)])
            continue
        kind = stack[-1][0]
        if c == 0x0A and kind != "blockquote":
            top = stack[-1]
            closes_spoiler = kind == "spoiler" and (top[3] == i - 2 or top[3] == i - 3 and out and out[-1] == 0x0D)
            if not closes_spoiler:
                raise _unclosed(top)
            stack.pop()
            if stack[-1][0] != "blockquote":
                raise _unclosed(stack[-1])
            kind = "expandable_blockquote"
        argument = stack[-1][1]
        skip = u16 == stack[-1][2]
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "pre_code"):
            i += 2
        elif kind == "text_link":
            if at(t, i + 1) != 0x28:
                argument = out[stack[-1][4]:].decode("utf-8", "replace")
            else:
                argument, i = _read_url(t, i + 2)
            skip = skip or not argument
        elif kind == "custom_emoji":
            if at(t, i + 1) != 0x28:
                raise MarkupError(f"{PREFIX}The entity must contain a tg://emoji or tg://time URL")
            url, i = _read_url(t, i + 2)
            if url.startswith("tg://emoji?id=") and url[14:].isdigit():
                argument = url[14:]
            elif url.startswith("tg://time?"):
                skip = True
            else:
                raise MarkupError(f"{PREFIX}Invalid tg://emoji or tg://time URL specified")
        elif kind in ("blockquote", "expandable_blockquote"):
            have_quote, can_quote, skip = False, True, False
            out.append(c)
            u16 += 1
        if not skip:
            entities.append(_entity(kind, stack[-1][2], u16 - stack[-1][2], argument))
        stack.pop()
    if have_quote:
        kind = "blockquote"
        if stack[-1][0] == "spoiler" and stack[-1][3] == n - 2:
            stack.pop()
            kind = "expandable_blockquote"
        if stack[-1][0] == "blockquote":
            if u16 != stack[-1][2]:
                entities.append(_entity(kind, stack[-1][2], u16 - stack[-1][2]))
            stack.pop()
    if stack:
        raise _unclosed(stack[-1])
    return out.decode("utf-8", "surrogatepass"), sort_entities(entities)
