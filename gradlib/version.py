"""``torch.version``: the PyTorch release gradlib mirrors, and its build flags as PyTorch's CPU-only build has them.

``__version__`` is what ``torch.__version__`` reads under ``python -m gradlib.run``: PyTorch's release number
(programs gate on it: ``torch.__version__ >= "2.0"``) with gradlib's own version as the PEP 440 local label, where
PyTorch's CPU wheel says ``+cpu``. ``gradlib.__version__`` stays gradlib's own version (README, "Running PyTorch
programs").

>>> import gradlib
>>> gradlib.version.__version__.split("+")[0], gradlib.version.cuda
('2.13.0', None)
"""
from .torch_version import TorchVersion

__all__ = ["__version__", "debug", "cuda", "git_version", "hip", "rocm", "xpu", "MIRRORED_PYTORCH", "GRADLIB"]

#: the PyTorch release whose API gradlib mirrors, and gradlib's own version (``gradlib.__version__``)
MIRRORED_PYTORCH = "2.13.0"
GRADLIB = "0.1.0"
__version__ = TorchVersion(f"{MIRRORED_PYTORCH}+gradlib.{GRADLIB}")
debug = False
cuda = None  # PyTorch's CPU-only build: no CUDA toolkit compiled in (gradlib reaches GPUs through CuPy)
git_version = "unknown"
hip = None
rocm = None
xpu = None
