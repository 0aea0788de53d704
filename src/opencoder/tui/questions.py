"""The agent's approval questions as cards, and the user's answers back to the waiting thread.

The agent's thread asks through the gate; the card lives on the UI loop. One card at a time:
it leaves before the answer frees the agent, so the next question never races its removal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opencoder.tui.approval import ApprovalRequest
from opencoder.tui.widgets import ApprovalCard, PromptInput

if TYPE_CHECKING:
    from opencoder.tui.app import OpencoderApp


class ApprovalQuestions:
    def __init__(self, app: OpencoderApp) -> None:
        self.app = app
        self.card: ApprovalCard | None = None  # the question on screen, if any

    def ask_from_worker(self, request: ApprovalRequest) -> None:
        """gate.show: runs in the worker thread, which then waits for the answer."""
        if self.app.quitting:
            request.answer(False, "the session is closing")
            return
        self.app.call_from_thread(self.show, request)  # type: ignore[arg-type]

    async def show(self, request: ApprovalRequest) -> None:
        app = self.app
        app.status.activity = "waiting for your approval"
        if app.status.sandbox_state == "running":
            app.status.sandbox_state = "ready"
        tool_card = app.view.cards.get(request.call_id)
        if tool_card is not None:
            tool_card.waiting("waiting for your approval…")
        card = ApprovalCard(request)
        self.card = card
        await app.conversation.add(card)
        card.focus()
        card.scroll_visible()
        app.refresh_bars()

    async def decided(self, message: ApprovalCard.Decided) -> None:
        if message.card is not self.card:
            return
        # Remove the card before the answer frees the agent: its next question must not arrive
        # while this card is still leaving, or the focus handed back to the input would hide it.
        await self.drop()
        request = self.app.gate.decide(message.choice, message.card.request)
        tool_card = self.app.view.cards.get(request.call_id) if request is not None else None
        if tool_card is not None:
            tool_card.waiting("running…" if request is not None and request.allowed else "denied")
        if message.choice == "a":
            await self.app.say(f"{message.card.request.kind} calls are now allowed for this session")

    async def drop(self) -> None:
        card, self.card = self.card, None
        if card is not None:
            prompt = self.app.query_one(PromptInput)
            # Focus first: removing the focused card would otherwise hand focus to a neighbour.
            prompt.focus()
            await card.remove()
            self.app.call_after_refresh(self.focus_input_or_question)
            self.app.status.activity = "thinking"

    def focus_input_or_question(self) -> None:
        """Focus lands where the next key belongs: a question asked meanwhile, else the input."""
        target = self.card or self.app.query_one(PromptInput)
        target.focus()
