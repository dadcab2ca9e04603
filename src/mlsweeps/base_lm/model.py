"""The tiny base model: a `transformers` Qwen3 causal LM built from a config, randomly initialised.

Using a stock architecture (not a hand-written module) is what lets the saved folder load through
``AutoModelForCausalLM.from_pretrained`` exactly like a hub checkpoint, LoRA and generation included.
"""
from __future__ import annotations

from transformers import PreTrainedModel, PreTrainedTokenizerBase, Qwen3Config, Qwen3ForCausalLM

from .config import TinyLMConfig

__all__ = ["build_config", "build_model", "n_params"]


def build_config(cfg: TinyLMConfig, tokenizer: PreTrainedTokenizerBase) -> Qwen3Config:
    """The `transformers` config of the model, with the vocabulary and special ids of ``tokenizer``."""
    return Qwen3Config(
        vocab_size=len(tokenizer),
        hidden_size=cfg.hidden_size,
        intermediate_size=cfg.intermediate_size,
        num_hidden_layers=cfg.n_layers,
        num_attention_heads=cfg.n_heads,
        num_key_value_heads=cfg.n_kv_heads,
        head_dim=cfg.hidden_size // cfg.n_heads,
        max_position_embeddings=cfg.max_position,
        # Input and output embeddings share one matrix: at this size the embedding is a third of
        # the parameters, and tying is what Qwen3's small models do too.
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        use_cache=True,
    )


def build_model(cfg: TinyLMConfig, tokenizer: PreTrainedTokenizerBase) -> PreTrainedModel:
    """A randomly initialised Qwen3ForCausalLM (float32); seed torch before calling for a fixed init."""
    if tokenizer.model_max_length > cfg.max_position:
        raise ValueError(f"tokenizer.model_max_length ({tokenizer.model_max_length}) exceeds model.max_position ({cfg.max_position}); set them equal")
    model = Qwen3ForCausalLM(build_config(cfg, tokenizer))
    # Greedy decoding by default, and a pad id, so generate() neither samples nor warns.
    model.generation_config.do_sample = False
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    return model


def n_params(model) -> int:
    """Number of distinct parameters (a tied matrix is counted once)."""
    return sum(p.numel() for p in model.parameters())
