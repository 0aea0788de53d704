"""Localization quality of the repo map on SWE-bench Verified instances.

For each instance whose repository clone is given, extract the base commit, build the
map focused on the problem statement and score recall@1/5/10 of the files the gold
patch touches, beside BM25 over file contents and (optionally) Aider's ranking. A second
table counts the definitions the gold patch edits (the innermost function or class around
each changed line) and the share of them whose signature the map shows.

usage: python benchmarks/repomap_localization.py --instances ../shared/swebench/verified.jsonl \
           --clone psf/requests=/path/to/requests.git --clone sympy/sympy=/path/to/sympy.git \
           [--limit-per-repo N] [--limit sympy/sympy=25] \
           [--aider AIDER_VENV/bin/python] [--aider-repos psf/requests,...]
A clone may be a bare git dir or a work tree; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from opencoder.repomap import build_repo_map
from opencoder.repomap.files import list_source_files
from opencoder.repomap.languages import language_for_path
from opencoder.repomap.tags import extract_tags

KS = (1, 5, 10)


def gold_files(patch: str) -> list[str]:
    return sorted(set(re.findall(r"^diff --git a/(\S+) b/", patch, re.M)))


def extract(clone: str, commit: str, dest: Path) -> None:
    """Write the commit's files under dest. Blobs a partial clone lacks (large data files)
    are left out rather than failing the instance, as `git archive` would."""
    dest.mkdir(parents=True)
    git = ["git", f"--git-dir={_git_dir(clone)}"]
    listing = subprocess.run([*git, "ls-tree", "-r", "-z", commit], capture_output=True, check=True).stdout
    entries: list[tuple[bytes, bytes, str]] = []
    for record in filter(None, listing.split(b"\0")):
        meta, raw_path = record.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode, sha, raw_path.decode("utf-8", "surrogateescape")))
    batch = subprocess.Popen([*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert batch.stdin is not None and batch.stdout is not None
    try:
        for mode, sha, path in entries:
            batch.stdin.write(sha + b"\n")
            batch.stdin.flush()
            header = batch.stdout.readline().split()
            if header[-1] == b"missing":
                continue
            data = batch.stdout.read(int(header[2]))
            batch.stdout.read(1)
            target = dest / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if mode == b"120000":
                target.symlink_to(data.decode("utf-8", "surrogateescape"))
            else:
                target.write_bytes(data)
    finally:
        batch.stdin.close()
        batch.wait()


def _git_dir(clone: str) -> str:
    path = Path(clone)
    return str(path / ".git") if (path / ".git").exists() else str(path)


_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")


def edited_definitions(root: Path, patch: str) -> list[tuple[str, tuple[str, ...]]]:
    """(path, signature) of the innermost definition around each line the patch changes,
    read from the base commit's files; an added line counts for the line before it."""
    changed: dict[str, set[int]] = {}
    path, old = "", 0
    for line in patch.splitlines():
        if line.startswith("diff --git"):
            found = re.match(r"diff --git a/(\S+) b/", line)
            path = found.group(1) if found else ""
        elif hunk := _HUNK.match(line):
            old = int(hunk.group(1))
        elif not path or line.startswith(("---", "+++")):
            continue
        elif line.startswith("-"):
            changed.setdefault(path, set()).add(old)
            old += 1
        elif line.startswith("+"):
            changed.setdefault(path, set()).add(max(old - 1, 1))
        elif line.startswith(" "):
            old += 1
    edited = set()
    for path, lines in changed.items():
        language, source = language_for_path(path), root / path
        if not language or not source.is_file():
            continue
        tags = [t for t in extract_tags(language, source.read_bytes(), references=False) if t.signature]
        for number in lines:
            around = [t for t in tags if t.line <= number <= t.end_line]
            if around:
                edited.add((path, max(around, key=lambda t: t.line).signature))
    return sorted(edited)


def shown_in_map(text: str, path: str, signature: tuple[str, ...]) -> bool:
    current = ""
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith(("│", "⋮")):
            current = line[:-1]  # a file's header
        elif current == path and line == f"│{signature[0]}":
            return True
    return False


def bm25_rank(root: Path, text: str) -> list[str]:
    """The baseline: BM25 over words of .py files (no graph, no symbols)."""
    docs = {}
    for rel in list_source_files(root):
        if rel.endswith(".py"):
            words = re.findall(r"\w+", (root / rel).read_text("utf-8", "replace").lower())
            docs[rel] = Counter(words)
    query = Counter(re.findall(r"\w+", text.lower()))
    count = len(docs)
    average = sum(sum(d.values()) for d in docs.values()) / max(count, 1)
    df = Counter(w for d in docs.values() for w in query if w in d)
    scores = {}
    for rel, d in docs.items():
        length = sum(d.values())
        score = 0.0
        for word in query:
            tf = d.get(word, 0)
            if tf:
                idf = math.log(1 + (count - df[word] + 0.5) / (df[word] + 0.5))
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average))
        scores[rel] = score
    return [p for p, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]


