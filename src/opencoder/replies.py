"""A model's reply read as actions (native tool calls, or calls written as text), and
written back into the conversation the way the model's protocol expects."""

from __future__ import annotations

import json
from collections.abc import Mapping

from opencoder.actions import parse_actions, parse_arguments, strip_reasoning
from opencoder.models.base import Message, ModelReply, ToolCall
from opencoder.tooling.registry import ToolSpec


def read_actions(
    reply: ModelReply, tools: Mapping[str, ToolSpec], edit_format: str
) -> tuple[list[ToolCall], str | None, str]:
    """(the calls, an error to tell the model or None, the reply's visible text)."""
    if reply.native_calls:
        visible, _ = strip_reasoning(reply.content)
        calls: list[ToolCall] = []
        for call_id, name, raw in reply.native_calls:
            args, error = parse_arguments(raw)
            if error:
                return [], f"the arguments of your {name} call are not valid JSON: {error}", visible
            calls.append(ToolCall(name=name, arguments=args, id=call_id, raw=raw))
        return calls, None, visible
    if not reply.content.strip():
        return [], "your reply was empty", ""
    # Text protocol, and native models that wrote their call as text anyway.
    shell = None if edit_format != "tools" else "shell"
    parsed = parse_actions(
        reply.content,
        list(tools),
        default_shell_tool=shell,
        tool_schemas={n: t.parameters for n, t in tools.items()},
    )
    return parsed.calls, parsed.error, parsed.text or strip_reasoning(reply.content)[0]


def assistant_message(reply: ModelReply, visible: str, calls: list[ToolCall]) -> Message:
    if reply.native_calls:
        return {
            "role": "assistant",
            "content": visible or None,
            "tool_calls": [
                {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": json.dumps(c.arguments)}}
                for c in calls
            ],
        }
    # Reasoning stays out of the next prompt; the call markup stays in, as the model wrote it.
    return {"role": "assistant", "content": strip_reasoning(reply.content)[0] or reply.content}
