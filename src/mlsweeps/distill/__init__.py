"""Study distill: few-shot-teacher distillation λ sweep of LoRA fine-tuning on five XTREME tasks."""
