"""The one place where an op meets vmap's batched tensors (``gradlib/func/_batched.py``).

While a batched vmap runs (``active`` > 0), ``Op.apply`` hands any call with a batched tensor among its arguments
to the installed handler (vmap's batching rules, ``gradlib/func/_batch_rules.py``), before anything reads its
data. Outside vmap the cost is one global read. This module sits below ``ops`` and ``func`` so that neither
imports the other: ``func`` installs its handler at import.
"""

__all__ = ["NoRule", "active", "batched_class", "install", "has_batched", "dispatch"]


class NoRule(Exception):
    """A batched tensor's data was needed where no batching rule applies: vmap runs the function per element."""


#: how many batched vmaps are running (any thread); 0: Op.apply never asks
active = 0
#: how many vmaps are running their function once per element (gradlib/func/_vmap.py): ops whose PyTorch
#: batching rule decomposes them (linear: matmul, not addmm) check as that decomposition does
looping = 0
#: the batched tensor class and the rule dispatcher, installed by gradlib.func
batched_class = None
_handler = None
#: autograd.Function.apply with a batched argument (gradlib/func/_custom_function.py), installed by gradlib.func
function_handler = None


def install(cls, handler):
    global batched_class, _handler
    batched_class = cls
    _handler = handler


def enter():
    global active
    active += 1


def leave():
    global active
    active -= 1


def has_batched(args):
    cls = batched_class
    for arg in args:
        if arg.__class__ is cls:
            return True
    return False


def dispatch(op, args):
    return _handler(op, args)
