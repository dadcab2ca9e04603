"""The tiny base causal LM that the embedded defaults build offline: corpus, tokenizer, model, pretraining.

It is saved with ``save_pretrained`` and loaded back through ``AutoModelForCausalLM`` /
``AutoTokenizer``, the same calls a hub id takes, so studies cannot tell it from a hub model.
"""
