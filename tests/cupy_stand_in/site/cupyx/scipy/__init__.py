"""``cupyx.scipy``."""
from cupy import _namespace

_namespace.populate(globals(), "cupyx.scipy", None, {"get_array_module": _namespace.get_array_module})

from . import special  # noqa: E402,F401
