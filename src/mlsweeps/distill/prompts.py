"""Token ids of the student's and the teacher's sequences, aligned on the answer.

The student sees the zero-shot chat prompt; the teacher sees k demonstrations (user/assistant turns)
and then the same query. Both end with the same answer ids, tokenised once on their own, so the
logits that predict answer token j sit at ``prompt_len - 1 + j`` in either sequence: the two are
compared at positions that predict the same next token (the original was off by one).
Prompts go through ``mlsweeps.chat``, which switches thinking off.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

from ..chat import chat_prompt_ids
from .tasks import Example

__all__ = ["Encoded", "end_of_turn", "prompt_ids", "answer_ids", "encode", "stop_token_ids"]


class Encoded(NamedTuple):
    """One training sequence: prompt ids followed by answer ids."""

    ids: list[int]
    prompt_len: int
    n_answer: int
    n_demos: int = 0
    """Demonstrations in the prompt (fewer than asked for when they did not fit)."""

    @property
    def answer_positions(self) -> range:
        """Positions whose logits predict the answer tokens."""
        return range(self.prompt_len - 1, self.prompt_len - 1 + self.n_answer)


def end_of_turn(tokenizer) -> str:
    """The token that closes an assistant turn: ``<|im_end|>`` for Qwen-style templates, else eos."""
    # one token lookup, not get_vocab(): this runs for every teacher sequence of every step
    im_end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    return "<|im_end|>" if im_end is not None and im_end != tokenizer.unk_token_id else tokenizer.eos_token


def stop_token_ids(tokenizer) -> list[int]:
    """Ids that end a generation: the end of turn and eos."""
    ids = {tokenizer.convert_tokens_to_ids(end_of_turn(tokenizer))}
    if tokenizer.eos_token_id is not None:
        ids.add(tokenizer.eos_token_id)
    return sorted(ids)


def prompt_ids(tokenizer, query: str, demonstrations: Sequence[Example] = ()) -> list[int]:
    """Chat-template ids of ``demonstrations`` as earlier turns, then ``query``, then the generation prompt."""
    messages = []
    for demo in demonstrations:
        messages += [{"role": "user", "content": demo.prompt}, {"role": "assistant", "content": demo.answer}]
    messages.append({"role": "user", "content": query})
    return chat_prompt_ids(tokenizer, messages)  # long few-shot prompts are trimmed by the caller


def answer_ids(tokenizer, answer: str) -> list[int]:
    """Ids of the answer followed by the end-of-turn token (so the student learns to stop)."""
    return list(tokenizer(answer + end_of_turn(tokenizer), add_special_tokens=False)["input_ids"])


def encode(tokenizer, example: Example, demonstrations: Sequence[Example] = (), *, max_length: int | None = None) -> Encoded | None:
    """The sequence of ``example`` behind ``demonstrations``.

    With ``max_length``, demonstrations are dropped from the end until it fits; None when even the
    zero-shot sequence does not fit.
    """
    answer = answer_ids(tokenizer, example.answer)
    demos = list(demonstrations)
    while True:
        prompt = prompt_ids(tokenizer, example.prompt, demos)
        if max_length is None or len(prompt) + len(answer) <= max_length:
            return Encoded(prompt + answer, len(prompt), len(answer), len(demos))
        if not demos:
            return None
        demos.pop()
