"""Hostile inputs: the only outcomes are a correct result or a one-line user error."""
