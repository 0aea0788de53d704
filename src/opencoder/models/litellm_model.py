"""Any litellm model string, streamed, with retries, timeouts and quiet logs."""

from __future__ import annotations

import logging
import os
import queue
import random
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

from opencoder.errors import Interrupted, ModelError
from opencoder.models.base import Message, ModelReply, TokenCallback, Usage

RETRYABLE = (
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "APIConnectionError",
    "Timeout",
    "APIError",
    "BadGatewayError",
    "MidStreamFallbackError",  # the connection broke or the server sent junk after the stream began
)
# Providers whose streams end with a finish_reason from the server: a stream that
# ends without one was cut off (server crash, proxy timeout), not finished.
FINISH_REASON_PROVIDERS = {"openai", "hosted_vllm", "custom_openai", "openai_like"}


class IncompleteStream(Exception):
    """The server closed the stream before saying it was done; the reply may be cut short."""


def _retryable(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & set(RETRYABLE)) or isinstance(exc, (TimeoutError, ConnectionError, IncompleteStream))


def import_litellm(verbose: bool = False) -> Any:
    """Import litellm offline and silent: no cost-map download, no banners."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import litellm
    litellm.suppress_debug_info = True
    litellm.telemetry = False
    litellm.drop_params = True
    # Token counting for llama/cohere names would fetch tokenizers from a hub at run time.
    litellm.disable_hf_tokenizer_download = True
    level = logging.DEBUG if verbose else logging.CRITICAL
    for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm", "httpx", "openai"):
        logging.getLogger(name).setLevel(level)
    if not verbose:
        warnings.filterwarnings("ignore", module="litellm")
        warnings.filterwarnings("ignore", module="pydantic")
    return litellm


class LitellmModel:
    def __init__(
        self,
        name: str,
        *,
        api_base: str | None = None,
        api_key: str | None = None,
        protocol: str = "auto",
        temperature: float = 0.0,
        max_reply_tokens: int = 1024,
        context_window: int | None = None,
        request_timeout_s: float = 600.0,
        idle_timeout_s: float = 120.0,
        retries: int = 3,
        verbose: bool = False,
        extra: dict[str, Any] | None = None,
        stop: list[str] | None = None,
    ) -> None:
        self.litellm = import_litellm(verbose)
        self.name = name
        self.api_base = api_base
        self.api_key = api_key
        self.temperature = temperature
        self.max_reply_tokens = max_reply_tokens
        self.context_window = context_window
        self.request_timeout_s = request_timeout_s
        self.idle_timeout_s = idle_timeout_s
        self.retries = retries
        self.extra = dict(extra or {})
        if stop:
            self.extra["stop"] = list(stop)
        # The embedded server's own account of why it went away; plain endpoints have none.
        self.server_gone: Callable[[], str | None] = lambda: None
        self.protocol = self._detect_protocol() if protocol == "auto" else protocol
        self.auto_protocol = protocol == "auto"
        # Ollama silently cuts prompts at its 2k default unless told the window.
        if name.startswith(("ollama/", "ollama_chat/")) and context_window:
            self.extra.setdefault("num_ctx", context_window)

    def _detect_protocol(self) -> str:
        try:
            native = self.litellm.supports_function_calling(model=self.name)
        except Exception:
            native = False
        return "native" if native else "text"

    def close(self) -> None:
        pass

    def count_tokens(self, text: str) -> int:
        try:
            return int(self.litellm.token_counter(model=self.name, text=text))
        except Exception:
            return max(1, len(text) // 4)

    def query(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None = None,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelReply:
        attempt = 0
        while True:
            try:
                return self._query_once(messages, tools, on_token, cancel)
            except (ModelError, Interrupted):
                raise
            except Exception as exc:  # litellm raises many types; classify by name
                if not _retryable(exc) or attempt >= self.retries:
                    raise ModelError(self._explain(exc)) from None
                delay = _retry_after(exc) or min(2.0**attempt, 30.0) * (0.5 + random.random())
                attempt += 1
                if cancel is not None and cancel.wait(delay):
                    raise Interrupted("interrupted while waiting to retry") from None
                if cancel is None:
                    time.sleep(delay)

    def _kwargs(self, messages: list[Message], tools: list[dict[str, Any]] | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.name,
            "messages": messages,
            "temperature": self.temperature,
            "max_tokens": self.max_reply_tokens,
            "stream": True,
            "stream_options": {"include_usage": True},
            # httpx read timeout: bounds the wait for the first byte; the idle gap
            # between tokens is enforced below, where prefill time is known to be over.
            "timeout": self.request_timeout_s,
            "num_retries": 0,
            **self.extra,
        }
        if self.api_base:
            kwargs["api_base"] = self.api_base
        if self.api_key:
            kwargs["api_key"] = self.api_key
        if tools and self.protocol == "native":
            kwargs["tools"] = tools
        return kwargs

    def _query_once(
        self,
        messages: list[Message],
        tools: list[dict[str, Any]] | None,
        on_token: TokenCallback | None,
        cancel: threading.Event | None = None,
    ) -> ModelReply:
        started = time.monotonic()
        chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
        kwargs = self._kwargs(messages, tools)

        def consume() -> None:
            try:
                stream = self.litellm.completion(**kwargs)
                for chunk in stream:
                    chunks.put(("chunk", chunk))
                if (
                    getattr(stream, "custom_llm_provider", None) in FINISH_REASON_PROVIDERS
                    and getattr(stream, "received_finish_reason", "") is None
                ):
                    chunks.put(("error", IncompleteStream("the stream ended before the server finished its reply")))
                    return
                chunks.put(("end", None))
            except BaseException as exc:  # handed to the caller's thread
                chunks.put(("error", exc))

        # The stream is read in a thread so that the caller can enforce the idle
        # and total deadlines and stay responsive to Ctrl-C.
        threading.Thread(target=consume, daemon=True, name="model-stream").start()
        content: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        usage = Usage()
        finish: str | None = None
        first = True
        last = started
        total_deadline = started + self.request_timeout_s
        while True:
            now = time.monotonic()
            deadline = total_deadline if first else min(last + self.idle_timeout_s, total_deadline)
            if now >= deadline:
                if now >= total_deadline:
                    raise ModelError(f"model request exceeded the {self.request_timeout_s:.0f}s total timeout")
                raise TimeoutError(f"model stream stalled: no token for {self.idle_timeout_s:.0f}s")
            if cancel is not None and cancel.is_set():
                raise Interrupted("interrupted while the model was replying")
            try:
                # Short waits so an interrupt is noticed at once, even mid-prefill.
                kind, item = chunks.get(timeout=min(deadline - now, 0.2))
            except queue.Empty:
                continue
            last = time.monotonic()
            if kind == "error":
                raise item
            if kind == "end":
                break
            first = False
            finish = self._absorb(item, content, calls, on_token) or finish
            chunk_usage = getattr(item, "usage", None)
            if chunk_usage:
                usage = Usage(
                    int(getattr(chunk_usage, "prompt_tokens", 0) or 0),
                    int(getattr(chunk_usage, "completion_tokens", 0) or 0),
                )
        text = "".join(content)
        if not usage.prompt_tokens:
            usage = self._estimate_usage(messages, text)
        native = [(c["id"], c["name"], c["arguments"]) for _, c in sorted(calls.items())]
        return ModelReply(
            content=text,
            native_calls=native,
            usage=usage,
            cost=self._cost(usage),
            duration_s=time.monotonic() - started,
            finish_reason=finish,
        )

    @staticmethod
    def _absorb(
        chunk: Any, content: list[str], calls: dict[int, dict[str, str]], on_token: TokenCallback | None
    ) -> str | None:
        choices = getattr(chunk, "choices", None) or []
        if not choices:
            return None
        choice = choices[0]
        delta = getattr(choice, "delta", None)
        if delta is not None:
            piece = getattr(delta, "content", None)
            if piece:
                content.append(piece)
                if on_token:
                    on_token(piece)
            for tc in getattr(delta, "tool_calls", None) or []:
                index = getattr(tc, "index", None) or 0
                slot = calls.setdefault(index, {"id": "", "name": "", "arguments": ""})
                if getattr(tc, "id", None):
                    slot["id"] = tc.id
                fn = getattr(tc, "function", None)
                if fn is not None:
                    if getattr(fn, "name", None):
                        slot["name"] += fn.name
                    if getattr(fn, "arguments", None):
                        slot["arguments"] += fn.arguments
        return getattr(choice, "finish_reason", None)

    def _estimate_usage(self, messages: list[Message], text: str) -> Usage:
        try:
            prompt = int(self.litellm.token_counter(model=self.name, messages=messages))
        except Exception:
            prompt = sum(len(str(m.get("content") or "")) for m in messages) // 4
        return Usage(prompt, self.count_tokens(text) if text else 0)

    def _cost(self, usage: Usage) -> float:
        # Unknown prices are normal for local models: they cost nothing, never an error.
        try:
            prompt_cost, completion_cost = self.litellm.cost_per_token(
                model=self.name,
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
            )
            return float(prompt_cost + completion_cost)
        except Exception:
            return 0.0

    def _explain(self, exc: BaseException) -> str:
        gone = self.server_gone()
        if gone:  # the embedded server died: whatever broke the request, that is the cause
            return gone
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        text = text.removeprefix("litellm.")
        where = self.api_base or "the provider's default endpoint"
        lowered = text.lower()
        if isinstance(exc, IncompleteStream):
            return f"the model server at {where} ({self.name}) kept cutting its reply off mid-stream: {text}"
        if type(exc).__name__ == "MidStreamFallbackError":
            junk = any(word in lowered for word in ("expecting", "json", "decode", "property name"))
            cause = "it sent a malformed stream" if junk else "the connection broke"
            return (
                f"the model server at {where} ({self.name}) failed mid-reply ({cause}): "
                f"{text.rpartition(' - ')[2][:200]}"
            )
        if "connection" in lowered or "connect" in lowered or isinstance(exc, ConnectionError):
            return (
                f"cannot reach the model server at {where} ({self.name}): start it "
                "(e.g. `ollama serve`, `vllm serve`, `llama-server`) or use `--model local`"
            )
        # After the connection check: litellm marks a refused connection as status 500 too.
        code = getattr(exc, "status_code", None)
        if (isinstance(code, int) and code >= 500) or code == 429:
            said = text.rpartition(" - ")[2].strip()[:200] or type(exc).__name__
            return f"the model server at {where} ({self.name}) answered HTTP {code} {self.retries + 1} time(s): {said}"
        if "auth" in lowered or "api key" in lowered or "401" in lowered:
            return f"the model endpoint {where} rejected the credentials for {self.name}: set model.api_key_env"
        if "not found" in lowered or "404" in lowered:
            return f"model {self.name} not found at {where}: check the model name and --api-base"
        return f"model {self.name} at {where} failed: {text[:300]}"


def _retry_after(exc: BaseException) -> float | None:
    value = None
    for headers in (
        getattr(exc, "litellm_response_headers", None),
        getattr(exc, "headers", None),
        getattr(getattr(exc, "response", None), "headers", None),
    ):
        if headers:
            value = headers.get("retry-after") or headers.get("Retry-After")
            if value is not None:
                break
    try:
        return min(float(value), 60.0) if value is not None else None
    except ValueError:
        return None
