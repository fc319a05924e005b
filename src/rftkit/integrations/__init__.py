"""Thin adapters that let trainers call rftkit graders."""
