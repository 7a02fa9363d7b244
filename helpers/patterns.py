"""Regular expressions built from word lists, shared by the stages that scan text for lexicon entries."""

import re
from collections.abc import Iterable


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` as written, factored as a character trie (fast to scan; longest
    match first): a space matches any whitespace and a * the rest of the word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else r"[\w-]*" if ch == "*" else re.escape(ch)) + emit(child)
                for ch, child in sorted(node.items(), key=lambda kv: kv[0] == "*") if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)
