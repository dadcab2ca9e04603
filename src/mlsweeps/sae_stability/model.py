"""A small causal transformer in the shape of nanoGPT, for the toy tasks of the SAE study.

Pre-LayerNorm blocks keep the residual stream a plain running sum (embedding + each block's
attention and MLP outputs), which is what the SAEs read through ``residual_stream``.

Shapes: B batch, T sequence length, C = d_model, H heads, D = C / H head size, V vocabulary.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .config import TransformerConfig

__all__ = ["CausalSelfAttention", "Mlp", "Block", "TinyTransformer"]


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.n_heads = cfg.n_heads
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)  # query, key, value of all heads in one matmul
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        H = self.n_heads
        q, k, v = self.qkv(x).split(C, dim=2)  # each (B, T, C)
        q = q.view(B, T, H, C // H).transpose(1, 2)  # (B, H, T, D)
        k = k.view(B, T, H, C // H).transpose(1, 2)  # (B, H, T, D)
        v = v.view(B, T, H, C // H).transpose(1, 2)  # (B, H, T, D)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (B, H, T, D)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # (B, T, C): heads side by side again
        return self.proj(y)


class Mlp(nn.Module):
    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.fc = nn.Linear(cfg.d_model, cfg.d_mlp)
        self.proj = nn.Linear(cfg.d_mlp, cfg.d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(F.gelu(self.fc(x)))  # (B, T, C) -> (B, T, d_mlp) -> (B, T, C)


class Block(nn.Module):
    """Pre-LN block: each sub-layer reads a normalised copy and adds its output to the stream."""

    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.d_model)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.d_model)
        self.mlp = Mlp(cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))  # (B, T, C)
        x = x + self.mlp(self.ln_2(x))  # (B, T, C)
        return x


class TinyTransformer(nn.Module):
    """Token + learned position embeddings, ``n_layers`` blocks, final LayerNorm, unembedding."""

    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        if cfg.vocab_size < 1 or cfg.max_len < 1:
            raise ValueError(
                f"TransformerConfig needs vocab_size and max_len from the task (got {cfg.vocab_size}, {cfg.max_len}); "
                "use tasks.sized_for_task"
            )
        self.cfg = cfg
        self.tok_emb = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.pos_emb = nn.Embedding(cfg.max_len, cfg.d_model)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        self.ln_f = nn.LayerNorm(cfg.d_model)
        # Untied from tok_emb: in modular arithmetic the input and output roles of a residue differ.
        self.head = nn.Linear(cfg.d_model, cfg.vocab_size, bias=False)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        # nanoGPT's init: small normal weights keep the initial logits near uniform.
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def _block_index(self, layer: int) -> int:
        n = len(self.blocks)
        if not -n <= layer < n:
            raise ValueError(f"layer must be in [{-n}, {n - 1}] for a {n}-layer model, got {layer}")
        return layer % n

    def residual_stream(self, inputs: torch.Tensor, layer: int = -1) -> torch.Tensor:
        """The residual stream after block ``layer`` (negative counts from the end), before ``ln_f``.

        inputs (B, T) token ids -> (B, T, C). Later blocks are not run.
        """
        B, T = inputs.shape
        if T > self.cfg.max_len:
            raise ValueError(f"sequence length {T} exceeds max_len {self.cfg.max_len}")
        last = self._block_index(layer)
        pos = torch.arange(T, device=inputs.device)  # (T,)
        x = self.tok_emb(inputs) + self.pos_emb(pos)  # (B, T, C) + (T, C) broadcast over B
        for block in self.blocks[: last + 1]:
            x = block(x)  # (B, T, C)
        return x

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """inputs (B, T) token ids -> next-token logits (B, T, V)."""
        x = self.residual_stream(inputs, layer=-1)  # (B, T, C)
        return self.head(self.ln_f(x))  # (B, T, V)
