"""The agent loop: ask the model, run the tools it calls, feed back what happened.

Requests are append-only from step to step (the system prompt, task and map
never change), so local servers reuse their KV cache for the prefix; only a
context compaction rewrites history, and it is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opencoder import events as ev
from opencoder.actions import strip_reasoning
from opencoder.compaction import ContextOverflow, compact
from opencoder.config import AgentConfig
from opencoder.context import ContextBudget, summary_request
from opencoder.errors import Interrupted, ModelError, SandboxError
from opencoder.events import EventBus
from opencoder.loops import LoopDetector
from opencoder.models.base import Message, Model, ModelReply, ToolCall, Usage
from opencoder.prompts import render
from opencoder.replies import assistant_message, read_actions
from opencoder.sandbox.base import Sandbox
from opencoder.tooling.registry import ToolSpec
from opencoder.toolrunner import Approver, StepOutcome, ToolRunner

STATUSES = (
    "submitted",
    "step_limit",
    "token_limit",
    "cost_limit",
    "time_limit",
    "format_errors",
    "model_error",
    "sandbox_error",
    "interrupted",
    "loop",
    "context_overflow",
    "answered",  # interactive sessions only: the model replied in prose, the turn is the user's again
)
EDIT_TOOLS = {"write_file", "str_replace", "apply_patch", "insert", "create_file"}


@dataclass
class RunResult:
    status: str
    steps: int = 0
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0
    wall_s: float = 0.0
    summary: str = ""
    error: str = ""
    files_changed: list[str] = field(default_factory=list)
    format_errors: int = 0
    tool_failures: int = 0
    compactions: int = 0


class Agent:
    def __init__(
        self,
        model: Model,
        sandbox: Sandbox,
        tools: list[ToolSpec],
        config: AgentConfig,
        bus: EventBus,
        *,
        workspace: Path,
        settings: dict[str, Any] | None = None,
        edit_format: str = "tools",
    ) -> None:
        self.model = model
        self.config = config
        self.bus = bus
        self.workspace = workspace
        self.edit_format = edit_format
        if edit_format != "tools":
            tools = [t for t in tools if t.name not in EDIT_TOOLS]
        self.tools = {t.name: t for t in tools}
        self.cancel = threading.Event()
        # In the TUI a reply in prose ends the turn instead of counting as a format error.
        self.interactive = False
        self.runner = ToolRunner(self.tools, sandbox, workspace, bus, dict(settings or {}), self.cancel)
        self.sandbox = sandbox
        # Called with (step, changed_paths, message) after a step that changed files.
        self.after_step: Callable[[int, list[str], str], None] | None = None
        self.messages: list[Message] = []
        self._sent = 0  # how many messages the model has already seen
        self.total = RunResult(status="")  # totals over every run() of this session
        window = getattr(model, "context_window", None)
        reserve = int(getattr(model, "max_reply_tokens", 1024) or 1024)
        count = getattr(model, "count_tokens", None)
        self.budget = ContextBudget(window, reserve, count) if window else None
        if self.budget and model.protocol == "native":
            self.budget.fixed = self.budget.count(json.dumps([t.schema() for t in self.tools.values()]))

    # Hooks the session and the TUI set.
    @property
    def approver(self) -> Approver | None:
        return self.runner.approver

    @approver.setter
    def approver(self, value: Approver | None) -> None:
        self.runner.approver = value

    @property
    def before_write(self) -> Callable[[list[str]], None] | None:
        return self.runner.before_write

    @before_write.setter
    def before_write(self, value: Callable[[list[str]], None] | None) -> None:
        self.runner.before_write = value

    def interrupt(self) -> None:
        """Stop the current step now (model stream or command); run() returns `interrupted`."""
        self.cancel.set()
        self.sandbox.interrupt()

    def add_user_message(self, text: str) -> None:
        self.messages.append({"role": "user", "content": text})

    def initial_messages(self, task: str, *, repo_map: str = "", checkpoints: bool = True) -> list[Message]:
        from opencoder.edits.formats import format_help

        agents_md = self.workspace / "AGENTS.md"
        instructions = ""
        if agents_md.is_file():
            instructions = agents_md.read_text(encoding="utf-8", errors="replace")[:8000].strip()
        system = render(
            "system",
            protocol=self.model.protocol,
            tools=[_tool_view(t) for t in self.tools.values()],
            project_instructions=instructions,
            edit_help=format_help(self.edit_format),
        )
        user = render("task", task=task, repo_map=repo_map, checkpoints=checkpoints)
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    # -- loop --------------------------------------------------------------

    def run(self, messages: list[Message] | None = None) -> RunResult:
        """Loop until a terminal status. Called again (after add_user_message) to go on."""
        if messages is not None:
            self.messages = list(messages)
        # An interrupt that came while the session was still opening is honoured at the first step;
        # the flag is cleared when the run ends, so the next turn starts clean.
        result = RunResult(status="step_limit")
        started = time.monotonic()
        consecutive_errors = 0
        loops = LoopDetector()
        try:
            while True:
                stop = self._budget_exceeded(result, started)
                if stop:
                    result.status = stop
                    break
                result.steps += 1
                step = result.steps
                reply = self._query(step, result)
                result.usage = result.usage + reply.usage
                result.cost += reply.cost
                outcome = StepOutcome()
                calls, error, visible = read_actions(reply, self.tools, self.edit_format)
                had_blocks = self.edit_format != "tools" and self.runner.apply_blocks(step, visible, outcome)
                if self.interactive and not had_blocks and not calls and not error and visible.strip():
                    self.messages.append({"role": "assistant", "content": visible})
                    result.status = "answered"
                    break
                if not had_blocks and (error or not calls):
                    result.format_errors += 1
                    consecutive_errors += 1
                    self._format_error(step, reply, visible, error or "no tool call found in the reply")
                    if consecutive_errors >= self.config.max_format_errors:
                        result.status, result.error = "format_errors", error or "no tool call"
                        break
                    continue
                self.messages.append(assistant_message(reply, visible, calls))
                self.runner.run_calls(step, calls, outcome)
                self._append_observations(outcome, native=bool(reply.native_calls))
                result.tool_failures += outcome.failures
                result.format_errors += outcome.bad_calls
                consecutive_errors = consecutive_errors + 1 if outcome.bad_calls and not outcome.good_calls else 0
                if consecutive_errors >= self.config.max_format_errors:
                    result.status = "format_errors"
                    break
                result.files_changed.extend(p for p in outcome.changed if p not in result.files_changed)
                if outcome.changed and self.after_step:
                    self.after_step(step, outcome.changed, _step_message(calls, outcome))
                if outcome.submitted:
                    result.status, result.summary = "submitted", outcome.summary
                    break
                if self._check_loop(step, loops, calls, outcome):
                    result.status, result.error = "loop", "the model kept repeating the same action"
                    break
        except ModelError as exc:
            result.status, result.error = "model_error", str(exc)
        except SandboxError as exc:
            result.status, result.error = "sandbox_error", str(exc)
        except ContextOverflow as exc:
            result.status, result.error = "context_overflow", str(exc)
        except (KeyboardInterrupt, Interrupted):
            result.status, result.error = "interrupted", "interrupted by the user"
        self.cancel.clear()
        result.wall_s = time.monotonic() - started
        self._accumulate(result)
        return result

    def _budget_exceeded(self, result: RunResult, started: float) -> str | None:
        cfg = self.config
        if result.steps >= cfg.max_steps:
            return "step_limit"
        if result.usage.prompt_tokens + result.usage.completion_tokens >= cfg.max_tokens:
            return "token_limit"
        if cfg.max_cost and result.cost >= cfg.max_cost:
            return "cost_limit"
        if time.monotonic() - started >= cfg.max_minutes * 60:
            return "time_limit"
        return None

    def _accumulate(self, result: RunResult) -> None:
        t = self.total
        t.status, t.summary, t.error = result.status, result.summary, result.error
        t.steps += result.steps
        t.usage = t.usage + result.usage
        t.cost += result.cost
        t.wall_s += result.wall_s
        t.format_errors += result.format_errors
        t.tool_failures += result.tool_failures
        t.compactions += result.compactions
        t.files_changed.extend(p for p in result.files_changed if p not in t.files_changed)

    # -- one request -------------------------------------------------------

    def _query(self, step: int, result: RunResult) -> ModelReply:
        estimated = self._fit_context(step, result)
        new = self.messages[self._sent :]
        self.bus.emit(
            ev.MODEL_REQUEST,
            step,
            n_messages=len(self.messages),
            new_messages=new,
            estimated_tokens=estimated,
            window=self.budget.window if self.budget else None,
        )
        self._sent = len(self.messages)
        tools = [t.schema() for t in self.tools.values()] if self.model.protocol == "native" else None
        reply = self.model.query(
            self.messages, tools, on_token=lambda piece: self.bus.emit(ev.TOKEN, step, text=piece), cancel=self.cancel
        )
        if self.budget and estimated:
            self.budget.calibrate(estimated, reply.usage.prompt_tokens)
        self.bus.emit(
            ev.MODEL_RESPONSE,
            step,
            content=reply.content,
            native_calls=[{"id": i, "name": n, "arguments": a} for i, n, a in reply.native_calls],
            prompt_tokens=reply.usage.prompt_tokens,
            completion_tokens=reply.usage.completion_tokens,
            cost=reply.cost,
            duration_s=round(reply.duration_s, 3),
            finish_reason=reply.finish_reason,
        )
        return reply

    def _fit_context(self, step: int, result: RunResult) -> int | None:
        budget = self.budget
        if budget is None:
            return None
        before = budget.tokens(self.messages)
        if before <= budget.limit:
            return before
        self.messages, method, after = compact(self.messages, budget, self._summarize)
        self._sent = 0  # the history was rewritten: the next request is recorded whole
        result.compactions += 1
        self.bus.emit(
            ev.COMPACTION, step, method=method, tokens_before=before, tokens_after=after, window=budget.window
        )
        return after

    def _summarize(self, span: list[Message]) -> str:
        reply = self.model.query(summary_request(span), None, cancel=self.cancel)
        text, _ = strip_reasoning(reply.content)
        return text.strip()[:4000] or "(the model gave no summary)"

    def _append_observations(self, outcome: StepOutcome, *, native: bool) -> None:
        from opencoder.sandbox.capture import truncate_text

        texts = []
        for call_id, raw in outcome.observations:
            text = truncate_text(raw, self.budget.observation_char_cap()) if self.budget else raw
            if native and not call_id.endswith("_blocks"):
                self.messages.append({"role": "tool", "tool_call_id": call_id, "content": text})
            else:
                texts.append(text)
        if texts:
            self.messages.append({"role": "user", "content": "\n\n".join(texts)})

    def _format_error(self, step: int, reply: ModelReply, visible: str, error: str) -> None:
        self.bus.emit(ev.FORMAT_ERROR, step, error=error)
        self.messages.append({"role": "assistant", "content": visible or reply.content or "(empty)"})
        self.messages.append(
            {
                "role": "user",
                "content": render(
                    "format_error", error=error, protocol=self.model.protocol, tool_names=list(self.tools)
                ),
            }
        )

    def _check_loop(self, step: int, loops: LoopDetector, calls: list[ToolCall], outcome: StepOutcome) -> bool:
        verdict = loops.record(calls, "\n".join(text for _, text in outcome.observations))
        if verdict == "warn":
            name = calls[0].name if calls else "same"
            self.bus.emit(ev.NOTICE, step, kind="loop_warning", message=f"the model repeated {name} 3 times")
            self.add_user_message(render("loop_warning", tool=name, repeats=loops.warn_after))
        return verdict == "stop"


def _tool_view(spec: ToolSpec) -> dict[str, str]:
    props = spec.parameters.get("properties", {})
    required = set(spec.parameters.get("required", []))
    args = ", ".join(
        f"{name} ({p.get('type', 'any')}{'' if name in required else ', optional'})" for name, p in props.items()
    )
    return {"name": spec.name, "description": spec.description, "args_summary": args or "none"}


def _step_message(calls: list[ToolCall], outcome: StepOutcome) -> str:
    names = ", ".join(dict.fromkeys(c.name for c in calls)) or "edit blocks"
    return f"{names}: {', '.join(outcome.changed)}"
