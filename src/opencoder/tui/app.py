"""The Textual app: lays out the panes and turns agent events into widgets.

Threads: the agent runs in a thread worker (SessionDriver.run_turn). Its events and
approval questions come here through call_from_thread, so every widget is touched only
on the UI loop; Esc calls agent.interrupt(), which is safe from any thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from opencoder.agent import RunResult
from opencoder.config import Config
from opencoder.events import Event
from opencoder.trajectory import new_run_id
from opencoder.tui import store
from opencoder.tui.approval import POLICIES, ApprovalGate, ApprovalPolicy
from opencoder.tui.driver import DriverOptions, SessionDriver
from opencoder.tui.eventview import EventView
from opencoder.tui.questions import ApprovalQuestions
from opencoder.tui.slash import SlashCommands
from opencoder.tui.status import StatusState
from opencoder.tui.widgets import (
    ActivityLine,
    ApprovalCard,
    AssistantMessage,
    Conversation,
    PromptInput,
    StatusBar,
    UserMessage,
)
from opencoder.tui.widgets.conversation import NoticeLine

QUIT_WINDOW_S = 2.0
ENDINGS = {
    "submitted": ("done", "done"),
    "interrupted": ("warning", "interrupted: files are as the last finished step left them; type to go on"),
    "model_error": ("error", "model error"),
    "sandbox_error": ("error", "sandbox error"),
}


def _start_process_helpers() -> None:
    """Start multiprocessing's resource tracker while sys.stderr is still the real one.

    Textual swaps sys.stderr for an object without a usable file descriptor, and the tracker
    (started lazily by the repo map's process pool) would pass that bad descriptor on:
    "ValueError: bad value(s) in fds_to_keep".
    """
    from multiprocessing import resource_tracker

    try:
        resource_tracker.ensure_running()
    except Exception:  # without it the map falls back to an error notice, never a crash
        pass


class OpencoderApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "opencoder"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "interrupt", "stop", priority=True),
        Binding("ctrl+c", "ctrl_c", "quit (twice)", priority=True),
        Binding("ctrl+q", "quit", "quit", priority=True),
        Binding("f2", "cycle_approval", "approval policy"),
        Binding("ctrl+t", "toggle_theme", "light/dark"),
    ]

    def __init__(
        self,
        config: Config,
        *,
        workspace: Path,
        approval: str = "ask",
        model: Any = None,
        sandbox: Any = None,
        resume: store.SavedSession | None = None,
        repo_map: bool = True,
        clock: Callable[[], float] = time.monotonic,
        new_id: Callable[[], str] = new_run_id,
    ) -> None:
        super().__init__()
        _start_process_helpers()
        self.config = config
        self.workspace = workspace.resolve()
        self.policy = ApprovalPolicy(approval)
        self.questions = ApprovalQuestions(self)
        self.gate = ApprovalGate(self.policy, self.workspace, self.questions.ask_from_worker)
        self.resumed = resume
        self.new_id = new_id
        self.saved = resume or store.SavedSession(id=new_id())
        self.transcript: list[dict[str, Any]] = list(self.saved.transcript)
        self.driver = SessionDriver(
            config,
            DriverOptions(
                workspace=self.workspace,
                listener=self._listen,
                gate=self.gate,
                model=model,
                sandbox=sandbox,
                repo_map=repo_map,
                restore=list(self.saved.messages),
                runs=list(self.saved.runs),
                new_id=new_id,
            ),
        )
        self.status = StatusState(
            model=config.model.name,
            sandbox=config.sandbox.kind,
            approval=approval,
            context_window=config.model.context_window,
            clock=clock,
        )
        self.slash = SlashCommands(self)
        self.queue: list[str] = []
        self.turn_active = False
        self.quitting = False
        self._last_ctrl_c = 0.0
        self.view = EventView(self)

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Conversation(id="conversation")
        yield ActivityLine(self.status)
        yield PromptInput(history=[t["text"] for t in self.transcript if t["role"] == "user"], id="prompt")
        yield StatusBar(self.status)

    @property
    def conversation(self) -> Conversation:
        return self.query_one(Conversation)

    async def on_mount(self) -> None:
        self.query_one(PromptInput).focus()
        self.set_interval(0.25, self._tick)
        if self.resumed is not None:
            await self._replay_transcript()
        else:
            await self.say(
                f"opencoder in {self.workspace.name}/ · model {self.config.model.name} · "
                f"approval {self.policy.mode} · /help for commands"
            )

    async def _replay_transcript(self) -> None:
        for item in self.transcript:
            role, text = item.get("role"), str(item.get("text", ""))
            if role == "user":
                await self.conversation.add(UserMessage(text))
            elif role == "assistant":
                await self.conversation.add(AssistantMessage(text))
            else:
                await self.say(text, str(item.get("kind", "notice")))
        await self.say(
            f"resumed session {self.saved.id} ({len(self.saved.messages)} messages); "
            "the agent remembers the conversation"
        )

    def _tick(self) -> None:
        if self.turn_active:
            self.query_one(ActivityLine).refresh()
            self.query_one(StatusBar).refresh()
            for card in self.view.cards.values():
                card.tick()

    def refresh_bars(self) -> None:
        self.conversation.follow()
        self.query_one(ActivityLine).refresh()
        self.query_one(StatusBar).refresh()

    # -- input ---------------------------------------------------------------

    async def on_prompt_input_submitted(self, message: PromptInput.Submitted) -> None:
        text = message.text
        if text.startswith("/"):
            await self.slash.run(text)
            return
        await self.conversation.add(UserMessage(text))
        self.transcript.append({"role": "user", "text": text})
        if self.turn_active:
            self.queue.append(text)
            await self.say("queued: it is sent when the current turn ends")
            return
        self._begin_turn(text)

    def _begin_turn(self, text: str) -> None:
        self.turn_active = True
        self.status.begin_turn()
        self.refresh_bars()
        self._run_turn(text)

    @work(thread=True, group="agent", exit_on_error=False)
    def _run_turn(self, text: str) -> None:
        result: RunResult | None = None
        error = ""
        try:
            result = self.driver.run_turn(text)
        except Exception as exc:  # shown to the user; the app stays usable
            error = f"{type(exc).__name__}: {exc}"
        if not self.quitting:
            self.call_from_thread(self._turn_done, result, error)  # type: ignore[arg-type]

    async def _turn_done(self, result: RunResult | None, error: str) -> None:
        self.turn_active = False
        self.status.end_turn()
        self.view.assistant = None
        if result is None:
            await self.say(f"the turn failed: {error}", "error")
        else:
            kind, label = ENDINGS.get(result.status, ("warning", f"stopped: {result.status}"))
            detail = result.summary if result.status == "submitted" else result.error
            text = f"{label}: {detail}" if detail and result.status != "interrupted" else label
            await self.say(text, kind)
            self.transcript.append({"role": "notice", "kind": kind, "text": text})
        self.refresh_bars()
        await self.save_session()
        if self.queue and not self.quitting:
            self._begin_turn(self.queue.pop(0))

    # -- agent events (UI loop) ----------------------------------------------

    def _listen(self, event: Event) -> None:
        """Session listener: runs in the worker thread."""
        if self.quitting:
            return
        try:
            self.call_from_thread(self._show_event, event)  # type: ignore[arg-type]
        except Exception:
            if not self.quitting:
                raise
            # The app is going away: the trajectory still records the event.

    async def _show_event(self, event: Event) -> None:
        self.status.apply(event)
        await self.view.show(event)
        self.refresh_bars()

    # -- approvals -----------------------------------------------------------

    async def on_approval_card_decided(self, message: ApprovalCard.Decided) -> None:
        await self.questions.decided(message)

    def set_approval(self, mode: str) -> None:
        self.policy.mode = mode
        self.status.approval = mode
        self.refresh_bars()

    # -- keys ----------------------------------------------------------------

    async def action_interrupt(self) -> None:
        if isinstance(self.screen, ModalScreen):
            self.screen.dismiss()
            return
        if not self.turn_active:
            return
        self.status.activity = "stopping"
        self.driver.interrupt()
        if self.gate.pending is not None:
            self.gate.decide("n")
        await self.questions.drop()
        self.refresh_bars()

    async def action_ctrl_c(self) -> None:
        now = time.monotonic()
        if now - self._last_ctrl_c < QUIT_WINDOW_S:
            await self.action_quit()
            return
        self._last_ctrl_c = now
        if self.turn_active:
            await self.action_interrupt()
        self.notify("Press Ctrl+C again to quit", timeout=QUIT_WINDOW_S)

    async def action_quit(self) -> None:
        if self.quitting:
            return
        self.quitting = True
        self.status.activity = "closing"
        self.gate.close()
        self.driver.interrupt()
        await asyncio.to_thread(self.driver.close)
        await self.save_session()
        self.exit(0)

    def on_unmount(self) -> None:
        # However the app ends, the agent's thread must not stay blocked on a question or a
        # model stream: the executor joins it before the process can exit.
        self.quitting = True
        self.gate.close()
        self.driver.interrupt()

    def action_cycle_approval(self) -> None:
        mode = POLICIES[(POLICIES.index(self.policy.mode) + 1) % len(POLICIES)]
        self.set_approval(mode)
        self.notify(f"approval policy: {mode}")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    # -- saved sessions --------------------------------------------------------

    async def save_session(self, force: bool = False) -> Path | None:
        saved = self.saved
        if not force and not self.transcript:
            return None
        saved.model, saved.sandbox, saved.approval = self.config.model.name, self.config.sandbox.kind, self.policy.mode
        saved.runs = list(self.driver.runs)
        saved.messages = self.driver.messages
        saved.transcript = list(self.transcript)
        return await asyncio.to_thread(store.save, self.workspace, saved)

    def start_new_saved_session(self) -> None:
        self.saved = store.SavedSession(id=self.new_id())
        self.driver.runs = []

    async def say(self, text: str, kind: str = "notice") -> None:
        await self.conversation.add(NoticeLine(text, kind))

    def protocol_note(self) -> str:
        model = self.driver.model
        return f"{model.protocol} tool calls" if model is not None else "opens with your next message"
