"""Mind-Muscle: a strength-training coach for the mind-muscle connection.

The lifter moves the muscle; the weight is a tool. The package is a functional
core (``method``, ``planning``, ``coaching``, ``signals``, ``analytics``) inside
an imperative shell (``store``, ``cli``, ``web``); see DESIGN.md.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
