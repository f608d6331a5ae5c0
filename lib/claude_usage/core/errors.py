"""The one family of errors the library raises; each message is a line a person can act on."""

from __future__ import annotations


class ClaudeUsageError(Exception):
    """Base of every error the menu knows how to show."""

    kind = "error"
    needs_user = False  # True when only the user can fix it (sign in, new token)


class NoToken(ClaudeUsageError):
    kind = "no_token"
    needs_user = True


class TokenExpired(ClaudeUsageError):
    kind = "token_expired"
    needs_user = True

    def __init__(self, message: str, expires_at: float | None = None, origin: str = "") -> None:
        super().__init__(message)
        self.expires_at = expires_at  # when it expired, for --doctor
        self.origin = origin  # where it was read from (see Token.origin)


class TokenRejected(ClaudeUsageError):
    """401 or 403 from the API: the token is not good for this endpoint."""

    kind = "token_rejected"
    needs_user = True

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.status = status


class KeyringUnavailable(ClaudeUsageError):
    kind = "keyring_unavailable"
    needs_user = True


class ApiUnavailable(ClaudeUsageError):
    """Network trouble, 5xx, or a reply we cannot read: worth retrying later."""

    kind = "api_unavailable"


class UnsafeEndpoint(ClaudeUsageError):
    """The API URL would carry the token off this machine in clear text: nothing is sent."""

    kind = "unsafe_endpoint"
    needs_user = True


class RateLimited(ClaudeUsageError):
    kind = "rate_limited"

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UsageError(ClaudeUsageError):
    """The command line asks for something we don't do: the cli adds the usage text."""

    kind = "usage"
