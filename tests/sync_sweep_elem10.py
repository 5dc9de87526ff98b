"""tests/test_sync_sweep.py's calls for helper elem10's Tensor methods (``NO_WAIT``: never wait; ``HOST_READS``:
one wait). is_nonzero reads its one element on the host, as PyTorch's item() does. acosh_/asinh_/atanh_ run on a
tensor that needs no grad: of one that does, PyTorch records a node without a derivative (tests/test_elem10.py).
Operands: x (3, 4) float leaf requiring grad, w (4, 2), v (4,), i (int64 index (3, 2)), m (bool mask (3, 4))."""


def _iop(x, name, *args):
    out = x * 1
    return getattr(out, name)(*args)


def _no_grad_iop(x, name):
    out = x.detach().abs() + 1.5  # > 1: inside acosh's domain
    return getattr(out, name)()


NO_WAIT = {
    "acosh": lambda x, w, v, i, m: (x.abs() + 1.5).acosh(),
    "arccosh": lambda x, w, v, i, m: (x.abs() + 1.5).arccosh(),
    "asinh": lambda x, w, v, i, m: x.asinh(),
    "arcsinh": lambda x, w, v, i, m: x.arcsinh(),
    "atanh": lambda x, w, v, i, m: (x * 0.5).tanh().atanh(),
    "arctanh": lambda x, w, v, i, m: (x * 0.5).tanh().arctanh(),
    "deg2rad": lambda x, w, v, i, m: x.deg2rad(),
    "rad2deg": lambda x, w, v, i, m: x.rad2deg(),
    "ldexp": lambda x, w, v, i, m: x.ldexp(v),
    "frexp": lambda x, w, v, i, m: x.frexp(),
    "nextafter": lambda x, w, v, i, m: x.nextafter(v),
    "gcd": lambda x, w, v, i, m: i.gcd(i + 4),
    "lcm": lambda x, w, v, i, m: i.lcm(i + 4),
    "hardshrink": lambda x, w, v, i, m: x.hardshrink(0.3),
    "is_neg": lambda x, w, v, i, m: x.is_neg(),
    "is_same_size": lambda x, w, v, i, m: x.is_same_size(m),
    "is_signed": lambda x, w, v, i, m: x.is_signed(),
    "resolve_neg": lambda x, w, v, i, m: x.resolve_neg(),
    "acosh_": lambda x, w, v, i, m: _no_grad_iop(x, "acosh_"),
    "arccosh_": lambda x, w, v, i, m: _no_grad_iop(x, "arccosh_"),
    "asinh_": lambda x, w, v, i, m: _no_grad_iop(x, "asinh_"),
    "arcsinh_": lambda x, w, v, i, m: _no_grad_iop(x, "arcsinh_"),
    "atanh_": lambda x, w, v, i, m: (x.detach() * 0.5).tanh().atanh_(),
    "arctanh_": lambda x, w, v, i, m: (x.detach() * 0.5).tanh().arctanh_(),
    "deg2rad_": lambda x, w, v, i, m: _iop(x, "deg2rad_"),
    "rad2deg_": lambda x, w, v, i, m: _iop(x, "rad2deg_"),
    "ldexp_": lambda x, w, v, i, m: _iop(x, "ldexp_", v),
    "nextafter_": lambda x, w, v, i, m: _iop(x, "nextafter_", v),
    "sgn_": lambda x, w, v, i, m: _iop(x, "sgn_"),
    "gcd_": lambda x, w, v, i, m: (i * 1).gcd_(i + 4),
    "lcm_": lambda x, w, v, i, m: (i * 1).lcm_(i + 4),
    "greater_": lambda x, w, v, i, m: _iop(x, "greater_", v),
    "greater_equal_": lambda x, w, v, i, m: _iop(x, "greater_equal_", 0.5),
    "less_": lambda x, w, v, i, m: _iop(x, "less_", v),
    "less_equal_": lambda x, w, v, i, m: _iop(x, "less_equal_", 0.5),
    "not_equal_": lambda x, w, v, i, m: _iop(x, "not_equal_", v),
    "bitwise_and_": lambda x, w, v, i, m: (i * 1).bitwise_and_(3),
    "bitwise_or_": lambda x, w, v, i, m: (m * 1).bitwise_or_(m),
    "bitwise_xor_": lambda x, w, v, i, m: (i * 1).bitwise_xor_(i),
}

HOST_READS = {
    "is_nonzero": lambda x, w, v, i, m: x[0, 0].is_nonzero(),
}
