"""Rank files for a task: lexical relevance (BM25 over identifiers and their subwords,
BM25 over the words of the names each file defines, symbols the task names and the
files that define them, words of the path, files it mentions) seeds a personalised
PageRank over the graph of references to definitions. Priors lower tests, vendored
copies, side folders and the repository's minority languages.

Everything iterates in sorted or insertion order and ties break on the path, so the
ranking is the same in every process whatever the hash seed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from opencoder.repomap.graph import MAX_DEFINERS, ReferenceGraph, pagerank
from opencoder.repomap.index import Index
from opencoder.repomap.languages import language_for_path
from opencoder.repomap.lexical import TermSplitter
from opencoder.repomap.query import TaskQuery, mentioned_files

BM25_K1 = 1.2
BM25_B = 0.75
QUERY_EDGE_BOOST = 4.0
# Added to a file's task-free rank (as a share of the uniform rank 1/N) before dividing by it.
HUB_SMOOTHING = 0.2
# Only names shaped like code (CamelCase, snake_case) steer the walk: plain words the
# example merely calls (`symbols(...)`) are defined as methods in unrelated files.
QUERY_EDGE_MIN_WEIGHT = 1.0
# Weights of the lexical signals beside BM25 over content (tuned on SWE-bench Verified).
PATH_TERMS_WEIGHT = 0.3
DEFINES_SYMBOL_WEIGHT = 0.8
DEF_TERMS_WEIGHT = 0.6
MENTION_WEIGHT = 1.5
MENTIONS_FULL_WEIGHT = 3
# How much the graph adds on top of the direct lexical evidence (tuned on SWE-bench Verified).
GRAPH_WEIGHT = 0.35

_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|testing|spec|__tests__)/|(?:^|/)(?:test_[^/]*|[^/]*_test\.\w+|[^/]*\.(?:spec|test)\.\w+|conftest\.py)$"
)
_VENDORED_PATH = re.compile(
    r"(?:^|/)(?:vendor|vendored|third_party|thirdparty|external|externals|extern|cextern|_vendor)/"
    # a release number in the file name (jquery-3.5.1.js) marks a copied library
    r"|[-_]v?\d+\.\d+(?:\.\d+)*(?:[-.]\w+)?\.[a-z]+$"
)
_SIDE_PATH = re.compile(r"(?:^|/)(?:examples?|docs?|benchmarks?|bench|scripts?|tools)/")


# Files in a language the repository barely uses (a Python project's bundled JavaScript,
# a C library under a Python package) rarely hold the fix unless the task names one.
MINORITY_SHARE = 0.15
MINORITY_WEIGHT = 0.5
_FAMILY = {"typescript": "javascript", "tsx": "javascript", "cpp": "c"}


def _family(path: str) -> str:
    language = language_for_path(path) or ""
    return _FAMILY.get(language, language)


def language_weights(paths: list[str], hints: list[str]) -> dict[str, float]:
    """Weight per language family: lower for the repository's minority languages."""
    counts = Counter(_family(p) for p in paths)
    named = {_family(h) for h in hints}
    total = max(len(paths), 1)
    return {
        family: MINORITY_WEIGHT if n / total < MINORITY_SHARE and family not in named else 1.0
        for family, n in sorted(counts.items())
    }


@dataclass
class Ranking:
    order: list[tuple[str, float]]  # every mapped file, best first
    query_symbols: dict[str, float]
    # Each task word's weight times its rarity in the repository, the strongest at 1.
    term_weights: dict[str, float] = field(default_factory=dict)


def path_weight(path: str) -> float:
    """Prior for where fixes usually live: tests, vendored and side folders rank lower."""
    if _VENDORED_PATH.search(path):
        return 0.3
    if _TEST_PATH.search(path):
        return 0.3
    if _SIDE_PATH.search(path):
        return 0.6
    return 1.0


def _normalised(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values(), default=0.0)
    return {k: v / top for k, v in scores.items()} if top > 0 else {}


def _bm25(
    terms: dict[str, float],
    holders_of: Callable[[str], list[tuple[str, int]]],
    length_of: Callable[[str], int],
    count: int,
    average: float,
) -> dict[str, float]:
    """Okapi BM25 of every file holding a term: `holders_of(term)` gives (path, term count)."""
    scores: dict[str, float] = {}
    for term, weight in terms.items():
        holders = holders_of(term)
        if not holders:
            continue
        idf = math.log(1.0 + (count - len(holders) + 0.5) / (len(holders) + 0.5))
        for path, tf in holders:
            norm = BM25_K1 * (1.0 - BM25_B + BM25_B * length_of(path) / average)
            scores[path] = scores.get(path, 0.0) + weight * idf * tf * (BM25_K1 + 1.0) / (tf + norm)
    return scores


def _content_terms(index: Index, terms: dict[str, float]) -> dict[str, float]:
    """BM25 over the identifiers of each file and their subwords."""
    count = len(index.paths)
    average = (sum(index.length(p) for p in index.paths) / count) if count else 1.0
    return _bm25(terms, index.term_frequencies, index.length, count, average or 1.0)


def _path_terms(paths: list[str], terms: dict[str, float]) -> dict[str, float]:
    splitter = TermSplitter()
    holders: dict[str, list[str]] = {}
    for path in paths:
        parts = [part for part in re.split(r"[/.\-]", path.rsplit(".", 1)[0]) if part]
        words = {t for part in parts for t in splitter.terms(part)}
        # Two folders or a folder and a file in a row answer two words in a row of the task
        # ("LaTeX printing" -> printing/latex.py), in either order.
        for first, second in pairwise(part.lower() for part in parts):
            words.update((f"{first}_{second}", f"{second}_{first}"))
        for word in sorted(words & terms.keys()):
            holders.setdefault(word, []).append(path)
    scores: dict[str, float] = {}
    for word, found in holders.items():
        idf = math.log(1.0 + len(paths) / len(found))
        for path in found:
            scores[path] = scores.get(path, 0.0) + terms[word] * idf
    return scores


