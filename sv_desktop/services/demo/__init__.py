"""Realistic, reproducible demo data for every feature, written in bulk."""
