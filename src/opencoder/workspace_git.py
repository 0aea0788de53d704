"""The workspace as git sees it: opencoder's state folder, the repository root, and the
snapshot a run starts from."""

from __future__ import annotations

import subprocess
from pathlib import Path

from opencoder.errors import UserError


def ensure_state_dir(workspace: Path) -> Path:
    """`.opencoder/` in the repo, ignoring itself so runs never show up in `git status` or in checkpoints."""
    state = workspace / ".opencoder"
    state.mkdir(exist_ok=True)
    ignore = state / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# opencoder's run state: trajectories, caches, sessions\n*\n")
    return state


def git_root(workspace: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=workspace, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def refuse_git_internals(workspace: Path) -> None:
    """A bare repository (or a .git folder) has no working tree to edit: say so plainly."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--is-bare-repository", "--is-inside-git-dir"],
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return
    if out.returncode == 0 and "true" in out.stdout.split():
        raise UserError(
            f"{workspace} is a bare git repository (or inside .git): it has no working tree to edit; "
            f"clone it (git clone {workspace} work) and run opencoder in the clone"
        )


def start_snapshot(workspace: Path, run_id: str) -> str | None:
    """A commit holding the tree as the run found it (tracked files), for replay."""
    try:
        dirty = subprocess.run(
            ["git", "stash", "create"], cwd=workspace, capture_output=True, text=True, timeout=30
        ).stdout.strip()
        sha = (
            dirty
            or subprocess.run(
                ["git", "rev-parse", "--verify", "-q", "HEAD"],
                cwd=workspace,
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        )
        if dirty:
            # Keep the snapshot reachable so gc cannot drop it before a replay.
            subprocess.run(
                ["git", "update-ref", f"refs/opencoder/runs/{run_id}", dirty],
                cwd=workspace,
                capture_output=True,
                timeout=10,
            )
        return sha or None
    except (OSError, subprocess.SubprocessError):
        return None
