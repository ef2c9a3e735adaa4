"""Training the fusion model: training pairs, warm start from MiniLM, the training loop."""
