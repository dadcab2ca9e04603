"""Study `task_vectors`: loss landscapes along a task vector T = θ_finetuned − θ_base (seed report 000).

Modules: ``config`` (dataclass configs, the α grid and its one label format), ``data`` (the one
text loader, local files or hub), ``losses`` (per-token NLL over real tokens), ``vectors`` (task
vectors and θ_base + αT set in place), ``finetune`` (full-parameter causal-LM fine-tuning),
``sweep`` (the numbers of one grid point) and ``analysis`` (summaries and zero-crossings).
"""
