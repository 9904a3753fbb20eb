"""congtt: a static site generator for Vietnamese provincial e-information portals."""

__version__ = "0.1.0"
