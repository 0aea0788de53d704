"""The whole interactive flow, driven by Pilot and the scripted model, in a real git repo."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from opencoder.tui.widgets import ApprovalCard, AssistantMessage, DiffView, ToolCard
from tests.tui.helpers import BROKEN, FIXED, git, make_app, make_repo, screen_text, send, wait_for

EDIT = {"name": "str_replace", "arguments": {"path": "calc.py", "old": "return a - b", "new": "return a + b"}}
LONG_REPLY = " ".join(f"word{i}" for i in range(60))

REPLIES = [
    {"content": "Let me read `calc.py`.", "tool_calls": [{"name": "read_file", "arguments": {"path": "calc.py"}}]},
    {"content": "The bug is the minus sign.", "tool_calls": [EDIT]},
    {"content": "Trying the edit again.", "tool_calls": [EDIT]},
    {"tool_calls": [{"name": "run_tests", "arguments": {}}]},
    {"tool_calls": [{"name": "submit", "arguments": {"summary": "add() now adds"}}]},
    # Second turn: a slow reply the user stops with Esc.
    {"content": LONG_REPLY, "delay": 30},
    # Third turn: the session goes on after the interruption.
    {"tool_calls": [{"name": "submit", "arguments": {"summary": "nothing else to do"}}]},
]


def test_read_edit_approve_test_interrupt_undo(tmp_path: Path) -> None:
    asyncio.run(_read_edit_approve_test_interrupt_undo(make_repo(tmp_path)))


async def _read_edit_approve_test_interrupt_undo(repo: Path) -> None:
    app = make_app(repo, REPLIES, approval="ask")
    model = app.driver.options.model
    async with app.run_test(size=(100, 40)) as pilot:
        await send(pilot, "fix add")

        # The edit waits for approval: the card shows the proposed diff; deny it.
        await wait_for(pilot, lambda: isinstance(app.focused, ApprovalCard), what="the first approval")
        card = app.query_one(ApprovalCard)
        assert "+    return a + b" in card.query_one(DiffView).diff
        assert (repo / "calc.py").read_text() == BROKEN
        await pilot.press("n")
        # The model is told, and asks again; allow it this time.
        await wait_for(
            pilot,
            lambda: len(model.sent) >= 3 and isinstance(app.focused, ApprovalCard) and app.focused is not card,
            what="second approval",
        )
        denial = [m for m in model.sent[2] if m.get("role") == "tool"][-1]["content"]
        assert "did not allow" in denial
        assert (repo / "calc.py").read_text() == BROKEN
        await pilot.press("y")

        # run_tests is a "tests" kind call: answer "always" for it.
        await wait_for(
            pilot,
            lambda: isinstance(app.focused, ApprovalCard) and app.focused.request.tool == "run_tests",
            what="the run_tests approval",
        )
        assert (repo / "calc.py").read_text() == FIXED
        await pilot.press("a")
        await wait_for(pilot, lambda: not app.turn_active, what="the first turn to end")
        assert app.policy.always == {"tests"}

        cards = {c.tool: c for c in app.query(ToolCard)}
        assert set(cards) == {"read_file", "str_replace", "run_tests"}
        edit_cards = [c for c in app.query(ToolCard) if c.tool == "str_replace"]
        assert edit_cards[0].has_class("failed") and "⊘" in str(edit_cards[0].title)
        assert edit_cards[1].has_class("ok")
        assert "+    return a + b" in edit_cards[1].query_one(DiffView).diff
        text = screen_text(app)
        assert "1 passed" in text
        assert "done: add() now adds" in text
        assert "checkpoint" in text

        # Second turn: Esc while the reply streams stops it at once.
        await send(pilot, "explain the fix at length")
        await wait_for(
            pilot, lambda: any(m.text for m in app.query(AssistantMessage) if "word" in m.text), what="streamed tokens"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.turn_active, timeout=5, what="the interrupt")
        streamed = next(m.text for m in app.query(AssistantMessage) if "word0" in m.text)
        assert 0 < len(streamed) < len(LONG_REPLY)
        assert app.driver.last is not None and app.driver.last.status == "interrupted"
        assert "interrupted" in screen_text(app)

        # The session goes on after the interruption.
        await send(pilot, "anything else?")
        await wait_for(
            pilot, lambda: not app.turn_active and "nothing else to do" in screen_text(app), what="the third turn"
        )

        # /undo reverts the agent's checkpoint commit.
        await send(pilot, "/undo")
        await wait_for(pilot, lambda: "Undid" in screen_text(app), what="the undo")
        assert (repo / "calc.py").read_text() == BROKEN
        assert git(repo, "log", "--format=%s").split("\n")[0] == "initial"

        trajectory = app.driver.session.trajectory
        await pilot.press("ctrl+c")
        await pilot.press("ctrl+c")
    assert app.return_code == 0
    # The UI showed what the trajectory recorded: one event model for both.
    events = [json.loads(line) for line in trajectory.read_text().splitlines()]
    types = [e["type"] for e in events]
    assert types[0] == "run_start" and types[-1] == "run_end"
    called = [e["name"] for e in events if e["type"] == "tool_call"]
    assert called == ["read_file", "str_replace", "str_replace", "run_tests", "submit", "submit"]
    denied = [e for e in events if e["type"] == "observation" and e["data"].get("denied")]
    assert len(denied) == 1
