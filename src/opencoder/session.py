"""One run end to end: model, sandbox, tools, checkpoints, repo map, trajectory.

Shared by `opencoder run`, `fix-tests`, `eval` and the TUI so they behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opencoder import events as ev
from opencoder.agent import Agent, RunResult
from opencoder.config import Config
from opencoder.errors import InfraError, Interrupted, ModelError, SandboxError, UserError
from opencoder.events import EventBus, Listener
from opencoder.interrupts import deferred_interrupts
from opencoder.session_lock import SessionLock
from opencoder.session_setup import checkpoints_for, fit_tools_to_window, initial_map
from opencoder.trajectory import TrajectoryWriter, new_run_id
from opencoder.workspace_git import ensure_state_dir, git_root, refuse_git_internals, start_snapshot

EXIT_CODES = {"submitted": 0, "model_error": 3, "sandbox_error": 3, "interrupted": 130}


def exit_code_for(status: str) -> int:
    return EXIT_CODES.get(status, 1)


@dataclass
class SessionOptions:
    workspace: Path
    trajectory: Path | None = None
    listeners: list[Listener] = field(default_factory=list)
    verbose: bool = False
    model: Any = None  # an already-open Model (tests, evals); else opened from config
    sandbox: Any = None  # an already-started Sandbox
    run_id: str | None = None
    repo_map: bool = True


@dataclass
class SessionResult:
    run: RunResult
    run_id: str
    trajectory: Path
    checkpointed: bool

    def to_json(self) -> dict[str, Any]:
        r = self.run
        return {
            "status": r.status,
            "steps": r.steps,
            "tokens_in": r.usage.prompt_tokens,
            "tokens_out": r.usage.completion_tokens,
            "cost": round(r.cost, 6),
            "wall_s": round(r.wall_s, 3),
            "files_changed": r.files_changed,
            "format_errors": r.format_errors,
            "tool_failures": r.tool_failures,
            "summary": r.summary,
            "error": r.error,
            "run_id": self.run_id,
            "trajectory": str(self.trajectory),
        }


class Session:
    """A model, a sandbox and an agent kept open across turns (one for `run`, many in the TUI)."""

    def __init__(self, config: Config, options: SessionOptions) -> None:
        self.config = config
        self.options = options
        self.workspace = options.workspace.resolve()
        if not self.workspace.is_dir():
            raise UserError(f"workspace {self.workspace} is not a directory")
        refuse_git_internals(self.workspace)
        self.run_id = options.run_id or new_run_id()
        self.trajectory = options.trajectory or (
            self.workspace / config.trajectory_dir / self.run_id / "trajectory.jsonl"
        )
        self.lock = SessionLock(ensure_state_dir(self.workspace))
        self.lock.acquire(self.run_id)
        self.bus = EventBus()
        self.writer = TrajectoryWriter(self.trajectory)
        self.bus.subscribe(self.writer)
        for listener in options.listeners:
            self.bus.subscribe(listener)
        self.repo = git_root(self.workspace)
        self.handle: Any = None
        self.sandbox: Any = options.sandbox
        self._own_sandbox = options.sandbox is None
        self.agent: Agent | None = None
        self.checkpoints: Any = None
        self.model: Any = None
        self.tools: list[Any] = []
        self.last_status = ""
        from opencoder.secretfiles import SecretPolicy

        self.secrets = SecretPolicy()

    def open(self, task: str) -> None:
        """Emit run_start, then open the model and the sandbox. Raises on infrastructure errors."""
        from opencoder.models.factory import open_model
        from opencoder.sandbox import make_sandbox
        from opencoder.tooling.registry import load_tools

        config, bus = self.config, self.bus
        self.tools = load_tools(config.agent.tools)
        self.secrets = self._secret_policy(task)
        self.writer.extra = self.secrets.values
        bus.emit(
            ev.RUN_START,
            0,
            run_id=self.run_id,
            task=task,
            workspace=str(self.workspace),
            model=config.model.name,
            tools=[t.name for t in self.tools],
            git=self.repo is not None,
            start_commit=self._start_snapshot(),
            config=config.model_dump(),
        )
        if self.options.model is not None:
            self.model = self.options.model
        else:
            bus.emit(ev.NOTICE, 0, message=f"opening model {config.model.name}")
            self.handle = open_model(
                config.model, verbose=self.options.verbose, notify=lambda text: bus.emit(ev.NOTICE, 0, message=text)
            )
            self.model = self.handle.model
        if self._own_sandbox:
            try:
                self.sandbox = make_sandbox(
                    config.sandbox.kind,
                    self.workspace,
                    command_timeout=config.sandbox.command_timeout_s,
                    output_limit=config.sandbox.output_limit,
                    env_allow=config.sandbox.env_allow,
                    network=config.sandbox.network,
                    # sandbox.image once config has it; the backend's default image otherwise.
                    **({"image": image} if (image := getattr(config.sandbox, "image", None)) else {}),
                )
                self.sandbox.start()
            except (UserError, InfraError) as exc:
                # No sandbox, no run: a defined status (exit 3) with the backend's one-line reason.
                self.sandbox = None
                raise SandboxError(str(exc)) from None
        bus.emit(
            ev.NOTICE,
            0,
            kind="ready",
            message=f"model {getattr(self.model, 'name', config.model.name)} ({self.model.protocol} tool calls), "
            f"sandbox {self.sandbox.describe()}",
            model=getattr(self.model, "name", config.model.name),
            protocol=self.model.protocol,
            sandbox=self.sandbox.describe(),
        )
        self.tools = fit_tools_to_window(
            self.tools, getattr(self.model, "context_window", None), explicit=config.agent.tools is not None, bus=bus
        )
        if self.repo is None:
            bus.emit(ev.NOTICE, 0, message="not a git repository: edits will not be checkpointed")
        settings: dict[str, Any] = {
            "test_cmd": config.agent.test_cmd,
            "syntax_check": config.agent.syntax_check,
            "secret_policy": self.secrets,
        }
        from opencoder.edits.formats import choose_edit_format

        # Our text protocol is itself a tool-call protocol, so `auto` means tool edits for every
        # model unless its profile or the config asks for blocks.
        edit_format = choose_edit_format(config.agent.edit_format, calls_tools=True)
        bus.emit(ev.NOTICE, 0, kind="edit_format", message=f"edit format: {edit_format}", edit_format=edit_format)
        agent = Agent(
            self.model,
            self.sandbox,
            self.tools,
            config.agent,
            bus,
            workspace=self.workspace,
            settings=settings,
            edit_format=edit_format,
        )
        with deferred_interrupts():
            self.checkpoints = checkpoints_for(self.workspace, self.repo, self.run_id, config)
        if self.checkpoints is not None:
            checkpoints = self.checkpoints

            def before_write(paths: list[str]) -> None:
                with deferred_interrupts():
                    checkpoints.before_write(paths)

            agent.before_write = before_write

            def after_step(step: int, changed: list[str], message: str) -> None:
                # None: commit everything changed since the last step, shell edits included.
                # Signals wait for the commit: a killed git leaves index.lock and half a checkpoint.
                with deferred_interrupts():
                    sha = checkpoints.commit_step(f"opencoder step {step}: {message}", None)
                    if sha:  # recorded before a held signal is let through
                        bus.emit(ev.CHECKPOINT, step, commit=sha, paths=changed)

            agent.after_step = after_step
        self.agent = agent

    def start(self, task: str) -> RunResult:
        """First turn: map + task message, then the loop."""
        assert self.agent is not None
        repo_map = ""
        if self.options.repo_map:
            from opencoder.redact import redact_text

            repo_map = redact_text(
                initial_map(self.workspace, task, self.config, self.model, self.bus), self.secrets.values
            )
        messages = self.agent.initial_messages(task, repo_map=repo_map, checkpoints=self.repo is not None)
        return self._run(messages)

    def follow_up(self, text: str) -> RunResult:
        """A later turn in an interactive session."""
        assert self.agent is not None
        # The user may name a secrets file now; values of the files still unnamed stay redacted.
        self.secrets.note_user_text(text)
        refreshed = self._secret_policy(self.secrets.named_text)
        self.secrets.values[:] = refreshed.values
        self.agent.add_user_message(text)
        return self._run(None)

    def _secret_policy(self, text: str) -> Any:
        from opencoder.secretfiles import build_policy

        return build_policy(self.workspace, text, getattr(self.config.agent, "allow_files", None) or [])

    def _start_snapshot(self) -> str | None:
        if self.repo is None:
            return None
        with deferred_interrupts():
            return start_snapshot(self.workspace, self.run_id)

    def _run(self, messages: list[Any] | None) -> RunResult:
        assert self.agent is not None
        result = self.agent.run(messages)
        self.last_status = result.status
        return result

    def close(self, result: RunResult | None = None) -> None:
        """Stop the sandbox and the model server, and end the trajectory with run_end."""
        try:
            if self._own_sandbox and self.sandbox is not None:
                self.sandbox.close()
        finally:
            try:
                if self.handle is not None:
                    self.handle.close()
            finally:
                self.lock.release()
        total = result or (self.agent.total if self.agent else RunResult(status=self.last_status or "interrupted"))
        self.bus.emit(
            ev.RUN_END,
            total.steps,
            status=total.status,
            summary=total.summary,
            error=total.error,
            steps=total.steps,
            tokens_in=total.usage.prompt_tokens,
            tokens_out=total.usage.completion_tokens,
            cost=total.cost,
            wall_s=round(total.wall_s, 3),
            files_changed=total.files_changed,
            format_errors=total.format_errors,
        )
        self.writer.close()


def failure_result(exc: BaseException, session: Session) -> RunResult | None:
    """The run status an exception from opening or running a session ends in; None: not ours to handle."""
    if isinstance(exc, (KeyboardInterrupt, Interrupted)):
        return RunResult(status="interrupted", error="interrupted by the user")
    if isinstance(exc, ModelError):
        return RunResult(status="model_error", error=str(exc))
    if isinstance(exc, SandboxError):
        return RunResult(status="sandbox_error", error=str(exc))
    if isinstance(exc, InfraError):
        # Before the model is open the failure is the model's; after, the sandbox's.
        return RunResult(status="model_error" if session.model is None else "sandbox_error", error=str(exc))
    return None


def run_session(config: Config, task: str, options: SessionOptions) -> SessionResult:
    """One headless run: open, run the task to a terminal status, close."""
    if not task.strip():
        raise UserError('the task is empty: say what to do, e.g. opencoder run "fix the failing test"')
    session = Session(config, options)
    result: RunResult | None = None
    try:
        session.open(task)
        result = session.start(task)
    except BaseException as exc:
        result = failure_result(exc, session)
        if result is None:
            session.writer.close()
            session.lock.release()
            raise
    finally:
        if result is not None:
            session.close(result)
    return SessionResult(result, session.run_id, session.trajectory, session.repo is not None)
