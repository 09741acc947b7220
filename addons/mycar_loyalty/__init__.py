# This file is part of the MyCar partner platform.
from . import routes

__all__ = ['routes']
