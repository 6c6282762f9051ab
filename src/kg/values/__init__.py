"""Values in Arabic news text: dates and periods (``dates``), numbers and counted quantities (``numbers``)."""

from kg.values.dates import find_dates
from kg.values.numbers import find_quantities, parse_number

__all__ = ["find_dates", "find_quantities", "parse_number"]
