"""The simulation: scenario files, calendar, engine with a runs axis, and the runner that stores results.

``run_scenario(...)`` is the one call the CLI and the web use; ``load_scenario``/``prepare``/``simulate``
are the steps it chains (docs/simulation.md).
"""
