"""``torch.utils.benchmark``: ``Timer``, ``Measurement`` and ``Compare``, as PyTorch's benchmark utilities
(pytorch.org's "PyTorch Benchmark" and "Timer quick start" recipes run unchanged). Wall times only: no Callgrind,
no C++ statements, no Fuzzer."""
from .utils.common import *  # noqa: F401,F403
from .utils.common import __all__ as _common_all
from .utils.compare import *  # noqa: F401,F403
from .utils.compare import __all__ as _compare_all
from .utils.timer import *  # noqa: F401,F403
from .utils.timer import __all__ as _timer_all

__all__ = [*_common_all, *_timer_all, *_compare_all]
