"""Fitting a conversation back into the model's window: old observations are elided
first, then a span of old steps is summarised by the model, then recent observations go."""

from __future__ import annotations

from collections.abc import Callable

from opencoder.context import ContextBudget
from opencoder.models.base import Message


class ContextOverflow(Exception):
    pass


def compact(
    messages: list[Message], budget: ContextBudget, summarize: Callable[[list[Message]], str]
) -> tuple[list[Message], str, int]:
    """(the compacted messages, what was done, their tokens); raises ContextOverflow when
    even the most compact form does not fit."""
    messages, elided = budget.elide_observations(messages)
    method = f"elided {elided} old observations"
    if budget.tokens(messages) > budget.limit:
        start, end = budget.summary_span(messages)
        if end > start:
            summary = summarize(messages[start:end])
            note: Message = {"role": "user", "content": f"Summary of earlier steps:\n{summary}"}
            tail = messages[end:]
            if tail and tail[0].get("role") == "user":  # keep user/assistant turns alternating
                tail[0] = {**tail[0], "content": f"{note['content']}\n\n{tail[0]['content']}"}
                messages = messages[:start] + tail
            else:
                messages = [*messages[:start], note, *tail]
            method += f"; summarised {end - start} messages"
    if budget.tokens(messages) > budget.limit:
        messages, more = budget.elide_observations(messages, keep_recent=1)
        method += f"; elided {more} recent observations"
    after = budget.tokens(messages)
    if after > budget.limit:
        raise ContextOverflow(
            f"the prompt needs {after} tokens but the model's window is {budget.window} "
            f"(with {budget.reply_reserve} reserved for the reply): raise model.context_window "
            "or lower agent.map_tokens"
        )
    return messages, method, after
