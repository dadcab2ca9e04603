"""The grammar of the generated pretraining corpus (``mlsweeps.base_lm.corpus``).

``lexicon`` reads the words and facts it draws on from ``mlsweeps/base_lm/lexicon/*.yaml``.
"""
