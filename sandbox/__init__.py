# This file is part of the MyCar partner platform.
"""Local stand-ins for the outside world, each a real server on loopback.

The demo and the tests talk to them exactly as the platform talks to the
real services; nothing in the business code knows which it reaches."""
