"""The chat template, the one way every study turns messages into token ids.

Thinking is switched off through the template (``enable_thinking=False``), which is how Qwen3's
template reads it; templates without such a switch (SmolLM2's ChatML, the tiny LM's) ignore it.
"""
from __future__ import annotations

from typing import Mapping, Sequence

__all__ = ["chat_prompt_ids"]


def chat_prompt_ids(tokenizer, messages: Sequence[Mapping[str, str]]) -> list[int]:
    """Ids of ``messages`` through the tokenizer's chat template, ending with the opening of the assistant's reply."""
    text = tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True, enable_thinking=False)
    return list(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])  # long prompts are the caller's to trim
