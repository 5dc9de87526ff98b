"""``torch.autograd.anomaly_mode`` as PyTorch's module path: the public home of
``detect_anomaly``, ``set_detect_anomaly``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from .anomaly import detect_anomaly, set_detect_anomaly

__all__ = ["detect_anomaly", "set_detect_anomaly"]


_homes.adopt(__name__, detect_anomaly, set_detect_anomaly)
