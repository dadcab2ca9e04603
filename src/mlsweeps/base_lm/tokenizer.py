"""A byte-level BPE tokenizer trained on the corpus, wrapped as a `transformers` fast tokenizer.

Byte-level BPE (the GPT-2 / Qwen scheme) can encode any string, so evaluation texts with words the
corpus never used still tokenize, and ``decode(encode(x)) == x`` holds exactly. The special tokens
and the chat template follow Qwen's, so code written for a Qwen3 hub model runs unchanged on it.
"""
from __future__ import annotations

from typing import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast

from .config import TokenizerConfig

__all__ = ["EOS_TOKEN", "PAD_TOKEN", "SPECIAL_TOKENS", "CHAT_TEMPLATE", "train_tokenizer"]

EOS_TOKEN = "<|endoftext|>"
"""Ends every document in pretraining; also the bos token (never added automatically)."""
PAD_TOKEN = "<|pad|>"
"""Padding only, so that masking pads can never mask a real end of text."""
SPECIAL_TOKENS: tuple[str, ...] = (EOS_TOKEN, PAD_TOKEN, "<|im_start|>", "<|im_end|>", "<think>", "</think>")
"""Ids 0..5 in this order."""

# Qwen-style turns. Unlike Qwen3's own template, thinking is off unless asked for: the generation
# prompt gets "<think>\n" only when the caller passes enable_thinking=True.
CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' -}}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}"
    "{{- '<|im_start|>assistant\\n' -}}"
    "{%- if enable_thinking is defined and enable_thinking -%}{{- '<think>\\n' -}}{%- endif -%}"
    "{%- endif -%}"
)


def _bpe(texts: Iterable[str], cfg: TokenizerConfig) -> Tokenizer:
    """Train the raw `tokenizers` BPE model: GPT-2 pre-splitting, no normalisation, no added tokens."""
    tokenizer = Tokenizer(models.BPE())
    # add_prefix_space=False keeps decode(encode(x)) == x for text that starts without a space.
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=cfg.vocab_size,
        min_frequency=cfg.min_frequency,
        special_tokens=list(SPECIAL_TOKENS),
        # All 256 byte symbols, seen in the corpus or not, so no input is ever unknown.
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def train_tokenizer(texts: Iterable[str], cfg: TokenizerConfig, *, model_max_length: int) -> PreTrainedTokenizerFast:
    """Train byte-level BPE on ``texts`` and wrap it with Qwen-style special tokens and chat template.

    eos and bos are ``<|endoftext|>`` and pad is ``<|pad|>``; nothing is added around an encoded
    text (no bos), as with Qwen. ``padding_side`` is "right"; callers that batch prompts for
    generation set it to "left". ``model_max_length`` is the longest input it reports: the model's
    ``max_position``. Save it with ``save_pretrained``; ``AutoTokenizer`` loads it back.
    """
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=_bpe(texts, cfg),
        eos_token=EOS_TOKEN,
        bos_token=EOS_TOKEN,
        pad_token=PAD_TOKEN,
        additional_special_tokens=list(SPECIAL_TOKENS[2:]),
        padding_side="right",
        model_max_length=model_max_length,
        # Cleaning up spaces before punctuation would break decode(encode(x)) == x.
        clean_up_tokenization_spaces=False,
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer
