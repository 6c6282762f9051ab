"""Values in Arabic news text: dates and periods (``dates``), numbers and counted quantities (``numbers``)."""
