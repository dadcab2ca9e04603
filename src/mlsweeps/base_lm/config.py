"""Dataclass configs of the base-LM stage; each is saved as JSON beside the model it built.

Fields, defaults, bounds and their meaning: the ``base_lm`` section of the config schema
(``mlsweeps.configs.schema_section``); ``__post_init__`` checks what spans several fields.
Rule scripts build these from ``snakemake.params`` with ``from_dict``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..configs import check, from_dict, schema_section, to_dict

__all__ = ["CorpusConfig", "TokenizerConfig", "TinyLMConfig", "PretrainConfig", "from_dict", "to_dict"]


@dataclass(frozen=True)
@schema_section("base_lm.corpus")
class CorpusConfig:
    """The generated pretraining corpus: short English documents of several kinds."""

    n_documents: int
    seed: int
    min_sentences: int
    max_sentences: int

    def __post_init__(self):
        check(self.max_sentences >= self.min_sentences, f"corpus.max_sentences ({self.max_sentences}) must be >= corpus.min_sentences ({self.min_sentences})")


@dataclass(frozen=True)
@schema_section("base_lm.tokenizer")
class TokenizerConfig:
    """Byte-level BPE trained on the corpus with the `tokenizers` library."""

    vocab_size: int
    min_frequency: int


@dataclass(frozen=True)
@schema_section("base_lm.model")
class TinyLMConfig:
    """Shape of the base model: a Qwen3 decoder (RMSNorm, RoPE, GQA, SwiGLU) with tied embeddings."""

    hidden_size: int
    n_layers: int
    n_heads: int
    n_kv_heads: int
    intermediate_size: int
    max_position: int

    def __post_init__(self):
        check(self.hidden_size % self.n_heads == 0, f"model.hidden_size ({self.hidden_size}) must be divisible by model.n_heads ({self.n_heads})")
        check(self.n_heads % self.n_kv_heads == 0, f"model.n_heads ({self.n_heads}) must be divisible by model.n_kv_heads ({self.n_kv_heads})")
        # RoPE rotates pairs of dimensions, so each head needs an even width.
        check((self.hidden_size // self.n_heads) % 2 == 0, f"model.hidden_size / model.n_heads must be even for RoPE, got {self.hidden_size // self.n_heads}")


@dataclass(frozen=True)
@schema_section("base_lm.pretrain")
class PretrainConfig:
    """AdamW pretraining on packed blocks of the corpus, with a held-out share for evaluation."""

    steps: int
    batch_size: int
    seq_len: int
    lr: float
    warmup_steps: int
    weight_decay: float
    grad_clip: float
    seed: int
    eval_every: int
    eval_fraction: float

    def __post_init__(self):
        check(self.warmup_steps <= self.steps, f"pretrain.warmup_steps must be in [0, steps={self.steps}], got {self.warmup_steps}")
