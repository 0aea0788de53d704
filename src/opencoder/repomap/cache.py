"""Where the repo map keeps its caches, and the cache of tree-sitter tags.

Tags are stored per content hash and language, so a file's tags stay valid for as
long as its bytes do, whatever its path or mtime, and each is written once. Tags of
contents no file has any more are removed when the index changes, so a long session
of edits does not grow the cache without bound.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from opencoder.repomap.index import PY_TAG, read_or_none, write_atomically
from opencoder.repomap.tags import Tag

# Bump when the tags queries or the Tag layout change.
TAGS_FORMAT = 2


def default_cache_dir(root: Path) -> Path:
    return root / ".opencoder" / "cache" / "repomap"


def prune_other_versions(directory: Path, keep: set[str]) -> None:
    """Remove caches an older (or newer) layout left in `directory`; `keep` names ours."""
    try:
        entries = list(directory.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name in keep or entry.name.endswith(".tmp"):
            continue  # a .tmp may be another process's write in progress
        if entry.name.startswith(("index-v", "graph-v", "shards-v", "tags-v")):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


class TagStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory / f"tags-v{TAGS_FORMAT}-{PY_TAG}"

    def _path(self, digest: str, language: str) -> Path:
        return self.directory / digest[:2] / f"{digest[2:]}-{language}.pickle"

    def get(self, digest: str, language: str) -> list[Tag] | None:
        data = read_or_none(self._path(digest, language))
        if data is None:
            return None
        try:
            rows = pickle.loads(data)
            return [Tag(*row) for row in rows]
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return None

    def prune(self, live: set[str]) -> int:
        """Remove the tags of contents not in `live` (content hashes); returns how many."""
        removed = 0
        try:
            buckets = list(self.directory.iterdir())
        except OSError:
            return 0
        for bucket in buckets:
            try:
                entries = list(bucket.iterdir())
            except OSError:
                continue
            for entry in entries:
                digest = bucket.name + entry.name.split("-", 1)[0]
                if entry.suffix == ".pickle" and digest not in live:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed

    def put(self, digest: str, language: str, tags: list[Tag]) -> None:
        rows = [tuple(tag) for tag in tags]
        write_atomically(self._path(digest, language), pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
