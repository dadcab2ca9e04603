"""Mean cross-entropy per real token: the loss every number of the study is made of.

Each text is tokenised on its own and predicts its own next tokens; a text of n tokens scores
n − 1 of them (its first has nothing before it to be predicted from), or all n behind a document-start
token (``document_start``, the separator documents follow in pretraining). Batches are padded on the
right and pads are masked out, and the set's loss is the summed NLL over the summed number of
scored tokens, so it does not depend on how texts were batched or how long their neighbours were
(the original averaged per batch and counted pads, so the same model's loss moved with the batching).

Two scorings (``token_nll``'s ``scoring``): ``raw`` scores each text as it stands; ``chat`` puts it
through the tokenizer's chat template as the assistant's reply to one user message and scores only
the reply's tokens, each predicted from the chat prompt and the reply so far. An instruction-tuned
model is used on the second, so the two need not agree.
"""
from __future__ import annotations

from typing import Iterable, Literal, NamedTuple, Sequence

import torch
from torch import nn

from ..chat import chat_prompt_ids
from ..training import next_token_nll, pad_batch, pad_token_id

__all__ = ["LossResult", "ScoredText", "encode_texts", "encode_for_scoring", "token_nll", "combine"]


class LossResult(NamedTuple):
    """Causal-LM loss of a model on a set of texts, pooled per token."""

    nll_sum: float
    """Summed negative log-likelihood of the scored tokens (nats), accumulated in float64."""
    n_tokens: int
    """Number of scored tokens: the real tokens of each text after its first; pads never count."""
    loss: float
    """Mean NLL per scored token, ``nll_sum / n_tokens`` (nats; lower is better, 0 is perfect)."""
    text_nll: tuple[float, ...] = ()
    """Summed NLL of each text, in the order of the texts given (0 for a text with no scored token): the unit the
    bootstrap over texts resamples."""
    text_tokens: tuple[int, ...] = ()
    """Scored tokens of each text, in the same order."""


def encode_texts(tokenizer, texts: Sequence[str], *, max_length: int, document_start: str = "") -> list[list[int]]:
    """Token ids of each text on its own, truncated to ``max_length``.

    With ``document_start`` (a token of the vocabulary) each text is that token followed by the text's own ids (no
    other special token): a document as it follows the separator in pretraining, so its first token is predicted
    like every other. Without it, the tokenizer's special tokens are added as it adds them.
    """
    if not texts:
        return []
    if not document_start:
        return [list(ids) for ids in tokenizer(list(texts), truncation=True, max_length=max_length)["input_ids"]]
    if document_start not in tokenizer.get_vocab():
        raise ValueError(f"task_vectors.scoring.document_start = {document_start!r} is not a token of the model's vocabulary "
                         "(set the token that separates documents in the model's pretraining, or an empty string for none)")
    start = tokenizer.convert_tokens_to_ids(document_start)
    ids = tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]
    return [[start, *list(text)[: max_length - 1]] for text in ids]


class ScoredText(NamedTuple):
    """A text's token ids and where its scored tokens begin."""

    ids: list[int]
    first_scored: int
    """Index of the first token whose prediction counts: 1 for raw text (the first token has nothing before it), the
    chat prompt's length for a chat reply."""


def encode_for_scoring(tokenizer, texts: Sequence[str], *, max_length: int, scoring: Literal["raw", "chat"] = "raw",
                       chat_user_message: str = "", document_start: str = "") -> list[ScoredText]:
    """Each text as it is scored: raw (``encode_texts``, after ``document_start`` if given), or behind the chat prompt of ``chat_user_message``.

    A chat sequence is the prompt's ids (``chat.chat_prompt_ids``: system turn where the template adds one, the
    user message, the opening of the assistant's reply) and the text's own ids, cut to ``max_length`` in all.
    """
    if scoring == "raw":
        return [ScoredText(ids, 1) for ids in encode_texts(tokenizer, texts, max_length=max_length, document_start=document_start)]
    if scoring != "chat":
        raise ValueError(f"scoring must be 'raw' or 'chat', got {scoring!r}")
    if not chat_user_message:
        raise ValueError("chat scoring needs the user message each text replies to")
    prompt = chat_prompt_ids(tokenizer, [{"role": "user", "content": chat_user_message}])
    if len(prompt) >= max_length:
        raise ValueError(f"the chat prompt alone has {len(prompt)} tokens, max_length is {max_length}: no reply token would be scored")
    replies = tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"] if texts else []
    return [ScoredText(prompt + list(reply)[: max_length - len(prompt)], len(prompt)) for reply in replies]


