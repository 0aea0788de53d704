"""Which tool calls wait for the user, and the gate that makes the agent's thread wait.

Kinds of call:
- "edit": tools that write files (str_replace, write_file, create_file, insert, apply_patch);
- "shell": the shell tool, and any other bundle that runs a model-chosen command in the sandbox;
- "tests": run_tests. It runs the repository's own test command, but that command executes
  code the agent may just have edited, so under `ask` and `edits` it waits like shell does;
- None: read-only tools (read_file, search, repo_map, list_files, submit) never wait.

A bundle can state its kind in tool.yaml with `approval: edit|shell|tests|none`; unknown
python-handler bundles default to "edit" and unknown sandbox bundles to "shell", so a new
tool is never silently trusted.

Policies: `ask` (edits, shell and tests wait), `edits` (edits go through, shell and tests
wait), `auto` (nothing waits). "Always" answers are remembered per kind for the session.
"""

from __future__ import annotations

import difflib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POLICIES = ("ask", "edits", "auto")
EDIT_TOOLS = {"str_replace", "write_file", "create_file", "insert", "apply_patch"}
READ_ONLY_TOOLS = {"read_file", "search", "repo_map", "list_files", "submit"}
KIND_LABELS = {"edit": "edits", "shell": "shell commands", "tests": "test runs"}


def kind_of(name: str, spec: Any = None) -> str | None:
    """The approval kind of a tool call, or None when it never needs approval."""
    declared = (getattr(spec, "extra", None) or {}).get("approval")
    if declared in ("edit", "shell", "tests"):
        return str(declared)
    if declared == "none" or name in READ_ONLY_TOOLS:
        return None
    if name in EDIT_TOOLS:
        return "edit"
    if name == "run_tests":
        return "tests"
    if name == "shell":
        return "shell"
    run_kind = (getattr(spec, "run", None) or {}).get("kind")
    return "edit" if run_kind == "python" else "shell"


@dataclass
class ApprovalPolicy:
    mode: str = "ask"
    always: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.mode not in POLICIES:
            from opencoder.errors import UserError

            raise UserError(f"unknown approval policy {self.mode!r}: use ask, edits or auto")

    def needs_approval(self, kind: str | None) -> bool:
        if kind is None or kind in self.always or self.mode == "auto":
            return False
        return not (self.mode == "edits" and kind == "edit")


@dataclass
class ApprovalRequest:
    """One pending question, shared by the agent's thread (waits) and the UI (answers)."""

    call_id: str
    tool: str
    kind: str
    title: str
    preview: str
    preview_is_diff: bool
    answered: threading.Event = field(default_factory=threading.Event)
    allowed: bool = False
    reason: str = ""

    def answer(self, allowed: bool, reason: str = "") -> None:
        if not self.answered.is_set():
            self.allowed, self.reason = allowed, reason
            self.answered.set()


class ApprovalGate:
    """agent.approver: blocks the agent's thread until the UI answers (or the step is interrupted)."""

    def __init__(self, policy: ApprovalPolicy, workspace: Path, show: Callable[[ApprovalRequest], None]) -> None:
        self.policy = policy
        self.workspace = workspace
        self.show = show  # called in the agent's thread; must hand the request to the UI
        self.cancel: threading.Event | None = None  # the agent's cancel flag, set by Esc
        self.pending: ApprovalRequest | None = None
        self._closed = threading.Event()

    def __call__(self, call: Any, spec: Any) -> tuple[bool, str]:
        kind = kind_of(call.name, spec)
        if not self.policy.needs_approval(kind):
            return True, ""
        assert kind is not None
        title, body, is_diff = preview(call.name, call.arguments, self.workspace)
        request = ApprovalRequest(call.id, call.name, kind, title, body, is_diff)
        self.pending = request
        try:
            self.show(request)
            while not request.answered.wait(0.05):
                if self._closed.is_set() or (self.cancel is not None and self.cancel.is_set()):
                    request.answer(False, "the user interrupted")
        finally:
            self.pending = None
        return request.allowed, request.reason

    def decide(self, choice: str, request: ApprovalRequest | None = None) -> ApprovalRequest | None:
        """Answer the pending request: 'y' (allow once), 'a' (always for this kind), 'n' (deny).

        Given `request`, answer only if it is still the pending one: a key pressed twice on a card
        must not answer the question the agent asks next, which the user has not seen yet.
        """
        pending = self.pending
        if pending is None or (request is not None and request is not pending):
            return None
        request = pending
        if choice == "a":
            self.policy.always.add(request.kind)
        if choice in ("y", "a"):
            request.answer(True)
        else:
            request.answer(False, "denied by the user")
        return request

    def close(self) -> None:
        self._closed.set()


def preview(name: str, args: dict[str, Any], workspace: Path) -> tuple[str, str, bool]:
    """(title, body, body_is_diff): what the user sees before saying yes or no."""
    path = str(args.get("path", ""))
    if name == "shell":
        return "run a shell command", f"$ {args.get('command', '')}", False
    if name == "run_tests":
        extra = str(args.get("args") or "").strip()
        return "run the tests", f"run_tests {extra}".strip(), False
    if name == "str_replace":
        return f"edit {path}", _replace_preview(workspace, path, args), True
    if name in ("write_file", "create_file"):
        current = _read_inside(workspace, path)
        verb = "create" if current is None else "overwrite"
        return f"{verb} {path}", _diff(path, current or "", str(args.get("content", ""))), True
    if name == "insert":
        where = args.get("after_symbol") or (f"line {args['after_line']}" if "after_line" in args else "the end")
        added = "".join(f"+{line}\n" for line in str(args.get("text", "")).splitlines())
        return f"insert into {path} after {where}", added, True
    if name == "apply_patch":
        return "apply a patch", str(args.get("patch", "")), True
    return f"call {name}", json.dumps(args, indent=2, ensure_ascii=False), False


def _replace_preview(workspace: Path, path: str, args: dict[str, Any]) -> str:
    """The file-level diff when `old` is found as written; else just old against new.

    The edit tool also tolerates whitespace slips, so the exact change can differ a little;
    the card after the call shows the diff that was really applied.
    """
    old, new = str(args.get("old", "")), str(args.get("new", ""))
    current = _read_inside(workspace, path)
    raw_occurrence = args.get("occurrence")
    occurrence = raw_occurrence if isinstance(raw_occurrence, int) and raw_occurrence > 0 else 1
    if current is not None and old:
        start = -1
        for _ in range(occurrence):
            start = current.find(old, start + 1)
            if start < 0:
                break
        if start >= 0:
            return _diff(path, current, current[:start] + new + current[start + len(old) :])
    return _diff(path, old, new)


def _diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}", n=2
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _read_inside(workspace: Path, path: str) -> str | None:
    try:
        target = (workspace / path).resolve()
        target.relative_to(workspace.resolve())
        return target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
    except (OSError, ValueError):
        return None
