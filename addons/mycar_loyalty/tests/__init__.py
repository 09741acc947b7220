# This file is part of the MyCar partner platform.
