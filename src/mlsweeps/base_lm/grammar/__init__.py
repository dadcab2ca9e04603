"""The grammar of the generated pretraining corpus (``mlsweeps.base_lm.corpus``), one module per thing it makes.

- ``lexicon``: the words and facts it draws on, read from ``mlsweeps/base_lm/lexicon/*.yaml``
- ``morphology``: word forms (inflection, plurals, articles, comparison, numbers in words)
- ``phrases``: noun phrases, subjects, verb phrases and clauses about one topic
- ``sentences``: narrative, generic, descriptive, opinion, instruction and question sentences
- ``reviews``, ``encyclopedia`` (invented entries), ``knowledge`` (true statements, Q/A pairs)
- ``python_code`` and ``code_documents``: Python, shell, SQL and JavaScript
- ``documents``: the document kinds the corpus is drawn from
"""
