"""aseanway: foreign policy, international politics and ASEAN political-security cooperation.

Model, simulate and forecast: a reference world of ASEAN (``aseanway.world``), the two concepts of the
explainer (``aseanway.concepts``), negotiation models (``aseanway.negotiation``) and a command-line
interface (``aseanway.cli``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aseanway")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
