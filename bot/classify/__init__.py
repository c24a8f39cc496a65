"""Classifying news items as AI-talent and/or AI-investment events."""

from __future__ import annotations

from bot.classify.classifier import Classifier

__all__ = ["Classifier"]
