"""The lexical index of one shard of the workspace's files, in a compact form.

Files are spread over a fixed number of shards by a hash of their path. A shard holds,
for its files, identifier postings (name -> files and counts) and term postings (a
lowercase name or one of its subwords -> files and counts) as flat `array`s beside a
sorted vocabulary. Loading a shard is a handful of large byte strings, so a warm start
costs milliseconds; changing one file rebuilds one shard, not the whole index; and a
worker process hands its shard back as one byte string rather than as thousands of
small Python objects, which would cost more to pickle than to compute.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from itertools import accumulate
from typing import NamedTuple

from opencoder.repomap.lexical import TermSplitter, lex_bytes

NUM_SHARDS = 16
# Bump when the layout, the lexical rules or the term splitting change.
FORMAT = 10


class FileMeta(NamedTuple):
    path: str
    size: int
    mtime_ns: int
    digest: str
    skip: str  # why the file is left out of the map, "" if it is mapped


def shard_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % NUM_SHARDS


def _ints(data: bytes = b"") -> array[int]:
    values = array("I")
    values.frombytes(data)
    return values


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


class Shard:
    def __init__(
        self,
        files: list[FileMeta],
        defs: list[tuple[str, ...]],
        lengths: array[int],
        vocab: list[str],
        postings: tuple[array[int], array[int], array[int]],
        terms: list[str],
        term_index: tuple[array[int], array[int]],
    ) -> None:
        self.files = files  # sorted by path
        self.defs = defs  # per file: names it defines (regex guess), sorted
        self.lengths = lengths  # per file: number of identifier occurrences (BM25 length)
        self.vocab = vocab  # sorted identifiers
        self.postings = postings  # (offsets by vocab index, file index, count)
        # Sorted search terms (lowercase identifiers and their subwords) of the identifiers
        # that are not plain lowercase words; a plain word is its own only term.
        self.terms = terms
        self.term_index = term_index  # (offsets by term index, vocab index)

    @classmethod
    def build(
        cls, files: list[FileMeta], forward: list[dict[str, int]], defs: list[tuple[str, ...]], splitter: TermSplitter
    ) -> Shard:
        """From per-file identifier counts (aligned with `files`). The per-entry work is
        done by C loops (set union, map, a keyed stable sort) rather than Python ones."""
        vocab = sorted(set().union(*forward))
        number_of = dict(zip(vocab, range(len(vocab)), strict=True))
        ids: list[int] = []
        owners_unsorted: list[int] = []
        tallies_unsorted: list[int] = []
        for number, counts in enumerate(forward):
            ids.extend(map(number_of.__getitem__, counts))
            tallies_unsorted.extend(counts.values())
            owners_unsorted.extend([number] * len(counts))
        # Stable: within one identifier, files stay in ascending order.
        order = sorted(range(len(ids)), key=ids.__getitem__)
        owners = array("I", [owners_unsorted[k] for k in order])
        tallies = array("I", [tallies_unsorted[k] for k in order])
        per_name = Counter(ids)
        offsets = array("I", accumulate((per_name[i] for i in range(len(vocab))), initial=0))
        # Search terms map to the identifiers they occur in; term frequencies are summed
        # at query time, for the few terms a task has.
        by_term: dict[str, list[int]] = {}
        for i, name in enumerate(vocab):
            if "_" not in name and name.islower():
                continue  # its only term is itself: found in the vocabulary directly
            for term in splitter.terms(name):
                if len(term) > 1:
                    found = by_term.get(term)
                    if found is None:
                        by_term[term] = [i]
                    else:
                        found.append(i)
        terms = sorted(by_term)
        term_offsets = array("I", accumulate((len(by_term[t]) for t in terms), initial=0))
        term_idents = array("I", [i for t in terms for i in by_term[t]])
        lengths = array("I", [sum(counts.values()) for counts in forward])
        return cls(files, defs, lengths, vocab, (offsets, owners, tallies), terms, (term_offsets, term_idents))

    def forward(self) -> list[dict[str, int]]:
        """Per-file identifier counts, recovered from the postings."""
        out: list[dict[str, int]] = [{} for _ in self.files]
        offsets, owners, tallies = self.postings
        for i, name in enumerate(self.vocab):
            for k in range(offsets[i], offsets[i + 1]):
                out[owners[k]][name] = tallies[k]
        return out

    @staticmethod
    def _position(keys: list[str], key: str) -> int:
        i = bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    def ident_postings(self, name: str) -> tuple[array[int], array[int]]:
        """(local file numbers, counts) of the files that mention `name`."""
        i = self._position(self.vocab, name)
        if i < 0:
            return _EMPTY, _EMPTY
        offsets, owners, tallies = self.postings
        return owners[offsets[i] : offsets[i + 1]], tallies[offsets[i] : offsets[i + 1]]

    def document_frequency(self, name: str) -> int:
        i = self._position(self.vocab, name)
        return 0 if i < 0 else self.postings[0][i + 1] - self.postings[0][i]

    def term_frequencies(self, term: str) -> dict[int, int]:
        """local file number -> occurrences of identifiers that contain `term`."""
        t = self._position(self.terms, term)
        term_offsets, term_idents = self.term_index
        idents = list(term_idents[term_offsets[t] : term_offsets[t + 1]]) if t >= 0 else []
        itself = self._position(self.vocab, term)
        if itself >= 0 and "_" not in term and term.islower():
            idents.append(itself)
        offsets, owners, tallies = self.postings
        found: dict[int, int] = {}
        for i in idents:
            for k in range(offsets[i], offsets[i + 1]):
                owner = owners[k]
                found[owner] = found.get(owner, 0) + tallies[k]
        return found

    def to_bytes(self) -> bytes:
        offsets, owners, tallies = self.postings
        term_offsets, term_idents = self.term_index
        row = (
            FORMAT,
            [tuple(meta) for meta in self.files],
            ["\n".join(names) for names in self.defs],
            self.lengths.tobytes(),
            "\n".join(self.vocab),
            offsets.tobytes(),
            owners.tobytes(),
            tallies.tobytes(),
            "\n".join(self.terms),
            term_offsets.tobytes(),
            term_idents.tobytes(),
        )
        return pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> Shard | None:
        try:
            row = pickle.loads(data)
            if not isinstance(row, tuple) or len(row) != 11 or row[0] != FORMAT:
                return None
            _, metas, defs, lengths, vocab, offs, owners, tallies, terms, toffs, tidents = row
            return cls(
                [FileMeta(*meta) for meta in metas],
                [tuple(_lines(names)) for names in defs],
                _ints(lengths),
                _lines(vocab),
                (_ints(offs), _ints(owners), _ints(tallies)),
                _lines(terms),
                (_ints(toffs), _ints(tidents)),
            )
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError):
            return None


_EMPTY = _ints()
EMPTY_SHARD = Shard([], [], _ints(), [], (array("I", [0]), _ints(), _ints()), [], (array("I", [0]), _ints()))
_splitter = TermSplitter()  # per process: workers memoise the splitting across shards


def refresh_shard(
    root: str, listing: list[tuple[str, int, int]], old_blob: bytes | None
) -> tuple[bytes, list[str], list[str] | None]:
    """Rebuild a shard for `listing` (path, size, mtime_ns), reusing what `old_blob` knows
    about files whose stat or, failing that, content hash is unchanged.
    Returns the new shard's bytes, the paths whose content was (re)lexed, and the
    identifiers of changed or removed files, old and new (None without an old shard)."""
    old = Shard.from_bytes(old_blob) if old_blob else None
    old_files = {meta.path: i for i, meta in enumerate(old.files)} if old else {}
    old_forward: list[dict[str, int]] | None = None
    files: list[FileMeta] = []
    forward: list[dict[str, int]] = []
    defs: list[tuple[str, ...]] = []
    lexed: list[str] = []
    touched: set[str] = set()
    for path, size, mtime_ns in listing:
        number = old_files.get(path)
        previous = old.files[number] if old is not None and number is not None else None
        data: bytes | None = None
        if previous is None or (previous.size, previous.mtime_ns) != (size, mtime_ns):
            try:
                with open(os.path.join(root, path), "rb") as fh:
                    data = fh.read()
            except OSError:
                files.append(FileMeta(path, size, mtime_ns, "", "unreadable"))
                forward.append({})
                defs.append(())
                continue
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            if previous is None or previous.digest != digest:
                skip, counts, names = lex_bytes(path, data)
                touched.update(counts)
                if old is not None and number is not None:
                    if old_forward is None:
                        old_forward = old.forward()
                    touched.update(old_forward[number])
                files.append(FileMeta(path, size, mtime_ns, digest, skip))
                forward.append(counts)
                defs.append(tuple(names))
                lexed.append(path)
                continue
        assert old is not None and previous is not None and number is not None
        if old_forward is None:
            old_forward = old.forward()
        files.append(FileMeta(path, size, mtime_ns, previous.digest, previous.skip))
        forward.append(old_forward[number])
        defs.append(old.defs[number])
    if old is None:
        return Shard.build(files, forward, defs, _splitter).to_bytes(), lexed, None
    if not lexed and [m.path for m in files] == [m.path for m in old.files]:
        # Only stat data changed (a touch, a checkout of identical bytes): keep the postings.
        old.files = files
        return old.to_bytes(), lexed, []
    kept = {meta.path for meta in files}
    for number, meta in enumerate(old.files):
        if meta.path not in kept:
            if old_forward is None:
                old_forward = old.forward()
            touched.update(old_forward[number])
    return Shard.build(files, forward, defs, _splitter).to_bytes(), lexed, sorted(touched)
