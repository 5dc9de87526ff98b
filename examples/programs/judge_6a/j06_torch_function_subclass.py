# Tutorial: "Extending torch Python API" with __torch_function__ (pytorch.org/docs/stable/notes/extending.html)
import functools
import torch

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
        if func not in HANDLED_FUNCTIONS or not all(
            issubclass(t, (torch.Tensor, ScalarTensor))
            for t in types
        ):
            return NotImplemented
        return HANDLED_FUNCTIONS[func](*args, **kwargs)


def implements(torch_function):
    """Register a torch function override for ScalarTensor"""
    def decorator(func):
        functools.update_wrapper(func, torch_function)
        HANDLED_FUNCTIONS[torch_function] = func
        return func
    return decorator


@implements(torch.mean)
def mean(input):
    return float(input._value) / input._N


d = ScalarTensor(5, 2)
print(d)
print(d.tensor())
print(torch.mean(d))


@implements(torch.add)
def add(input, other):
    try:
        if input._N == other._N:
            return ScalarTensor(input._N, input._value + other._value)
        else:
            raise ValueError("Shape mismatch!")
    except AttributeError:
        return torch.add(input.tensor(), other)


s = ScalarTensor(2, 2)
print(torch.add(s, s))
t = torch.tensor([[1, 1, ], [1, 1]])
print(torch.add(s, t))
try:
    torch.mul(s, 3)
except TypeError as e:
    print("TypeError:", str(e).splitlines()[0])
print(torch.overrides.has_torch_function((s,)), torch.overrides.has_torch_function((t,)))
print(torch.overrides.is_tensor_like(s), torch.overrides.is_tensor_like(t))


# Subclassing torch.Tensor: the subclass is preserved through operations
class LoggingTensor(torch.Tensor):
    log = []

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        # NotImplemented check omitted for brevity
        if func is not torch.Tensor.__repr__:
            LoggingTensor.log.append(func.__name__)
        if kwargs is None:
            kwargs = {}
        return super().__torch_function__(func, types, args, kwargs)


torch.manual_seed(0)
x = torch.randn(3).as_subclass(LoggingTensor)
y = x * 2
z = torch.add(y, 1).sum()
print(type(x).__name__, type(y).__name__, type(z).__name__)
print("logged:", [n for n in LoggingTensor.log if n in ("__mul__", "mul", "add", "sum")])
print(isinstance(y, torch.Tensor), y.shape)
plain = torch.randn(3)
w = plain + x
print("mixed:", type(w).__name__)


# Wrapper type that keeps metadata alongside a tensor
class MetadataTensor(object):
    def __init__(self, data, metadata=None, **kwargs):
        self._t = torch.as_tensor(data, **kwargs)
        self._metadata = metadata

    def __repr__(self):
        return "Metadata:\n{}\n\ndata:\n{}".format(self._metadata, self._t)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if kwargs is None:
            kwargs = {}
        metadatas = tuple(a._metadata for a in args if hasattr(a, '_metadata'))
        args = [getattr(a, '_t', a) for a in args]
        assert len(metadatas) > 0
        ret = func(*args, **kwargs)
        return MetadataTensor(ret, metadata=metadatas[0])


metadata = {'owner': 'Ministry of Silly Walks'}
m = MetadataTensor([[1, 2], [3, 4]], metadata=metadata)
t = torch.tensor([[1, 2], [1, 2]])
print(torch.add(t, m))
print(torch.mul(m, 10))
print(torch.matmul(m, t)._t)


# A Tensor subclass that overrides a single method via __torch_function__
class TwiceTensor(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if kwargs is None:
            kwargs = {}
        if func is torch.Tensor.sum:
            return super().__torch_function__(func, types, args, kwargs) * 2
        return super().__torch_function__(func, types, args, kwargs)


a = torch.ones(2, 3).as_subclass(TwiceTensor)
print(a.sum())
print((a + 1).sum().item())
print(type(a[0]).__name__, torch.Tensor.sum(torch.ones(2)).item())
