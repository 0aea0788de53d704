"""Questions that follow each other fast: each card gets the keys, and each key answers one card."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from opencoder.tui.widgets import ApprovalCard
from tests.tui.helpers import FIXED, make_app, make_repo, send, wait_for

EDIT = {"name": "str_replace", "arguments": {"path": "calc.py", "old": "return a - b", "new": "return a + b"}}
REPLIES = [
    {"tool_calls": [EDIT]},
    {"tool_calls": [EDIT]},
    {"tool_calls": [{"name": "submit", "arguments": {"summary": "done"}}]},
]


def test_the_next_question_gets_the_focus_even_while_the_last_card_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow removal widens the window in which the agent's next question can arrive.
    slow_remove = ApprovalCard.remove

    async def remove(self: ApprovalCard) -> Any:
        await asyncio.sleep(0.5)
        return await slow_remove(self)

    monkeypatch.setattr(ApprovalCard, "remove", remove)
    asyncio.run(_deny_then_allow(make_repo(tmp_path)))


async def _deny_then_allow(repo: Path) -> None:
    app = make_app(repo, REPLIES, approval="ask")
    async with app.run_test(size=(100, 40)) as pilot:
        await send(pilot, "fix add")
        await wait_for(pilot, lambda: isinstance(app.focused, ApprovalCard), what="the first question")
        first = app.focused
        # Two presses of "n": the second must not deny the question that comes next.
        await pilot.press("n", "n")
        await wait_for(
            pilot,
            lambda: [card for card in app.query(ApprovalCard) if card is not first] and not first.is_attached,
            what="the second question, with the first card gone",
        )
        await pilot.pause(0.2)
        assert isinstance(app.focused, ApprovalCard) and app.focused is not first
        assert app.gate.pending is not None and not app.gate.pending.answered.is_set()
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.turn_active, what="the turn to end")
        assert (repo / "calc.py").read_text() == FIXED
