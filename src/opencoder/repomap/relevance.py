"""Which definitions of a file the task is about: the task's words that each definition's
own lines use. A method's lines count for the method, not for its class, so a large
class does not outrank the one method that handles the reported case."""

from __future__ import annotations

from itertools import accumulate

from opencoder.repomap.lexical import IDENTIFIER, TermSplitter
from opencoder.repomap.tags import Tag


class DefinitionRelevance:
    """`term_weights`: each task word's weight, the strongest at 1 (`Ranking.term_weights`)."""

    def __init__(self, term_weights: dict[str, float]) -> None:
        self.term_weights = term_weights
        self._splitter = TermSplitter()
        self._task_words: dict[str, tuple[str, ...]] = {}  # identifier -> its task words

    def _words_of(self, identifier: str) -> tuple[str, ...]:
        found = self._task_words.get(identifier)
        if found is None:
            weights = self.term_weights
            found = self._task_words[identifier] = tuple(t for t in self._splitter.terms(identifier) if t in weights)
        return found

    def of(self, text: str, definitions: list[Tag]) -> dict[int, float]:
        """First line of each definition that uses task words -> the summed weight of the
        distinct task words on its own lines, at most 1."""
        if not self.term_weights:
            return {}
        lines = text.split("\n")
        count = len(lines)
        owner = [0] * (count + 2)  # 1-based row -> first line of the innermost definition
        for tag in sorted(definitions, key=lambda t: (t.line, -t.end_line)):
            if tag.kind != "def" or tag.line > count:
                continue
            last = min(tag.end_line, count)
            owner[tag.line : last + 1] = [tag.line] * (last + 1 - tag.line)
        # Most of a long file's names hold no task word: find the ones that do once, then
        # look for only those in each definition's rows.
        holding = {w for w in set(IDENTIFIER.findall(text)) if self._words_of(w)}
        used: dict[int, set[str]] = {}
        if not holding:
            return {}
        offsets = [0, *accumulate(len(line) + 1 for line in lines)]  # row r starts at offsets[r - 1]
        start = 1
        for row in range(2, count + 2):  # runs of rows with one owner
            if row <= count and owner[row] == owner[start]:
                continue
            if owner[start]:
                names = holding.intersection(IDENTIFIER.findall(text, offsets[start - 1], offsets[row - 1]))
                if names:
                    found = used.setdefault(owner[start], set())
                    for name in names:
                        found.update(self._words_of(name))
            start = row
        weights = self.term_weights
        # Summed in sorted order: a set's order follows the hash seed, and so would the sum's last bits.
        return {line: min(1.0, sum(weights[t] for t in sorted(words))) for line, words in used.items() if words}
