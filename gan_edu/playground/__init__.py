"""The GAN playground: GAN Lab's live 2-D view as a zero-code Voila app, trained on your own data.

``datasets`` (presets, drawing, CSV, setup files), ``model`` (controls -> trainer, iterations, readouts),
``views`` (the layered figure), ``app`` (the widgets). ``python3 course.py playground`` opens it.
"""

from .app import Playground  # noqa: E402

__all__ = ["Playground"]
