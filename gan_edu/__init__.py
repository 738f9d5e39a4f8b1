"""gan_edu: the helper package behind the gan-edu course notebooks.

Import the concept modules directly, e.g. ``from gan_edu import data, settings``.
Nothing runs at import time.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
