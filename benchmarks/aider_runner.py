"""Runs Aider's RepoMap for the repomap benchmarks. Executed by the python of a separate
virtualenv that has aider-chat installed (never opencoder's own environment).

usage: aider_runner.py speed ROOT TOKENS TASK_FILE FILES_JSON
       aider_runner.py rank ROOT TASK_FILE FILES_JSON
Prints one JSON line.
"""

import json
import os
import re
import resource
import sys
import time


def _mentions(text, rel_files):
    # What aider's Coder passes: every word of the message, and files named in it.
    idents = set(re.split(r"\W+", text)) - {""}
    fnames = {f for f in rel_files if f in text or os.path.basename(f) in text}
    return idents, fnames


def main():
    mode, root = sys.argv[1], sys.argv[2]
    from aider.io import InputOutput
    from aider.models import Model
    from aider.repomap import RepoMap

    if mode == "speed":
        tokens, task_file, files_json = int(sys.argv[3]), sys.argv[4], sys.argv[5]
    else:
        tokens, task_file, files_json = 4096, sys.argv[3], sys.argv[4]
    text = open(task_file, encoding="utf-8").read()
    rel_files = json.load(open(files_json))
    abs_files = [os.path.join(root, f) for f in rel_files]
    idents, fnames = _mentions(text, rel_files)
    repo_map = RepoMap(map_tokens=tokens, root=root, main_model=Model("gpt-4o"), io=InputOutput(yes=True))
    start = time.perf_counter()
    result: dict[str, object]
    if mode == "speed":
        out = repo_map.get_repo_map(
            [],
            abs_files,
            mentioned_fnames={os.path.join(root, f) for f in fnames},
            mentioned_idents=idents,
            force_refresh=True,
        )
        result = {"seconds": time.perf_counter() - start, "map_chars": len(out or "")}
    else:
        tags = repo_map.get_ranked_tags([], abs_files, {os.path.join(root, f) for f in fnames}, idents)
        order = []
        for tag in tags:
            rel = tag[0] if isinstance(tag, tuple) and len(tag) == 1 else tag.rel_fname
            if rel not in order:
                order.append(rel)
        result = {"seconds": time.perf_counter() - start, "ranked": order[:50]}
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
