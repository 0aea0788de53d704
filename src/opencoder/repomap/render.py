"""Fit the ranked files and their definitions into a token budget.

Each file shows the signature lines of its most relevant definitions (and of the
classes or functions enclosing them); bodies are elided with "⋮". What is shown is
the longest prefix of a priority list (file score x definition weight) that fits,
found by binary search, so a larger budget only ever adds lines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from opencoder.repomap.tags import Tag

ELLIPSIS = "⋮"
BAR = "│"
HEADER_WEIGHT = 0.45
_SPACE_RUNS = re.compile(r"[ \t]{2,}")


def estimate_tokens(text: str) -> int:
    """Used when the caller has no tokenizer: BPE tokenizers average about 4 characters
    per token on English but nearer 3.2 on code (punctuation and identifiers split
    more), while runs of indentation merge into one token; so collapse space runs and
    divide by 3.2. This over-counts slightly, which keeps the map inside the budget."""
    return math.ceil(len(_SPACE_RUNS.sub(" ", text)) / 3.2)


@dataclass(frozen=True)
class Item:
    priority: float
    path: str
    tag: Tag | None  # None: the file's header line alone


# What lifts a definition in the map (tuned on the definitions SWE-bench Verified fixes edit):
TASK_WEIGHT = 0.5  # named by the task, or using its words on its own lines
USES_TASK_WORDS = 0.5  # using all the task's strongest words counts half as much as being named
WIDELY_USED_WEIGHT = 0.1  # referenced across the repository (also true of `all`, `copy`, `mean`)
# The best files are always named, even when the file before them fills the budget with
# its definitions: their paths alone already tell the model where to look.
ALWAYS_NAMED_FILES = 10
_ALWAYS = 1000.0


def definition_weight(name: str, top_level: bool, references: int, named: float, relevance: float) -> float:
    """0..1 for a definition named `name` that `references` files use: named in the task
    (`named`, 0..1), or using its words (`relevance`, 0..1), then used widely, then top-level."""
    used = math.log1p(references) / math.log1p(1000)
    task = max(named, USES_TASK_WORDS * relevance)
    weight = 0.15 + WIDELY_USED_WEIGHT * min(used, 1.0) + TASK_WEIGHT * task
    if top_level:
        weight += 0.1
    if name.startswith("_") and not name.startswith("__"):
        weight *= 0.7  # private helpers matter less to a reader of the map
    return min(weight, 1.0)


def file_base(rank: int, score: float) -> float:
    # The rank term keeps files in order even when scores tie or are all zero.
    return score + 1.0 / (rank + 2) ** 2


def priority_items(
    ranked: Sequence[tuple[str, float]],
    tags_of: Callable[[str], list[Tag]],
    reference_count: Callable[[str], int],
    query_symbols: dict[str, float],
    include: Callable[[str], bool] = lambda path: True,
    relevance_of: Callable[[str], dict[int, float]] = lambda path: {},
) -> list[Item]:
    """Items of the files of `ranked` (every file, best first) that `include` accepts.
    `relevance_of(path)` maps a definition's first line to how much it uses the task's words."""
    items = []
    for rank, (path, score) in enumerate(ranked):
        if not include(path):
            continue
        base = file_base(rank, score)
        # A file's path alone says little: it comes after its own better definitions.
        header = base * HEADER_WEIGHT + (_ALWAYS if rank < ALWAYS_NAMED_FILES else 0.0)
        items.append(Item(header, path, None))
        relevance = relevance_of(path)
        for tag in tags_of(path):
            if tag.kind == "def" and tag.signature:
                weight = definition_weight(
                    tag.name,
                    tag.parent_line == 0,
                    reference_count(tag.name),
                    query_symbols.get(tag.name, 0.0),
                    relevance.get(tag.line, 0.0),
                )
                items.append(Item(base * weight, path, tag))
    items.sort(key=lambda it: (-it.priority, it.path, it.tag.line if it.tag else 0))
    return items


def render(
    items: Sequence[Item],
    file_order: dict[str, int],
    tags_of: Callable[[str], list[Tag]],
    definitions: dict[str, dict[int, Tag]] | None = None,
) -> str:
    """`definitions` memoises each file's definitions by line across calls."""
    chosen: dict[str, dict[int, Tag]] = {}
    definitions = {} if definitions is None else definitions
    for item in items:
        lines = chosen.setdefault(item.path, {})
        if item.tag is None:
            continue
        by_line = definitions.get(item.path)
        if by_line is None:
            by_line = definitions[item.path] = {t.line: t for t in tags_of(item.path) if t.kind == "def"}
        tag: Tag | None = item.tag
        while tag is not None:  # show enclosing definitions so nesting stays readable
            lines[tag.line] = tag
            # Parents start on earlier lines; a parent on the same line would loop.
            parent = tag.parent_line
            tag = by_line.get(parent) if 0 < parent < tag.line else None
    out: list[str] = []
    for path in sorted(chosen, key=lambda p: file_order[p]):
        out.append(f"{path}:")
        previous_end = 0
        for line in sorted(chosen[path]):
            tag = chosen[path][line]
            if line > previous_end + 1:
                out.append(ELLIPSIS)
            out.extend(f"{BAR}{text}" for text in tag.signature)
            previous_end = line + len(tag.signature) - 1
        if chosen[path]:
            out.append(ELLIPSIS)
        out.append("")
    return "\n".join(out)


def fit(
    items: Sequence[Item],
    file_order: dict[str, int],
    tags_of: Callable[[str], list[Tag]],
    budget: int,
    count_tokens: Callable[[str], int],
) -> tuple[int, str, int]:
    """(how many items fit, rendered text, its token count) for the longest prefix in budget."""
    low, high = 0, len(items)
    best = (0, "", 0)
    definitions: dict[str, dict[int, Tag]] = {}
    while low <= high:
        middle = (low + high) // 2
        text = render(items[:middle], file_order, tags_of, definitions)
        tokens = count_tokens(text) if text else 0
        if tokens <= budget:
            best = (middle, text, tokens)
            low = middle + 1
        else:
            high = middle - 1
    return best
