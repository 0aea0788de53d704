"""Approval kinds, policies, previews and the gate that blocks the agent's thread."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from opencoder.errors import UserError
from opencoder.models.base import ToolCall
from opencoder.tooling.registry import load_tools
from opencoder.tui.approval import ApprovalGate, ApprovalPolicy, ApprovalRequest, kind_of, preview


def test_every_shipped_tool_has_the_intended_kind() -> None:
    kinds = {spec.name: kind_of(spec.name, spec) for spec in load_tools()}
    assert kinds["read_file"] is None and kinds["search"] is None and kinds["submit"] is None
    assert kinds["shell"] == "shell" and kinds["run_tests"] == "tests"
    for name in ("str_replace", "write_file", "create_file", "insert", "apply_patch"):
        assert kinds[name] == "edit"


def test_unknown_bundles_are_never_trusted_silently() -> None:
    assert kind_of("fancy", SimpleNamespace(extra={}, run={"kind": "sandbox"})) == "shell"
    assert kind_of("fancy", SimpleNamespace(extra={}, run={"kind": "python"})) == "edit"
    assert kind_of("fancy", SimpleNamespace(extra={"approval": "none"}, run={"kind": "sandbox"})) is None


@pytest.mark.parametrize(
    ("mode", "edit", "shell", "tests"),
    [("ask", True, True, True), ("edits", False, True, True), ("auto", False, False, False)],
)
def test_policies(mode: str, edit: bool, shell: bool, tests: bool) -> None:
    policy = ApprovalPolicy(mode)
    assert [policy.needs_approval(k) for k in ("edit", "shell", "tests")] == [edit, shell, tests]
    assert policy.needs_approval(None) is False


def test_unknown_policy_is_a_user_error() -> None:
    with pytest.raises(UserError, match="ask, edits or auto"):
        ApprovalPolicy("sometimes")


def test_previews_show_the_real_change(tmp_path: Path) -> None:
    (tmp_path / "calc.py").write_text("import os\n\ndef add(a, b):\n    return a - b\n")
    title, body, is_diff = preview("str_replace", {"path": "calc.py", "old": "a - b", "new": "a + b"}, tmp_path)
    assert (title, is_diff) == ("edit calc.py", True)
    assert "-    return a - b\n+    return a + b\n" in body and " def add(a, b):" in body
    title, body, _ = preview("write_file", {"path": "new.py", "content": "x = 1\n"}, tmp_path)
    assert title == "create new.py" and "+x = 1" in body
    title, body, is_diff = preview("shell", {"command": "rm -rf build"}, tmp_path)
    assert body == "$ rm -rf build" and not is_diff
    # Paths outside the workspace are never read for a preview.
    title, _, _ = preview("write_file", {"path": "../outside.txt", "content": "x"}, tmp_path)
    assert title.startswith("create")


def _call(name: str, **args: object) -> ToolCall:
    return ToolCall(name=name, arguments=dict(args), id="c1")


def test_gate_blocks_until_answered_and_remembers_always(tmp_path: Path) -> None:
    shown: list[object] = []
    gate = ApprovalGate(ApprovalPolicy("ask"), tmp_path, shown.append)
    answers: list[tuple[bool, str]] = []
    worker = threading.Thread(target=lambda: answers.append(gate(_call("shell", command="ls"), None)))
    worker.start()
    worker.join(0.3)
    assert worker.is_alive() and len(shown) == 1  # waiting for the user
    gate.decide("a")
    worker.join(5)
    assert answers == [(True, "")]
    # "always" for shell: the next shell call passes without asking.
    assert gate(_call("shell", command="ls"), None) == (True, "")
    assert len(shown) == 1


def test_gate_denies_when_the_step_is_interrupted(tmp_path: Path) -> None:
    gate = ApprovalGate(ApprovalPolicy("ask"), tmp_path, lambda request: None)
    gate.cancel = threading.Event()
    answers: list[tuple[bool, str]] = []
    worker = threading.Thread(target=lambda: answers.append(gate(_call("write_file", path="a", content=""), None)))
    worker.start()
    gate.cancel.set()
    worker.join(5)
    assert answers and answers[0][0] is False
    assert gate(_call("read_file", path="a"), None) == (True, "")  # read-only never asks


def test_a_stale_answer_never_answers_the_next_question(tmp_path: Path) -> None:
    shown: list[ApprovalRequest] = []
    gate = ApprovalGate(ApprovalPolicy("ask"), tmp_path, shown.append)
    answers: list[tuple[bool, str]] = []

    def two_calls() -> None:
        answers.append(gate(_call("shell", command="ls"), None))
        answers.append(gate(_call("shell", command="rm -rf build"), None))

    worker = threading.Thread(target=two_calls)
    worker.start()
    while len(shown) < 1:
        worker.join(0.01)
    first = shown[0]
    assert gate.decide("y", first) is first
    while len(shown) < 2:
        worker.join(0.01)
    # A second key press meant for the first card: the second question stays unanswered.
    assert gate.decide("y", first) is None
    worker.join(0.2)
    assert worker.is_alive() and not shown[1].answered.is_set()
    assert gate.decide("n", shown[1]) is shown[1]
    worker.join(5)
    assert [allowed for allowed, _ in answers] == [True, False]
