"""Tool-call cards (collapsible; live state while running) and the approval card."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from opencoder.tui.approval import KIND_LABELS, ApprovalRequest

# Cards show the tail of long output; the model saw all of it, the user can read the log.
OUTPUT_LINES = 12
DIFF_LINES = 60
# Tools whose cards start open: what changed and what ran is what the user must see.
OPEN_BY_DEFAULT = {"shell", "run_tests", "str_replace", "write_file", "create_file", "insert", "apply_patch"}


class DiffView(Widget):
    """A unified diff, coloured from the current theme (so it reads in light and dark)."""

    DEFAULT_CSS = "DiffView { height: auto; }"

    def __init__(self, diff: str, *, max_lines: int = DIFF_LINES, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.diff = diff
        self.max_lines = max_lines

    def render(self) -> Text:
        theme = self.app.current_theme
        styles = {"+": theme.success or "green", "-": theme.error or "red", "@": theme.accent or "cyan"}
        lines = self.diff.splitlines()
        hidden = max(0, len(lines) - self.max_lines)
        text = Text()
        for line in lines[: self.max_lines]:
            if line.startswith(("+++", "---", "diff ", "index ")):
                text.append(line + "\n", style="bold")
            else:
                text.append(line + "\n", style=styles.get(line[:1], ""))
        if hidden:
            text.append(f"… {hidden} more lines (/diff shows everything)\n", style="italic")
        text.rstrip()
        return text


class ToolCard(Collapsible):
    """One tool call: a one-line title, then the command/diff/output below."""

    def __init__(
        self, call_id: str, name: str, arguments: dict[str, Any], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.call_id = call_id
        self.tool = name
        self.arguments = arguments
        self.clock = clock
        self.started = clock()
        children: list[Widget] = []
        if name == "shell":
            children.append(Static(Text("$ " + str(arguments.get("command", ""))), classes="command"))
        children.append(Static(Text("running…"), classes="pending"))
        self.body = Vertical(*children, classes="tool-body")
        super().__init__(
            self.body, title=self._heading("⋯"), collapsed=name not in OPEN_BY_DEFAULT, classes="tool-card running"
        )

    def _heading(self, state: str) -> str:
        return f"{state} {self.tool}  {summarize(self.tool, self.arguments)}"

    def tick(self) -> None:
        """Show that a long command is still alive."""
        if self.has_class("running"):
            self.title = self._heading(f"⋯ {int(self.clock() - self.started)}s")

    def waiting(self, text: str) -> None:
        for pending in self.body.query(".pending").results(Static):
            pending.update(Text(text))

    async def finish(self, ok: bool, output: str, data: dict[str, Any]) -> None:
        self.remove_class("running")
        self.add_class("ok" if ok else "failed")
        denied = bool(data.get("denied"))
        mark = "⊘" if denied else ("✓" if ok else "✗")
        extra = ""
        if "exit_code" in data and data["exit_code"] not in (0, None):
            extra = f"  [exit {data['exit_code']}]"
        self.title = self._heading(mark) + extra
        await self.body.query(".pending").remove()
        diff = str(data.get("diff") or "")
        if diff:
            await self.body.mount(DiffView(diff))
        elif output.strip():
            lines = output.rstrip().splitlines()
            shown = lines[-OUTPUT_LINES:]
            head = f"… {len(lines) - len(shown)} lines above\n" if len(lines) > len(shown) else ""
            await self.body.mount(Static(Text(head + "\n".join(shown)), classes="output"))
        if denied or not ok:
            self.collapsed = False


def summarize(name: str, args: dict[str, Any], width: int = 60) -> str:
    """A call's arguments in one short line."""
    if name == "shell":
        text = str(args.get("command", ""))
    elif "path" in args:
        text = str(args["path"])
        if name == "read_file" and args.get("start_line"):
            text += f":{args['start_line']}-{args.get('end_line', '')}"
    elif name == "search":
        text = str(args.get("pattern", ""))
    elif name == "submit":
        text = str(args.get("summary", ""))
    else:
        text = json.dumps(args, ensure_ascii=False) if args else ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class ApprovalCard(Vertical, can_focus=True):
    """Asks y / n / a for one pending call; the agent's thread waits for the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "decide('y')", "allow once"),
        Binding("a", "decide('a')", "always allow this kind"),
        Binding("n", "decide('n')", "deny"),
    ]

    class Decided(Message):
        def __init__(self, card: ApprovalCard, choice: str) -> None:
            super().__init__()
            self.card = card
            self.choice = choice

    def __init__(self, request: ApprovalRequest) -> None:
        super().__init__(classes="approval-card")
        self.request = request
        self.border_title = f"approve? {request.title}"

    def compose(self) -> ComposeResult:
        body = self.request.preview or "(nothing to show)"
        if self.request.preview_is_diff:
            yield DiffView(body, max_lines=14, classes="approval-preview")
        else:
            yield Static(Text(body), classes="approval-preview")
        label = KIND_LABELS.get(self.request.kind, self.request.kind)
        yield Static(Text(f"[y] allow  [n] deny  [a] always allow {label}  [Esc] stop"), classes="approval-keys")

    def action_decide(self, choice: str) -> None:
        self.post_message(self.Decided(self, choice))
