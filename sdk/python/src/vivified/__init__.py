"""Write Vivified plugins in Python: canonical events, operator calls and proxy egress through the
platform's supervised lanes."""

from .environment import PluginEnvironment
from .errors import (
    AuthenticationFailedError,
    EgressDeniedError,
    OperationError,
    PlatformUnavailableError,
    PolicyDeniedError,
    Problem,
    RateLimitedError,
    UpstreamFailedError,
    ValidationFailedError,
    VivifiedError,
    error_of,
)
from .events import CanonicalEvent, EventHandler, decode_event
from .operations import OperationHandler
from .operator_verify import (
    Caller,
    LocalOperatorKeys,
    OperatorCallRefusedError,
    OperatorKeys,
    OperatorVerifier,
    RemoteOperatorKeys,
)
from .plugin import Plugin
from .replay_cache import ReplayCache, ReplayVerdict
from .wire import PublishResult, SelfConfig

__all__ = [
    "AuthenticationFailedError",
    "Caller",
    "CanonicalEvent",
    "EgressDeniedError",
    "EventHandler",
    "LocalOperatorKeys",
    "OperationError",
    "OperationHandler",
    "OperatorCallRefusedError",
    "OperatorKeys",
    "OperatorVerifier",
    "PlatformUnavailableError",
    "Plugin",
    "PluginEnvironment",
    "PolicyDeniedError",
    "Problem",
    "PublishResult",
    "RateLimitedError",
    "RemoteOperatorKeys",
    "ReplayCache",
    "ReplayVerdict",
    "SelfConfig",
    "UpstreamFailedError",
    "ValidationFailedError",
    "VivifiedError",
    "decode_event",
    "error_of",
]
