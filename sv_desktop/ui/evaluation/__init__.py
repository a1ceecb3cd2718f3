"""Evaluation panels: set-up, panel members, score sheets, scoring, moderation and the ranked result."""
