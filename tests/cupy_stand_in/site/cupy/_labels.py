"""The tensor side of the device check: a gradlib Tensor labelled ``cuda:N`` must hold an array on device N (and a
CUDA tensor's device always has an index: a label 'cuda' mixes with nothing, not even 'cuda:0').

Work on the wrong device is caught when two devices' arrays meet in a kernel; an array allocated on the current
device and then only printed, copied to the host or kept would not be. ``install`` wraps ``gradlib._tensor.wrap``
(every Tensor is made there) so that a mismatch is a ``device`` event at the gradlib line that made the tensor.
It lives here so that ``_events.site()`` skips its frame like the stand-in's own.
"""
import sys

from . import _core, _events


def install():
    """Wrap ``gradlib._tensor.wrap`` (and the modules that imported it by name); idempotent."""
    import gradlib._tensor
    original = gradlib._tensor.wrap
    if getattr(original, "_stand_in_checked", False):
        return
    ndarray = _core.ndarray

    def wrap(array, device):
        if array.__class__ is ndarray and array._dev != device.index:  # 'cuda' without an index is wrong too
            _events.record("device", f"tensor labelled {device} around an array on device {array._dev}")
        return original(array, device)

    wrap._stand_in_checked = True
    wrap.__doc__ = original.__doc__
    for name, module in list(sys.modules.items()):
        if (name == "gradlib" or name.startswith("gradlib.")) and getattr(module, "wrap", None) is original:
            module.wrap = wrap