def aider_rank(python: str, root: Path, text: str, work: Path) -> list[str]:
    task = work / "task.txt"
    task.write_text(text, "utf-8")
    files = work / "files.json"
    files.write_text(json.dumps(list_source_files(root)))
    runner = Path(__file__).with_name("aider_runner.py")
    proc = subprocess.run(
        [python, str(runner), "rank", str(root), str(task), str(files)], capture_output=True, text=True, timeout=1800
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])["ranked"]


def recall(ranked: list[str], gold: list[str], k: int) -> float:
    return len(set(ranked[:k]) & set(gold)) / len(gold)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", required=True)
    parser.add_argument("--clone", action="append", default=[], help="owner/name=PATH")
    parser.add_argument("--limit-per-repo", type=int, default=0)
    parser.add_argument("--limit", action="append", default=[], help="owner/name=N: first N of that repository")
    parser.add_argument("--tokens", type=int, default=4096)
    parser.add_argument("--aider", help="python of a virtualenv with aider-chat")
    parser.add_argument("--aider-repos", default="", help="comma-separated repos to run Aider on (default all)")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    clones = dict(item.split("=", 1) for item in args.clone)
    limits = {name: int(n) for name, n in (item.split("=", 1) for item in args.limit)}
    aider_repos = set(filter(None, args.aider_repos.split(",")))
    rows: dict[str, dict[str, list[list[float]]]] = {}
    taken: Counter[str] = Counter()
    definitions: dict[str, list[bool]] = {}  # per repository: each edited definition shown or not
    with tempfile.TemporaryDirectory(prefix="repomap-loc-") as tmp:
        for line in open(args.instances, encoding="utf-8"):
            inst = json.loads(line)
            repo = inst["repo"]
            limit = limits.get(repo, args.limit_per_repo)
            if repo not in clones or (limit and taken[repo] >= limit):
                continue
            taken[repo] += 1
            root = Path(tmp) / inst["instance_id"]
            extract(clones[repo], inst["base_commit"], root)
            gold = gold_files(inst["patch"])
            text = inst["problem_statement"]
            cache = Path(tmp) / "cache" / repo.replace("/", "+")  # shared per repo; content hashes keep it right
            start = time.perf_counter()
            built = build_repo_map(root, focus=text, tokens=args.tokens, cache_dir=cache)
            ours = [p for p, _ in built.files]
            seconds = time.perf_counter() - start
            for path, signature in edited_definitions(root, inst["patch"]):
                definitions.setdefault(repo, []).append(shown_in_map(built.text, path, signature))
            results = {"opencoder": ours, "bm25": bm25_rank(root, text)}
            if args.aider and (not aider_repos or repo in aider_repos):
                results["aider"] = aider_rank(args.aider, root, text, Path(tmp))
            for method, ranked in results.items():
                rows.setdefault(repo, {}).setdefault(method, []).append([recall(ranked, gold, k) for k in KS])
            if args.details:
                print(f"{inst['instance_id']:40s} {seconds:5.1f}s gold={gold} ours={ours[:5]}", file=sys.stderr)
            subprocess.run(["rm", "-rf", str(root)], check=True)
    print_table(rows)
    print()
    print_definitions(definitions)
    return 0


def print_definitions(definitions: dict[str, list[bool]]) -> None:
    print(f"| {'repository':22s} | {'edited definitions':>18s} | {'shown in the map':>16s} |")
    print(f"|{'-' * 24}|{'-' * 20}|{'-' * 18}|")
    everything = [shown for repo in sorted(definitions) for shown in definitions[repo]]
    for name, values in [*sorted(definitions.items()), ("overall", everything)]:
        print(f"| {name:22s} | {len(values):18d} | {sum(values) / max(len(values), 1):16.2f} |")


def print_table(rows: dict[str, dict[str, list[list[float]]]]) -> None:
    print(f"| {'repository':22s} | {'n':>3s} | {'method':9s} | {'R@1':>5s} | {'R@5':>5s} | {'R@10':>5s} |")
    print(f"|{'-' * 24}|{'-' * 5}|{'-' * 11}|{'-' * 7}|{'-' * 7}|{'-' * 8}|")
    overall: dict[str, list[list[float]]] = {}
    for repo in sorted(rows):
        for method in sorted(rows[repo]):
            values = rows[repo][method]
            overall.setdefault(method, []).extend(values)
            _row(repo, method, values)
    for method in sorted(overall):
        _row("overall", method, overall[method])


def _row(name: str, method: str, values: list[list[float]]) -> None:
    means = [sum(v[i] for v in values) / len(values) for i in range(len(KS))]
    print(f"| {name:22s} | {len(values):3d} | {method:9s} | " + " | ".join(f"{m:5.2f}" for m in means) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
