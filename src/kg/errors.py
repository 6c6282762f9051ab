"""One error hierarchy for the whole project.

Every error a user can cause is a ``KgError``; the CLI and the API turn it into one clear line (or one JSON
body) and a non-zero exit status / 4xx-5xx code. Third-party exceptions are translated at the module edge
that calls the library, never left to escape.

    KgError
    ├── ConfigError          bad setting, missing directory, invalid value at startup
    ├── InputError           an article that cannot be read (encoding, binary, size, bad JSONL line…)
    ├── ResourceMissingError a model or seed file that is not there (message names the fix)
    ├── ExtractionError      the NLP pipeline failed on one article
    ├── LinkingError         Wikidata lookup / cache failure
    ├── StoreError           the store cannot be opened, read or written
    │   └── StoreLockedError another process holds the store for writing
    ├── QueryError           a SPARQL query or named query cannot run
    │   ├── QuerySyntaxError malformed SPARQL
    │   ├── QueryTimeoutError the time limit was hit
    │   ├── QueryLimitError  the result-size limit was hit
    │   └── QueryResourceError the query exhausted its worker's memory or stack
    ├── NotAcceptableError   no requested media type fits the answer
    ├── ServiceError         a SERVICE endpoint of a federated query failed
    └── ValidationError      the graph does not conform to the SHACL shapes
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error kg reports to a user."""

    #: HTTP status used by the API when this error reaches a client.
    status: int = 500
    #: short machine-readable code used in the JSON error body.
    code: str = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(KgError):
    status = 500
    code = "config"


class InputError(KgError):
    status = 400
    code = "input"


class ResourceMissingError(KgError):
    status = 500
    code = "resource_missing"


class ExtractionError(KgError):
    status = 500
    code = "extraction"


class LinkingError(KgError):
    status = 502
    code = "linking"


class StoreError(KgError):
    status = 500
    code = "store"


class StoreLockedError(StoreError):
    status = 503
    code = "store_locked"


class QueryError(KgError):
    status = 400
    code = "query"


class QuerySyntaxError(QueryError):
    status = 400
    code = "query_syntax"


class QueryTimeoutError(QueryError):
    status = 503
    code = "query_timeout"


class QueryLimitError(QueryError):
    status = 413
    code = "query_limit"


class QueryResourceError(QueryError):
    status = 422
    code = "query_resources"


class NotAcceptableError(KgError):
    status = 406
    code = "not_acceptable"


class ServiceError(KgError):
    status = 502
    code = "service_failed"


class ValidationError(KgError):
    status = 422
    code = "validation"
