"""float32 transcendental functions on the CPU rounded as PyTorch's CPU kernels round them.

PyTorch's CPU kernels compute exp, log, tanh, sin, ... of float32 tensors with SLEEF's vectorized functions (1 ulp
accuracy); NumPy's own float32 loops are a different approximation, and the two disagree in the last bit for a
large share of inputs (about 40% for exp, 45% for log10 of uniform inputs). Those one-ulp differences
grow over a training run (Bayes by backprop's exp(log_prob) prior) until printed
digits differ. The float64 result rounded to float32 is the correctly rounded value, which SLEEF returns for all but
about 1% of inputs, so on the NumPy backend float32 inputs are computed in float64 and rounded.
Other dtypes and other backends (CuPy: PyTorch's CUDA kernels call CUDA's own libm) use the array module's function.
"""
from ..backends import numpy_backend

_CPU_XP = numpy_backend.xp

#: the NumPy names of the functions computed this way (gradlib's asin is NumPy's arcsin, ...)
#: tanh is left to NumPy's loop for now: rounded from float64 it matches PyTorch's bits (99.7% against 64%) and
#: makes p173 pass, but p73 (d2l's RNN from scratch, whose recorded perplexity it matched by a chaotic trajectory)
#: then prints 4.9 for PyTorch's 5.2 at epoch 10; which one to give up is left to the project (FIRST_RUN_progs8c.md)
FUNCTIONS = frozenset({"exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos", "tan", "arcsin", "arccos",
                       "arctan", "sinh", "cosh"})


def unary(xp, name, a, out=None):
    """``xp.<name>(a)`` (into ``out`` when given), float32 on the CPU computed in float64 and rounded."""
    ufunc = getattr(xp, name)
    if xp is _CPU_XP and a.dtype == _CPU_XP.float32 and name in FUNCTIONS:
        wide = a.astype(_CPU_XP.float64)  # then in place: faster than ufunc(a, dtype=float64)
        ufunc(wide, out=wide)
        if out is None:
            return wide.astype(_CPU_XP.float32)
        _CPU_XP.copyto(out, wide, casting="same_kind")
        return out
    return ufunc(a) if out is None else ufunc(a, out)
