"""Record what PyTorch prints for snippets of the ``__torch_function__`` protocol (``record()``, section
'torch_function'): the "Extending torch Python API" tutorial's ScalarTensor end to end, a logging subclass (the
functions it sees in a small forward/backward), a metadata-carrying subclass through ops and autograd, as_subclass,
_make_subclass, modes, the dispatch order and the NotImplemented errors. Writes
``tests/reference/torch_torch_function.json``: {snippet: printed text}; tests/test_torch_function.py runs each
with gradlib in place of torch and compares the text (``torch.`` read as ``gradlib.``).
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_torch_function.json"

_SCALAR = '''import functools
HANDLED_FUNCTIONS = {}
class ScalarTensor(object):
    def __init__(self, N, value):
        self._N = N
        self._value = value
    def __repr__(self):
        return "ScalarTensor(N={}, value={})".format(self._N, self._value)
    def tensor(self):
        return self._value * torch.eye(self._N)
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if kwargs is None:
            kwargs = {}
        if func not in HANDLED_FUNCTIONS or not all(issubclass(t, (torch.Tensor, ScalarTensor)) for t in types):
            return NotImplemented
        return HANDLED_FUNCTIONS[func](*args, **kwargs)
def implements(torch_function):
    def decorator(func):
        functools.update_wrapper(func, torch_function)
        HANDLED_FUNCTIONS[torch_function] = func
        return func
    return decorator
@implements(torch.mean)
def mean(input):
    return float(input._value) / input._N
def ensure_tensor(data):
    if isinstance(data, ScalarTensor):
        return data.tensor()
    return torch.as_tensor(data)
@implements(torch.add)
def add(input, other):
    try:
        if input._N == other._N:
            return ScalarTensor(input._N, input._value + other._value)
        else:
            raise ValueError("Shape mismatch!")
    except AttributeError:
        return torch.add(ensure_tensor(input), ensure_tensor(other))
'''

_LOG = '''resolve_name = torch.overrides.resolve_name
class LoggingTensor(torch.Tensor):
    log = []
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        cls.log.append(resolve_name(func))
        return super().__torch_function__(func, types, args, kwargs)
'''

_TAG = '''class TaggedTensor(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        tags = [a.tag for a in args if isinstance(a, TaggedTensor) and 'tag' in a.__dict__]
        out = super().__torch_function__(func, types, args, kwargs)
        if isinstance(out, TaggedTensor) and tags:
            out.tag = tags[0]
        return out
'''

_MODE = '''TorchFunctionMode, resolve_name = torch.overrides.TorchFunctionMode, torch.overrides.resolve_name
class Recorder(TorchFunctionMode):
    def __init__(self, name='r'):
        super().__init__()
        self.name = name
        self.seen = []
    def __repr__(self):
        return f'Recorder({self.name})'
    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.seen.append((resolve_name(func), [t.__name__ for t in types]))
        return func(*args, **(kwargs or {}))
'''

_DECLINE = '''order = []
class A(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        order.append((cls.__name__, [t.__name__ for t in types]))
        return NotImplemented
class B(A):
    pass
class C(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        order.append((cls.__name__, [t.__name__ for t in types]))
        return NotImplemented
a = torch.ones(2).as_subclass(A)
b = torch.ones(2).as_subclass(B)
c = torch.ones(2).as_subclass(C)
'''

SNIPPETS = [
    # the tutorial: torch.mean and torch.add on ScalarTensor, a mixed add, and an unhandled function
    _SCALAR + "d = ScalarTensor(5, 2)\nprint(d)\nprint(d.tensor())\nprint(torch.mean(d))\n"
    "s = ScalarTensor(2, 2)\nprint(torch.add(s, s))\nt = torch.tensor([[1, 1,], [1, 1]])\nprint(torch.add(s, t))\n"
    "try:\n    torch.mul(s, 3)\nexcept TypeError as e:\n    print(e)\n",
    # a logging subclass: what it sees for a small forward and backward, and the classes of results and grads
    _LOG + "x = torch.tensor([[1., 2.], [3., -4.]]).as_subclass(LoggingTensor).requires_grad_()\n"
    "w = torch.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)\n"
    "y = torch.nn.functional.linear(x, w).relu()\nloss = (y * y).mean()\nloss.backward()\n"
    "print(type(y).__name__, type(loss).__name__)\ng = x.grad\nprint(type(g).__name__, type(w.grad).__name__)\n"
    "print(g.tolist(), w.grad.tolist())\nprint(LoggingTensor.log)\n",
    # operators, indexing and properties as a logging subclass sees them
    _LOG + "x = torch.tensor([[1., 2.], [3., 4.]]).as_subclass(LoggingTensor)\nplain = torch.ones(2, 2)\n"
    "r = [x + 1, 1 + x, plain - x, x * plain, 2 * x, x / 2, x @ plain, -x, x[0], x > 1, x.T, x.shape, x.dtype, "
    "len(x), x ** 2, x % 2, abs(x)]\n"
    "print([type(v).__name__ for v in r])\nprint(LoggingTensor.log)\n",
    # a metadata-carrying subclass through ops and autograd
    _TAG + "a = torch.tensor([1., 2., 3.]).as_subclass(TaggedTensor)\na.tag = 'meters'\na.requires_grad_()\n"
    "b = (a * 2 + 1).exp().sum()\nprint(type(b).__name__, b.tag, round(b.item(), 3))\n"
    "b.backward()\nprint(type(a.grad).__name__, [round(v, 3) for v in a.grad.tolist()])\n"
    "parts = torch.max(a.detach().reshape(1, 3), dim=1)\nprint(type(parts).__name__, [type(p).__name__ for p in parts], parts.values.tag)\n"
    "u, v = a.detach().split(2)\nprint(type(u).__name__, type(v).__name__, u.tag)\n",
    # as_subclass: an alias in the graph, sharing data and version counter; a class that is not a Tensor's
    "class M(torch.Tensor):\n    pass\na = torch.tensor([1., 2.], requires_grad=True)\nb = a.as_subclass(M)\n"
    "print(type(b).__name__, b.grad_fn.name(), b.is_leaf, b.requires_grad)\n(b * b).sum().backward()\n"
    "print(a.grad.tolist())\nc = torch.zeros(2)\nd = c.as_subclass(M)\ne = d.add_(1)\n"
    "print(c.tolist(), c._version, d._version, type(e).__name__, e is d)\n"
    "print(type(M([1., 2.]) + 1).__name__, type(torch.nn.Parameter(torch.ones(1)) * 2).__name__)\n"
    "print(type(torch.ones(1).as_subclass(torch.Tensor)).__name__)\n",
    # a subclass prints under its own name; what stays a subclass (iteration, in-place, cat, nn layers, splits)
    "class M(torch.Tensor):\n    pass\nx = torch.tensor([1., 2.]).as_subclass(M)\nprint(repr(x))\nprint(x * 2)\n"
    "print(repr(torch.ones(2, requires_grad=True).as_subclass(M) * 2))\n"
    "print(repr(torch.arange(30.).reshape(3, 10).as_subclass(M) * 1000))\n"
    "z = torch.tensor([1., 2.]).as_subclass(M)\nz += 1\nprint(type(z).__name__)\n"
    "print([type(r).__name__ for r in torch.ones(2, 2).as_subclass(M)], type(torch.cat([x, torch.ones(1)])).__name__)\n"
    "print(type(x.tolist()).__name__, type(x.detach()).__name__, type(x.clone()).__name__, type(x.to(torch.float64)).__name__)\n"
    "print(type(x.max(0)).__name__, type(x.sort()[0]).__name__, [type(t).__name__ for t in x.unbind(0)])\n"
    "lin = torch.nn.Linear(2, 3)\nout = lin(torch.ones(1, 2).as_subclass(M))\nout.sum().backward()\n"
    "print(type(out).__name__, type(lin.weight.grad).__name__, type(x.new_zeros(2)).__name__, "
    "type(torch.zeros_like(x)).__name__, type(x.data).__name__)\n",
    # _make_subclass: a detached leaf of the subclass sharing the data
    "class W(torch.Tensor):\n    def __new__(cls, data, requires_grad=True):\n"
    "        return torch.Tensor._make_subclass(cls, data, requires_grad)\n"
    "src = torch.tensor([1., 2.], requires_grad=True) * 1\nw = W(src)\n"
    "print(type(w).__name__, w.requires_grad, w.is_leaf, w.grad_fn)\n"
    "with torch.no_grad():\n    w.mul_(3)\nprint(src.tolist(), type(w.sum()).__name__)\n",
    # a mode sees every call made inside it; modes nest, the innermost first
    _MODE + "with Recorder() as r:\n    x = torch.tensor([1., -2., 3.], requires_grad=True)\n"
    "    y = torch.nn.functional.relu(x * 2 + 1).sum()\n    y.backward()\n    z = x[1:].shape\n"
    "    s = torch.stack([x, x]).mean(0)\nprint(r.seen)\n"
    "with Recorder('outer') as o, Recorder('inner') as i:\n    torch.exp(torch.zeros(1))\nprint(o.seen, i.seen)\n",
    # a mode returning NotImplemented, and modes with a subclass
    _MODE + "class No(TorchFunctionMode):\n    def __repr__(self):\n        return 'No()'\n"
    "    def __torch_function__(self, func, types, args=(), kwargs=None):\n        return NotImplemented\n"
    "x = torch.ones(2)\nwith No():\n    try:\n        torch.exp(x)\n    except TypeError as e:\n        print(e)\n"
    "    try:\n        torch.nn.functional.silu(x)\n    except TypeError as e:\n        print(e)\n"
    "class M(torch.Tensor):\n    pass\nm = torch.ones(2).as_subclass(M)\n"
    "with Recorder() as r:\n    out = m.sum() + x.sum()\nprint(r.seen, type(out).__name__)\n",
    # dispatch order: subclasses before superclasses, otherwise left to right; every handler declining
    _DECLINE + "for call in (lambda: torch.add(a, b), lambda: torch.stack([c, a]), lambda: c.mul(b), "
    "lambda: torch.nn.functional.gelu(a), lambda: torch.nn.functional.silu(b)):\n"
    "    try:\n        call()\n    except TypeError as e:\n        print(str(e).replace(chr(10), '|'))\n"
    "print(order)\n"
    "try:\n    a + c\nexcept TypeError as e:\n    print(e)\n",
    # non-Tensor objects: functions, methods of a tensor and operators; a plain __torch_function__ method warns
    "class Obj:\n    @classmethod\n    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
    "        return (func.__name__, [t.__name__ for t in types])\n"
    "o = Obj()\nprint(torch.sum(o), torch.cat([torch.ones(1), o]), torch.nn.functional.softmax(o, 0))\n"
    "print(torch.ones(1).add(o), torch.where(torch.ones(1) > 0, o, 1.))\n"
    "try:\n    torch.ones(1) + o\nexcept TypeError as e:\n    print(e)\n",
    # torch.overrides and torch._C helpers
    "ov = torch.overrides\nhas_torch_function, handle_torch_function = ov.has_torch_function, ov.handle_torch_function\n"
    "is_tensor_like, is_tensor_method_or_property, resolve_name = ov.is_tensor_like, ov.is_tensor_method_or_property, "
    "ov.resolve_name\n"
    "class Obj:\n    @classmethod\n    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
    "        return 'handled ' + resolve_name(func) if resolve_name(func) else 'handled ' + func.__name__\n"
    "class M(torch.Tensor):\n    pass\nm = torch.ones(1).as_subclass(M)\n"
    "print(has_torch_function((torch.ones(1),)), has_torch_function((m,)), has_torch_function([Obj()]), "
    "has_torch_function((torch.nn.Parameter(torch.ones(1)),)))\n"
    "print(is_tensor_like(torch.ones(1)), is_tensor_like(m), is_tensor_like(Obj()), is_tensor_like(3))\n"
    "print(is_tensor_method_or_property(torch.Tensor.add), is_tensor_method_or_property(torch.add), "
    "is_tensor_method_or_property(torch.Tensor.shape.__get__))\n"
    "print(resolve_name(torch.Tensor.add), resolve_name(torch.nn.functional.relu), resolve_name(torch.Tensor.grad.__get__), resolve_name(len))\n"
    "def double(x):\n    if has_torch_function((x,)):\n        return handle_torch_function(double, (x,), x)\n    return x * 2\n"
    "print(double(Obj()), double(torch.ones(1)).tolist())\n"
    "with torch._C.DisableTorchFunctionSubclass():\n    print(type(m + 1).__name__, has_torch_function((m,)))\n"
    "print(type(m + 1).__name__, torch.Tensor.__torch_function__(torch.add, (M,), (m, 1)).__class__.__name__)\n"
    "print(torch.Tensor.__torch_function__(torch.add, (M, int), (m, 1)))\n",
]


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
