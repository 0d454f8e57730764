"""Case and accent folding for full-text terms, the same on both sides of a comparison.

`fold` decomposes (NFKD: `é` -> `e` + a combining accent, `ﬁ` -> `fi`, `²` -> `2`), drops the
combining marks and case-folds (`ß` -> `ss`). `words` splits folded text into runs of letters
and digits; everything else (spaces, punctuation, `_`) separates words, as SQLite FTS5's
unicode61 tokenizer with diacritics removed does.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    """Whether `needle`'s words appear consecutively in `haystack`: each the whole word,
    except the last, which may be the start of one (`spec` finds `specification`)."""
    if not needle:
        return False
    size = len(needle)
    *exact, last = needle
    for i in range(len(haystack) - size + 1):
        if list(haystack[i:i + size - 1]) == exact and haystack[i + size - 1].startswith(last):
            return True
    return False
