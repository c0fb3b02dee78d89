"""Helper package of the local social assistance research compendium."""

__version__ = "0.1.0"
