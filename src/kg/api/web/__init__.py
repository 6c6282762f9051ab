"""The web pages for people: rendering, the data behind each page, and the pages themselves.

``render`` (Jinja templates, languages, links), ``data`` (SPARQL through the executor, labels), then one module
per kind of page. Routes are registered by ``kg.api.pages``.
"""
