"""Two pieces of ``Op.apply``'s fast path, kept beside it: the saved values of a binary op that saved its two
inputs (``save_inputs``), and the per-class copy of ``apply`` that keeps CPython's attribute caches monomorphic
(``own_copy``)."""
import types

from ..autograd import inference
from ..autograd.graph import NO_EDGE
from ..autograd.saved_hooks import SavedValue

__all__ = ["save_inputs", "own_copy"]

_new = object.__new__


def save_inputs(cls, edges, array, first, second):
    """The saved values of a binary op that saved ``(first's array, second's array)``: one SavedValue per input
    with its version counter (``SavedValue(array, tensor, counter)``, built without its ``__init__``: this runs
    for every mul and mm), None for one that only the gradient of an input needing none would read
    (``saved_for_inputs``: ``y * c`` keeps ``c`` alone)."""
    keep_first = keep_second = True
    if cls.saved_for_inputs is not None:
        if edges[1] is NO_EDGE:
            keep_first, keep_second = cls._read_by_first
        elif edges[0] is NO_EDGE:
            keep_first, keep_second = cls._read_by_second
    first_value = second_value = None
    if keep_first:
        if first._is_inference:
            inference.check_not_inference(first)
        counter = first._vc
        if counter is None:
            counter = first._vc = [0]
        first_value = _new(SavedValue)
        first_value.array = array
        first_value.tensor = first
        first_value.counter = counter
        first_value.version = counter[0]
        first_value.output_nr = first_value.device = first_value.unpack_hook = first_value.packed = None
    if keep_second:
        if second._is_inference:
            inference.check_not_inference(second)
        counter = second._vc
        if counter is None:
            counter = second._vc = [0]
        second_value = _new(SavedValue)
        second_value.array = second._array
        second_value.tensor = second
        second_value.counter = counter
        second_value.version = counter[0]
        second_value.output_nr = second_value.device = second_value.unpack_hook = second_value.packed = None
    return first_value, second_value


def own_copy(function, cls):
    """``function`` with a code object of its own, for ``cls``'s ``apply``.

    Why: CPython specializes each attribute access of a code object for the type it last saw there (3.11's
    adaptive interpreter: LOAD_ATTR_SLOT, STORE_ATTR_SLOT keyed on the type's version). One ``apply`` shared by
    every op sees a new node class at each call of a mixed chain (mul, add, sin, ...), and every access to the
    node (``ctx._edges = ...``, ``ctx._saved``) misses and falls back (measured: about 30 ns per access,
    a tenth of a mixed chain's recording). A copy per class keeps each copy's sites on one node class. The code
    is the same; only the interpreter's caches are per class."""
    copy = types.FunctionType(function.__code__.replace(), function.__globals__, function.__name__,
                              function.__defaults__, function.__closure__)
    copy.__doc__ = function.__doc__
    copy.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
    copy.__module__ = function.__module__
    return copy
