"""What a session sets up before the first step: the tools that fit the model's window,
checkpoints, and the repo map for the task."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from opencoder import events as ev
from opencoder.config import Config
from opencoder.context import estimate_tokens
from opencoder.events import EventBus

# Tool sets for small windows, largest first: schemas of every bundle cost ~2k tokens.
SMALL_WINDOW_TOOLS = (
    ("shell", "read_file", "str_replace", "write_file", "run_tests", "submit"),
    ("shell", "read_file", "write_file", "submit"),
)


def fit_tools_to_window(tools: list[Any], window: int | None, *, explicit: bool, bus: EventBus) -> list[Any]:
    """Offer fewer tools when their schemas would eat a small window (unless the user chose the tools)."""
    if explicit or not window:
        return tools

    def cost(specs: list[Any]) -> int:
        return estimate_tokens(json.dumps([t.schema() for t in specs]))

    if cost(tools) <= window // 8:
        return tools
    for names in SMALL_WINDOW_TOOLS:
        chosen = [t for t in tools if t.name in names]
        if cost(chosen) <= window // 4 or names is SMALL_WINDOW_TOOLS[-1]:
            bus.emit(
                ev.NOTICE,
                0,
                kind="tools",
                message=f"{window}-token window: offering only {', '.join(t.name for t in chosen)}",
                tools=[t.name for t in chosen],
            )
            return chosen
    return tools


def checkpoints_for(workspace: Path, repo: Path | None, run_id: str, config: Config) -> Any:
    if repo is None:
        return None
    from opencoder.checkpoints import Checkpoints

    checkpoints = Checkpoints(workspace, run_id, mode=config.agent.checkpoint_mode, branch=config.agent.branch)
    return checkpoints if checkpoints.is_git else None


def initial_map(workspace: Path, task: str, config: Config, model: Any, bus: EventBus) -> str:
    if config.agent.map_tokens <= 0:
        return ""
    started = time.monotonic()
    try:
        from opencoder.repomap import build_repo_map

        counter = getattr(model, "count_tokens", None)
        tokens = config.agent.map_tokens
        window = getattr(model, "context_window", None)
        if window:
            tokens = min(tokens, window // 4)  # the map must leave room for the work
        repo_map = build_repo_map(workspace, focus=task, tokens=tokens, count_tokens=counter)
    except Exception as exc:  # a map is a help, never a reason to fail the run
        bus.emit(ev.NOTICE, 0, message=f"repo map unavailable: {type(exc).__name__}: {exc}")
        return ""
    bus.emit(
        ev.NOTICE,
        0,
        message=f"repo map: {len(repo_map.files)} files ranked, {repo_map.tokens} tokens, "
        f"{time.monotonic() - started:.2f}s",
    )
    return repo_map.text
