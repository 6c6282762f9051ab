"""kg: a knowledge-graph builder for Arabic news.

Only the version lives here so that importing ``kg`` never pulls in torch, Stanza or pyoxigraph.
"""

__version__ = "0.1.0"
