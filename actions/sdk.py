"""rasa_sdk's actions, forms, events and executor, without its server.

`import rasa_sdk` runs the package's `__init__`, which imports its command line and plugin
manager and with them sanic: about half a second at every `buergerbot ask`, for a web server
the engine never starts. None of the parts used here imports sanic. So, unless rasa_sdk is
loaded already (`python -m rasa_sdk --actions actions` loads it whole before our actions),
the package is registered without running its `__init__`, and gets the names that `__init__`
would give it; its other submodules (`rasa_sdk.cli`…) stay importable as usual.
"""

from __future__ import annotations

import importlib.util
import sys

if "rasa_sdk" not in sys.modules:
    _spec = importlib.util.find_spec("rasa_sdk")
    assert _spec is not None and _spec.loader is not None
    sys.modules["rasa_sdk"] = importlib.util.module_from_spec(_spec)

import rasa_sdk  # noqa: E402 - after the bare package is registered
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet  # noqa: E402
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher  # noqa: E402
from rasa_sdk.forms import FormValidationAction, ValidationAction  # noqa: E402
from rasa_sdk.interfaces import Action, ActionExecutionRejection, Tracker  # noqa: E402
from rasa_sdk.version import __version__ as VERSION  # noqa: E402

for _name, _value in {
    "__version__": VERSION,
    "Action": Action,
    "ActionExecutionRejection": ActionExecutionRejection,
    "FormValidationAction": FormValidationAction,
    "Tracker": Tracker,
    "ValidationAction": ValidationAction,
}.items():
    if not hasattr(rasa_sdk, _name):
        setattr(rasa_sdk, _name, _value)

__all__ = [
    "VERSION",
    "Action",
    "ActionExecutionRejection",
    "ActionExecutor",
    "ActiveLoop",
    "CollectingDispatcher",
    "FollowupAction",
    "FormValidationAction",
    "SlotSet",
    "Tracker",
]