@torch.inference_mode()
def token_nll(
    model: nn.Module,
    tokenizer,
    texts: Sequence[str],
    *,
    batch_size: int,
    max_length: int,
    device: torch.device | str,
    scoring: Literal["raw", "chat"] = "raw",
    chat_user_message: str = "",
    document_start: str = "",
) -> LossResult:
    """Loss of ``model`` on ``texts`` under ``scoring`` (``encode_for_scoring``), pooled per scored token over the whole set.

    Texts are sorted by length (longest first, so a too-large batch fails at once) only to waste
    less compute on padding; the result does not depend on the order or on ``batch_size`` beyond
    float rounding of the forward pass. The model's train/eval mode is restored.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if not texts:
        raise ValueError("token_nll needs at least one text")
    encoded = encode_for_scoring(tokenizer, texts, max_length=max_length, scoring=scoring, chat_user_message=chat_user_message,
                                 document_start=document_start)
    order = sorted(range(len(encoded)), key=lambda i: -len(encoded[i].ids))
    order = [i for i in order if len(encoded[i].ids) > encoded[i].first_scored]  # nothing to predict (a one-token raw text)
    pad_id = pad_token_id(tokenizer)
    was_training = model.training
    model.eval()
    text_nll, text_tokens = [0.0] * len(encoded), [0] * len(encoded)
    try:
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            batch = [encoded[i] for i in chunk]
            input_ids, attention_mask = pad_batch([text.ids for text in batch], pad_id)
            first_scored = torch.as_tensor([text.first_scored for text in batch], device=device)
            nll = next_token_nll(model, input_ids.to(device), attention_mask.to(device), first_scored=first_scored)  # (n,)
            counts = [len(text.ids) - max(text.first_scored, 1) for text in batch]  # scored targets per row, row-major in nll
            for i, part, count in zip(chunk, nll.double().split(counts), counts):
                text_nll[i], text_tokens[i] = part.sum().item(), count  # float64: the sum over a whole set must not drift
    finally:
        model.train(was_training)
    n_tokens = sum(text_tokens)
    if n_tokens == 0:
        raise ValueError(f"none of the {len(texts)} texts has a token to score under {scoring} scoring, so no token can be scored")
    nll_sum = float(sum(text_nll))
    return LossResult(nll_sum, n_tokens, nll_sum / n_tokens, tuple(text_nll), tuple(text_tokens))


def combine(results: Iterable[LossResult]) -> LossResult:
    """Pool several sets' losses per token, as if they were one set.

    >>> combine([LossResult(2.0, 1, 2.0, (2.0,), (1,)), LossResult(3.0, 3, 1.0, (1.0, 2.0), (1, 2))])
    LossResult(nll_sum=5.0, n_tokens=4, loss=1.25, text_nll=(2.0, 1.0, 2.0), text_tokens=(1, 1, 2))
    """
    results = list(results)
    if not results:
        raise ValueError("combine needs at least one LossResult")
    nll_sum = float(sum(r.nll_sum for r in results))
    n_tokens = int(sum(r.n_tokens for r in results))
    if n_tokens == 0:
        raise ValueError("combine: the results hold no scored token")
    return LossResult(nll_sum, n_tokens, nll_sum / n_tokens, tuple(x for r in results for x in r.text_nll),
                      tuple(n for r in results for n in r.text_tokens))
