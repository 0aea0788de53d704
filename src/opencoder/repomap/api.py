"""build_repo_map: list files, refresh the index and the graph, rank, parse what will be shown, render."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from opencoder.repomap.cache import TagStore, default_cache_dir, prune_other_versions
from opencoder.repomap.files import list_source_files
from opencoder.repomap.graph import GraphStore, refresh_graph
from opencoder.repomap.index import Index, IndexStore
from opencoder.repomap.languages import language_for_path
from opencoder.repomap.query import analyse
from opencoder.repomap.ranking import Ranking, rank_files
from opencoder.repomap.relevance import DefinitionRelevance
from opencoder.repomap.render import (
    ALWAYS_NAMED_FILES,
    HEADER_WEIGHT,
    Item,
    definition_weight,
    estimate_tokens,
    file_base,
    fit,
    priority_items,
)
from opencoder.repomap.tags import Tag
from opencoder.repomap.workers import WorkerPool, parse_chunk

# Below this count parsing is cheaper in-process than starting workers.
_PARSE_IN_PROCESS_BELOW = 8


@dataclass
class BuildStats:
    files: int = 0  # mapped source files (after skips)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    lexed: int = 0  # files whose bytes changed and were re-indexed
    parsed: int = 0  # files parsed with tree-sitter in this build
    graph_rows: int = 0  # reference-graph rows (files) recomputed in this build
    pruned_tags: int = 0  # cached tags removed because no file has their content any more


@dataclass
class RepoMap:
    files: list[tuple[str, float]]  # files shown in the map, best first, with scores
    text: str
    tokens: int
    stats: BuildStats = field(default_factory=BuildStats, compare=False, repr=False)


class _Tags:
    """Definition tags of the files the map may show: from the tag store, else parsed."""

    def __init__(self, root: Path, index: Index, store: TagStore, pool: WorkerPool, stats: BuildStats) -> None:
        self.root, self.index, self.store, self.pool, self.stats = root, index, store, pool, stats
        self.known: dict[str, list[Tag]] = {}

    def ensure(self, paths: list[str]) -> None:
        missing = []
        for path in paths:
            if path in self.known:
                continue
            found = self.store.get(self.index.meta(path).digest, language_for_path(path) or "")
            if found is None:
                missing.append(path)
            else:
                self.known[path] = found
        missing.sort(key=lambda p: (-self.index.meta(p).size, p))
        for path, tags in self.pool.map_chunks(parse_chunk, str(self.root), missing, _PARSE_IN_PROCESS_BELOW):
            self.known[path] = tags
            self.store.put(self.index.meta(path).digest, language_for_path(path) or "", tags)
            self.stats.parsed += 1

    def of(self, path: str) -> list[Tag]:
        return self.known.get(path, [])

    def text(self, path: str) -> str:
        try:
            return (self.root / path).read_bytes().decode("utf-8", "replace")
        except OSError:
            return ""


def _weight_bounds(ranking: Ranking, index: Index, reference_count: Callable[[str], int]) -> Callable[[str], float]:
    """An upper bound on the weight of any item of a file not parsed yet, from the names
    the lexical pass guesses it defines and the task words it holds (tree-sitter rarely
    finds a definition the guess misses, and then it may be left out of a map that would
    have had room)."""
    holds: dict[str, float] = {}  # path -> summed weight of the task words it holds
    symbols = ranking.query_symbols

    def bound(path: str) -> float:
        if not holds:  # summed on first use: a map where everything fits never asks
            for term, weight in ranking.term_weights.items():
                for holder, _count in index.term_frequencies(term):
                    holds[holder] = holds.get(holder, 0.0) + weight
        relevance = min(1.0, holds.get(path, 0.0))
        best = HEADER_WEIGHT
        for name in index.defs(path):
            # as if top-level and public: the most that name can weigh
            named = symbols.get(name, 0.0)
            best = max(best, definition_weight(name.lstrip("_"), True, reference_count(name), named, relevance))
        return best

    return bound


def _fit_parsing_as_needed(
    ranking: Ranking,
    index: Index,
    known_counts: dict[str, int],
    tags: _Tags,
    budget: int,
    count_tokens: Callable[[str], int],
) -> tuple[list[Item], str, int]:
    """Parse the best files, then any file that could still place an item in the map,
    until every item of an unparsed file would rank below the first item that does not fit."""
    order = ranking.order
    file_order = {path: i for i, (path, _score) in enumerate(order)}
    frequency: dict[str, int] = dict(known_counts)

    def reference_count(name: str) -> int:
        found = frequency.get(name)
        if found is None:  # a name tree-sitter found but the lexical guess did not
            found = frequency[name] = index.document_frequency(name)
        return found

    bound = _weight_bounds(ranking, index, reference_count)
    relevance = DefinitionRelevance(ranking.term_weights)
    relevance_by_path: dict[str, dict[int, float]] = {}

    def relevance_of(path: str) -> dict[int, float]:
        found = relevance_by_path.get(path)
        if found is None:
            found = relevance_by_path[path] = relevance.of(tags.text(path), tags.of(path))
        return found

    # About one file per 200 tokens of budget is shown; start with fewer, add what may fit.
    # The files always named start in: no bound would bring them in later.
    chosen = {path for path, _ in order[: max(ALWAYS_NAMED_FILES, budget // 256)]}
    while True:
        tags.ensure([path for path, _ in order if path in chosen])
        items = priority_items(
            order, tags.of, reference_count, ranking.query_symbols, chosen.__contains__, relevance_of
        )
        count, text, tokens = fit(items, file_order, tags.of, budget, count_tokens)
        if len(chosen) == len(order):
            return items[:count], text, tokens
        if count == len(items):  # everything fits: take in the next files by rank
            chosen.update(path for path, _ in order[: 2 * len(chosen)])
            continue
        # Parse exactly the files that could still place an item before the first
        # item that did not fit; bases only fall with the rank, so stop at the cut.
        cut = items[count].priority
        wanted = set()
        for rank, (path, score) in enumerate(order):
            base = file_base(rank, score)
            if base < cut:
                break
            if path not in chosen and base * bound(path) >= cut:
                wanted.add(path)
        if not wanted:
            return items[:count], text, tokens
        chosen |= wanted


def build_repo_map(
    root: Path,
    *,
    focus: str = "",
    focus_files: Sequence[str] = (),
    tokens: int = 1024,
    count_tokens: Callable[[str], int] | None = None,
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> RepoMap:
    """A map of the code under `root` most relevant to `focus` (task text, error output)
    and `focus_files` (workspace-relative paths already in context), within `tokens`."""
    root = Path(root).resolve()
    counter = count_tokens or estimate_tokens
    directory = cache_dir if cache_dir is not None else default_cache_dir(root)
    stats = BuildStats()
    pool = WorkerPool(workers)
    try:
        paths = [p for p in list_source_files(root) if p != ".opencoder" and not p.startswith(".opencoder/")]
        store = IndexStore(directory)
        index, report = store.refresh(root, paths, pool)
        stats.files = len(index.paths)
        stats.skipped = dict(sorted(index.skipped.items()))
        stats.lexed = len(report.lexed)
        graphs = GraphStore(directory)
        graph, stats.graph_rows, changed = refresh_graph(graphs.load(), index, report)
        if changed:
            graphs.save(graph)
        query = analyse([focus] if focus else [], known=lambda name: index.document_frequency(name) > 0)
        wanted = [p[2:] if p.startswith("./") else p for p in (f.replace("\\", "/") for f in focus_files)]
        ranking = rank_files(index, query, [p for p in wanted if p in index.location], graph)
        tag_store = TagStore(directory)
        tags = _Tags(root, index, tag_store, pool, stats)
        items, text, used = _fit_parsing_as_needed(ranking, index, graph.reference_counts, tags, tokens, counter)
    finally:
        pool.close()
    if report.rebuilt_shards:  # only when something changed: a warm start stays cheap
        prune_other_versions(directory, {store.directory.name, graphs.path.name, tag_store.directory.name})
        stats.pruned_tags = tag_store.prune({index.meta(path).digest for path in index.paths})
    score_of = dict(ranking.order)
    shown = sorted({item.path for item in items}, key=lambda p: (-score_of[p], p))
    return RepoMap(files=[(p, score_of[p]) for p in shown], text=text, tokens=used, stats=stats)
