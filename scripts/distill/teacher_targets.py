"""Rule distill_teacher_targets: the teacher's (few- or zero-shot) top-k answer logits for every pool example, shared by all seeds, λ and lr."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, resolve_device
from mlsweeps.distill.config import DivergenceConfig
from mlsweeps.distill.tasks import load_examples
from mlsweeps.distill.train import teacher_targets
from mlsweeps.io import save_tensors, write_json
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    seed_everything(0)  # nothing is drawn; deterministic kernels
    task, teacher, n_shots = snakemake.wildcards.distill_task, snakemake.wildcards.teacher, snakemake.params.n_shots
    device = resolve_device(snakemake.params.device)
    pool = load_examples(snakemake.input.train, task, split="train", label_names=snakemake.params.label_names)
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    vocab_size = model.get_output_embeddings().weight.shape[0]
    top_k = DivergenceConfig("mse_topk", snakemake.params.top_k_share, 1.0).top_k(vocab_size)
    targets = teacher_targets(model, tokenizer, pool, **snakemake.params.lengths, top_k=top_k, n_shots=n_shots, batch_size=snakemake.params.batch_size, device=device)
    save_tensors(snakemake.output.targets, targets._asdict(), metadata={"task": task, "teacher": teacher, "top_k": str(top_k)})
    usable = targets.offsets[1:] > targets.offsets[:-1]
    info = {"task": task, "teacher": teacher, "n_shots": n_shots, "vocab_size": vocab_size, "top_k": top_k, "top_k_share": top_k / vocab_size,
            "top_k_mass": float(targets.mass.mean()), "mean_demonstrations": float(targets.shots[usable].float().mean()),
            "examples": int(usable.sum()), "answer_tokens": len(targets.values)}
    write_json(snakemake.output.info, info)
    log.info("%s", info)
