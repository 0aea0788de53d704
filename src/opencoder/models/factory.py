"""Turn a model name from config into a Model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from opencoder.config import ModelConfig
from opencoder.errors import UserError


class ModelHandle:
    """A model plus whatever must be stopped with it (the bundled local server)."""

    def __init__(self, model: Any, server: Any = None) -> None:
        self.model = model
        self.server = server

    def close(self) -> None:
        self.model.close()
        if self.server is not None:
            self.server.stop()


def open_model(cfg: ModelConfig, *, verbose: bool = False, notify: Any = None) -> ModelHandle:
    name = cfg.name.strip()
    if not name:
        raise UserError("no model given: pass --model (e.g. --model local, --model ollama_chat/qwen2.5-coder:7b)")
    if name == "noop":
        from opencoder.models.scripted import NoopModel

        return ModelHandle(NoopModel())
    if name.startswith("scripted:"):
        from opencoder.models.scripted import ScriptedModel

        return ModelHandle(ScriptedModel.from_file(Path(name.split(":", 1)[1]).expanduser()))
    if name == "oracle":
        raise UserError("the oracle model only runs inside `opencoder eval`")

    from opencoder.models.litellm_model import LitellmModel

    server = None
    api_base = cfg.api_base
    protocol = cfg.protocol
    model_name = name
    context_window = cfg.context_window
    if name == "local":
        from opencoder.models import local_server

        model_name = local_server.MODEL_ALIAS
        protocol = "text" if protocol == "auto" else protocol
        context_window = context_window or local_server.DEFAULT_CTX
        api_base = api_base or os.environ.get("OPENCODER_LOCAL_URL")
        if not api_base or not local_server.server_answers(api_base):
            server = local_server.LocalServer(n_ctx=context_window).start()
            api_base = server.base_url
    elif name.startswith("openai/") and not api_base and not os.environ.get("OPENAI_API_KEY"):
        raise UserError(f"model {name} needs --api-base URL (an OpenAI-compatible server) or OPENAI_API_KEY")

    if server is None and api_base:
        _check_reachable(api_base, model_name, cfg.request_timeout_s, notify)
    if server is None:
        context_window = decide_window(context_window, model_name, api_base)

    api_key = os.environ.get(cfg.api_key_env) if cfg.api_key_env else None
    if api_base and not api_key and model_name.startswith(("openai/", "hosted_vllm/")):
        api_key = "sk-no-key-needed"  # local OpenAI-compatible servers ignore it; the client insists
    try:
        model = LitellmModel(
            model_name,
            api_base=api_base,
            api_key=api_key,
            protocol=protocol,
            temperature=cfg.temperature,
            max_reply_tokens=cfg.max_reply_tokens,
            context_window=context_window,
            request_timeout_s=cfg.request_timeout_s,
            idle_timeout_s=cfg.idle_timeout_s,
            retries=cfg.retries,
            verbose=verbose,
            stop=cfg.stop,
        )
    except BaseException:
        if server is not None:
            server.stop()
        raise
    if server is not None:
        model.server_gone = server.exit_reason
    return ModelHandle(model, server)


def _check_reachable(api_base: str, model: str, timeout: float, notify: Any) -> None:
    """Fail fast, in one line, when nothing listens; wait (saying so) while a server loads its model."""
    from opencoder.errors import ModelError
    from opencoder.models.probe import wait_until_ready

    status = wait_until_ready(api_base, model, timeout=timeout, notify=notify)
    if not status.reachable:
        raise ModelError(
            f"cannot reach the model server at {api_base} ({status.detail}): start it "
            "(e.g. `ollama serve`, `vllm serve MODEL`, `llama-server -m MODEL.gguf`) or use --model local"
        )
    if status.loading:
        raise ModelError(f"the model server at {api_base} was still loading the model after {timeout:.0f}s")


OLLAMA_MAX_DEFAULT = 32768  # a model's trained maximum can be far more than memory allows
FALLBACK_WINDOW = 8192


def decide_window(configured: int | None, model: str, api_base: str | None) -> int:
    """The context window to budget for: config, else the server's report, else the family
    profile, else litellm's model info, else a conservative default."""
    if configured:
        return configured
    from opencoder.models.probe import is_ollama
    from opencoder.models.profiles import resolve_profile

    reported = _probe_window(api_base, model) if api_base else None
    profile = resolve_profile(model)
    family = profile.settings.get("context_window") if profile else None
    if is_ollama(model):
        # Ollama's window is the num_ctx we send; never more than the model was trained for.
        wanted = int(family or OLLAMA_MAX_DEFAULT)
        return min(wanted, reported) if reported else wanted
    return int(reported or family or _litellm_window(model) or FALLBACK_WINDOW)


def _probe_window(api_base: str, model: str) -> int | None:
    from opencoder.models.probe import server_context_window

    try:
        return server_context_window(api_base, model)
    except Exception:
        return None


def _litellm_window(model: str) -> int | None:
    from opencoder.models.litellm_model import import_litellm

    try:
        info = import_litellm().get_model_info(model)
    except Exception:
        return None
    value = info.get("max_input_tokens") or info.get("max_tokens")
    return int(value) if value else None
