# This file is part of the MyCar partner platform.
"""The waybill of a purchased new car, issued through the platform
(A6 §3.3.7)."""
from trytond.modules.mycar_sales.report import DealReport


class WaybillReport(DealReport):
    "Waybill of a purchased new car"
    __name__ = 'mycar.marketplace.waybill'
