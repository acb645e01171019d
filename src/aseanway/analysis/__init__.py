"""Analyses of real data: UN General Assembly voting, material capabilities."""