def _definition_terms(index: Index, terms: dict[str, float]) -> dict[str, float]:
    """BM25 over the words of the names each file defines: what a file is about, without
    the vocabulary it merely uses."""
    splitter = TermSplitter()
    matching: dict[str, tuple[str, ...]] = {}  # defined name -> its words the task uses
    postings: dict[str, list[tuple[str, int]]] = {}
    lengths: dict[str, int] = {}
    for path in index.paths:
        names = index.defs(path)
        lengths[path] = len(names)
        counts: dict[str, int] = {}
        for name in names:
            found = matching.get(name)
            if found is None:
                found = matching[name] = tuple(t for t in splitter.terms(name) if t in terms)
            for term in found:
                counts[term] = counts.get(term, 0) + 1
        for term, n in counts.items():
            postings.setdefault(term, []).append((path, n))
    count = len(index.paths)
    average = (sum(lengths.values()) / count) if count else 1.0
    return _bm25(terms, lambda term: postings.get(term, []), lengths.__getitem__, count, average or 1.0)


def _symbol_definitions(
    defined_by: dict[str, tuple[str, ...]], symbols: dict[str, float], count: int
) -> dict[str, float]:
    scores: dict[str, float] = {}
    for symbol, weight in symbols.items():
        paths = defined_by.get(symbol)
        if not paths:
            continue
        idf = math.log(1.0 + count / len(paths))
        for path in paths:
            scores[path] = scores.get(path, 0.0) + weight * idf / len(paths) ** 0.5
    return scores


def _query_edges(
    index: Index, position: dict[str, int], defined_by: dict[str, tuple[str, ...]], symbols: dict[str, float]
) -> list[list[tuple[int, float]]]:
    """Extra weight on references to what the task names, so the walk follows them."""
    extra: list[list[tuple[int, float]]] = [[] for _ in index.paths]
    for symbol, weight in symbols.items():
        targets = defined_by.get(symbol)
        if not targets or len(targets) > MAX_DEFINERS or weight < QUERY_EDGE_MIN_WEIGHT:
            continue
        for source, n in index.ident_postings(symbol):
            for target in targets:
                if target != source:
                    extra[position[source]].append((position[target], QUERY_EDGE_BOOST * math.sqrt(n) / len(targets)))
    return extra


def rank_files(index: Index, query: TaskQuery, focus_files: list[str], graph: ReferenceGraph) -> Ranking:
    paths = index.paths
    if not paths:
        return Ranking([], query.symbols)
    defined_by = graph.defined_by
    lexical = _normalised(_content_terms(index, query.terms))
    by_path = _normalised(_path_terms(paths, query.terms))
    by_definitions = _normalised(_definition_terms(index, query.terms))
    defining = _normalised(_symbol_definitions(defined_by, query.symbols, len(paths)))
    mentioned = mentioned_files(query.path_hints, paths)
    # Naming one or two files singles them out; a list of many (installed extensions,
    # a long traceback) says less about each.
    mention_weight = MENTION_WEIGHT / max(1.0, len(mentioned) / MENTIONS_FULL_WEIGHT)
    focused = set(focus_files)
    by_language = language_weights(paths, query.path_hints)
    weights = [path_weight(p) * by_language[_family(p)] for p in paths]

    seed: dict[str, float] = {}
    for path, prior in zip(paths, weights, strict=True):
        named = 2.0 if path in focused else 0.0
        named += mention_weight * mentioned.get(path, 0.0)
        score = (
            lexical.get(path, 0.0)
            + PATH_TERMS_WEIGHT * by_path.get(path, 0.0)
            + DEFINES_SYMBOL_WEIGHT * defining.get(path, 0.0)
            + DEF_TERMS_WEIGHT * by_definitions.get(path, 0.0)
        )
        score = score * prior + named
        if score > 0:
            seed[path] = score

    position = {p: i for i, p in enumerate(paths)}
    extra = _query_edges(index, position, defined_by, query.symbols)
    adjacency = [[(position[t], w) for t, w in graph.rows[p]] + extra[i] for i, p in enumerate(paths)]
    total = sum(seed.values())
    restart = [seed.get(p, 0.0) / total for p in paths] if total > 0 else [1.0 / len(paths)] * len(paths)
    personal = pagerank(adjacency, restart)
    # Rank relative to what the file gets with no task at all: hubs (printers, core
    # classes) collect rank from every walk and would otherwise crowd the top.
    smoothing = HUB_SMOOTHING / len(paths)
    lifted = [r / (b + smoothing) for r, b in zip(personal, graph.background, strict=True)]
    rank = _normalised(dict(zip(paths, lifted, strict=True)))
    direct = _normalised(seed)
    final = {
        p: direct.get(p, 0.0) + GRAPH_WEIGHT * rank.get(p, 0.0) * prior for p, prior in zip(paths, weights, strict=True)
    }
    order = sorted(((p, round(s, 9)) for p, s in final.items()), key=lambda item: (-item[1], item[0]))
    return Ranking(order, query.symbols, _term_weights(index, query.terms))


def _term_weights(index: Index, terms: dict[str, float]) -> dict[str, float]:
    count = len(index.paths)
    weighted = {}
    for term, weight in terms.items():
        holders = len(index.term_frequencies(term))
        if holders:
            weighted[term] = weight * math.log(1.0 + count / holders)
    return _normalised(weighted)
