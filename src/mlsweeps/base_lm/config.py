"""Dataclass configs of the base-LM stage; each is saved as JSON beside the model it built.

Rule scripts build these from ``snakemake.params`` with ``from_dict``, so a value has one default
and one check (``__post_init__``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..configs import check as _check
from ..configs import from_dict, to_dict

__all__ = ["CorpusConfig", "TokenizerConfig", "TinyLMConfig", "PretrainConfig", "from_dict", "to_dict"]


@dataclass(frozen=True)
class CorpusConfig:
    """The generated pretraining corpus: short English documents of several kinds."""

    n_documents: int = 12000
    """Documents generated (about 240 characters each on average: 12000 give ~2.8 MB, ~1.4M tokens at vocab 512)."""
    seed: int = 0
    """Seed of the generator; the corpus is a pure function of this config and the excluded texts."""
    min_sentences: int = 3
    """Fewest sentences in a document (a Q/A document has half as many pairs; code documents have their own sizes)."""
    max_sentences: int = 8
    """Most sentences in a document (inclusive)."""

    def __post_init__(self):
        _check(self.n_documents >= 1, f"corpus.n_documents must be >= 1, got {self.n_documents}")
        _check(self.min_sentences >= 1, f"corpus.min_sentences must be >= 1, got {self.min_sentences}")
        _check(self.max_sentences >= self.min_sentences, f"corpus.max_sentences ({self.max_sentences}) must be >= corpus.min_sentences ({self.min_sentences})")


@dataclass(frozen=True)
class TokenizerConfig:
    """Byte-level BPE trained on the corpus with the `tokenizers` library."""

    vocab_size: int = 512
    """Vocabulary size including the 256 byte symbols and the special tokens. A small vocabulary (~250 merges:
    frequent words and common word pieces) splits words the corpus never used into familiar pieces, so
    the model generalises to other text; 2048 merged many whole corpus words and generalised badly."""
    min_frequency: int = 2
    """A pair must occur at least this often in the corpus to be merged."""
    model_max_length: int = 256
    """Longest input the tokenizer reports; keep it equal to the model's ``max_position``."""

    def __post_init__(self):
        # 256 byte symbols + 6 special tokens must fit, with room for at least some merges.
        _check(self.vocab_size >= 300, f"tokenizer.vocab_size must be >= 300 (256 bytes + specials + merges), got {self.vocab_size}")
        _check(self.min_frequency >= 1, f"tokenizer.min_frequency must be >= 1, got {self.min_frequency}")
        _check(self.model_max_length >= 1, f"tokenizer.model_max_length must be >= 1, got {self.model_max_length}")


@dataclass(frozen=True)
class TinyLMConfig:
    """Shape of the base model: a Qwen3 decoder (RMSNorm, RoPE, GQA, SwiGLU) with tied embeddings."""

    hidden_size: int = 128
    """Width of the residual stream."""
    n_layers: int = 2
    """Decoder blocks. Two blocks train almost twice as fast per step as four, and within the same time
    budget reach a lower loss: at this size the model is short of training steps, not of capacity."""
    n_heads: int = 4
    """Query heads; head_dim = hidden_size / n_heads."""
    n_kv_heads: int = 2
    """Key/value heads (grouped-query attention); must divide n_heads."""
    intermediate_size: int = 384
    """Width of the SwiGLU MLP."""
    max_position: int = 256
    """Longest sequence the model is configured for (RoPE needs no learned table, so this is a bound)."""

    def __post_init__(self):
        _check(self.n_layers >= 1, f"model.n_layers must be >= 1, got {self.n_layers}")
        _check(self.n_heads >= 1 and self.n_kv_heads >= 1, "model.n_heads and model.n_kv_heads must be >= 1")
        _check(self.hidden_size % self.n_heads == 0, f"model.hidden_size ({self.hidden_size}) must be divisible by model.n_heads ({self.n_heads})")
        _check(self.n_heads % self.n_kv_heads == 0, f"model.n_heads ({self.n_heads}) must be divisible by model.n_kv_heads ({self.n_kv_heads})")
        # RoPE rotates pairs of dimensions, so each head needs an even width.
        _check((self.hidden_size // self.n_heads) % 2 == 0, f"model.hidden_size / model.n_heads must be even for RoPE, got {self.hidden_size // self.n_heads}")
        _check(self.intermediate_size >= 1, f"model.intermediate_size must be >= 1, got {self.intermediate_size}")
        _check(self.max_position >= 2, f"model.max_position must be >= 2, got {self.max_position}")


@dataclass(frozen=True)
class PretrainConfig:
    """AdamW pretraining on packed blocks of the corpus, with a held-out share for evaluation."""

    steps: int = 600
    """Optimizer steps (~1.2M tokens, about one pass over the default corpus; 65-80 s on 2 CPU threads)."""
    batch_size: int = 16
    """Blocks per step; tokens per step = batch_size × seq_len."""
    seq_len: int = 128
    """Tokens per packed block; at most the model's max_position."""
    lr: float = 2e-3
    """Peak learning rate, reached after the warm-up (3e-3 and above train worse at this size)."""
    warmup_steps: int = 30
    """Linear warm-up from lr / warmup_steps to lr; a cosine decay to 10 % of lr follows."""
    weight_decay: float = 0.1
    """AdamW decoupled weight decay, on matrices only (not on norm gains)."""
    grad_clip: float = 1.0
    """Clip the global gradient norm to this value; 0 disables clipping."""
    seed: int = 0
    """Seed of the held-out split and of the batch order."""
    eval_every: int = 300
    """Evaluate on the held-out blocks every this many steps (and after the last); each evaluation costs ~2 s."""
    eval_fraction: float = 0.05
    """Share of the documents held out for evaluation (split by document, so no block straddles both)."""

    def __post_init__(self):
        _check(self.steps >= 1, f"pretrain.steps must be >= 1, got {self.steps}")
        _check(self.batch_size >= 1, f"pretrain.batch_size must be >= 1, got {self.batch_size}")
        _check(self.seq_len >= 2, f"pretrain.seq_len must be >= 2, got {self.seq_len}")
        _check(self.lr > 0, f"pretrain.lr must be > 0, got {self.lr}")
        _check(0 <= self.warmup_steps <= self.steps, f"pretrain.warmup_steps must be in [0, steps={self.steps}], got {self.warmup_steps}")
        _check(self.weight_decay >= 0, f"pretrain.weight_decay must be >= 0, got {self.weight_decay}")
        _check(self.grad_clip >= 0, f"pretrain.grad_clip must be >= 0, got {self.grad_clip}")
        _check(self.eval_every >= 1, f"pretrain.eval_every must be >= 1, got {self.eval_every}")
        _check(0 < self.eval_fraction < 1, f"pretrain.eval_fraction must be in (0, 1), got {self.eval_fraction}")
