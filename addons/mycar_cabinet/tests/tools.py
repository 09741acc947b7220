# This file is part of the MyCar partner platform.
"""Helpers of the cabinet's tests."""
from trytond.config import config


def configure(section, **options):
    "Set options of a trytond.conf section for the test"
    if not config.has_section(section):
        config.add_section(section)
    for option, value in options.items():
        config.set(section, option, value)
