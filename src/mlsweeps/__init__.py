"""mlsweeps: the logic behind the pipeline's three studies."""
