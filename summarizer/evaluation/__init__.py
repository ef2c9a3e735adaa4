"""Evaluation harness: ROUGE (matching ROUGE-1.5.5), neutrality, faithfulness and style metrics, baselines, reports."""
