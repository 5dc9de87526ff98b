"""Record what PyTorch prints for snippets of the tensor plumbing and signal ops of issue 15 (helper plumb10;
``record()``, section 'plumb10'): as_strided / as_strided_ / as_strided_scatter (views, storage offsets,
overlapping gradients, errors), empty_strided, Tensor.new_empty_strided / new, asarray and frombuffer (sharing
memory, copy=, errors), index_copy, index_reduce, put, masked_scatter (values, gradients, errors),
split_with_sizes and the unsafe splits, unravel_index, is_cpu / get_device, the window functions, histogram /
histogramdd and torch.gradient; and the registry samples of tests/op_registry_plumb10.py.
Writes ``tests/reference/torch_plumb10.json``: {snippet: printed text}; an exception prints as
``TypeName: message``. tests/test_plumb10.py runs each snippet with gradlib in place of torch and compares the
text (``torch.`` read as ``gradlib.``).
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_plumb10.json"

_TRY = "def tr(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__ + ':', e)\n"

SNIPPETS = [
    # as_strided: a view of the storage (offset from the base, not the view), its saved geometry, errors
    "x = torch.arange(6.).requires_grad_()\ny = x.as_strided((2, 2), (1, 2), 1)\n"
    "print(y, y._base is x, y.stride(), y.storage_offset(), y.grad_fn.name())\n"
    "z = (x * 1).view(2, 3)[1]\nw = z.as_strided((2,), (2,))\nprint(w, w.storage_offset())\nw.sum().backward()\n"
    "print(x.grad)\nv = torch.as_strided(x, [2], [2], storage_offset=2)\nprint(v)",
    # overlapping output windows accumulate; an expanded (self-overlapping) input divides by its reuse
    "x = torch.arange(6.).requires_grad_()\ny = x.as_strided((3, 2), (1, 1))\n"
    "y.backward(torch.arange(6.).reshape(3, 2))\nprint(x.grad)\n"
    "a = torch.tensor([1., 2.], requires_grad=True)\ne = a.expand(3, 2)\nf = e.as_strided((2,), (1,))\n"
    "f.backward(torch.tensor([10., 20.]))\nprint(a.grad)\n"
    "b = torch.arange(12.).reshape(3, 4).t()\nprint(b.as_strided((2, 3), (4, 1), 1), b.as_strided((2,), (5,)).tolist())",
    _TRY + "x = torch.arange(6.)\ntr(lambda: x.as_strided((3, 3), (2, 1)))\ntr(lambda: x.as_strided((3,), (1,), -1))\n"
    "tr(lambda: x.as_strided((3,), (-1,)))\ntr(lambda: x.as_strided((3, 2), (1,)))\n"
    "tr(lambda: x[1:].as_strided((6,), (1,)))\nprint(x.as_strided((0, 3), (1, 1), 6).shape)",
    # as_strided_: the tensor itself becomes the view
    "a = torch.zeros(6)\nb = a.t()[1:]\nr = b.as_strided_((2,), (2,))\nprint(r is b, b, b.stride(), b.storage_offset(), b._base is a)\n"
    "c = torch.arange(6.).requires_grad_()\nd = c * 1\nr = d.as_strided_((2, 2), (2, 1))\n"
    "print(r is d, d, d.grad_fn.name())\nd.sum().backward()\nprint(c.grad)",
    # as_strided_scatter: a contiguous copy with src written at the geometry
    _TRY + "print(torch.as_strided_scatter(torch.zeros(6), torch.ones(2, 2), (2, 2), (1, 2), 1))\n"
    "s = torch.zeros(6, requires_grad=True)\nsrc = torch.arange(4.).reshape(2, 2).requires_grad_()\n"
    "o = torch.as_strided_scatter(s, src, (2, 2), (1, 2), 1)\nprint(o, o.grad_fn.name())\n"
    "o.backward(torch.arange(6.) + 1)\nprint(s.grad, src.grad)\n"
    "t = torch.zeros(3, 2).t().as_strided_scatter(torch.ones(2, 2), (2, 2), (1, 2))\nprint(t, t.stride())\n"
    "tr(lambda: torch.as_strided_scatter(torch.zeros(6), torch.ones(2, 3), (2, 2), (1, 2), 1))",
    # empty_strided, new_empty_strided, Tensor.new
    _TRY + "e = torch.empty_strided((2, 3), (1, 2))\nprint(e.shape, e.stride(), e.dtype)\n"
    "e = torch.empty_strided((2, 3), (1, 2), dtype=torch.float64, requires_grad=True)\nprint(e.dtype, e.requires_grad, e.is_leaf)\n"
    "tr(lambda: torch.empty_strided((2, 3), (1,)))\n"
    "n = torch.ones(2, dtype=torch.int32).new_empty_strided((2, 3), (3, 1))\nprint(n.stride(), n.dtype)\n"
    "print(torch.ones(2, dtype=torch.int32).new(2, 3).shape, torch.ones(2, dtype=torch.int32).new(2, 3).dtype)\n"
    "print(torch.ones(2).new([1, 2]), torch.ones(2).new(torch.tensor([1., 2])), torch.ones(2).new().shape,\n"
    "      torch.ones(2).new(torch.Size([2, 1])).shape)\n"
    "t = torch.ones(2)\nprint(t.new(t) is t, t.new(t).data_ptr() == t.data_ptr())\n"
    "tr(lambda: torch.ones(2).new(2.5))\nprint(torch.ones(2, requires_grad=True).new((2,)).requires_grad)",
    # asarray: sharing with tensors and NumPy arrays, copy=, dtype=, requires_grad=, refusals
    _TRY + "import numpy as np\nt = torch.tensor([1., 2.])\na = torch.asarray(t)\nprint(a is t, a.data_ptr() == t.data_ptr())\n"
    "a = torch.asarray(t, dtype=torch.float64)\nprint(a, a.data_ptr() == t.data_ptr())\n"
    "a = torch.asarray(t, copy=True)\nprint(a is t, a.data_ptr() == t.data_ptr())\n"
    "tr(lambda: torch.asarray(t, copy=False, dtype=torch.float64))\n"
    "n = np.array([1, 2, 3])\na = torch.asarray(n)\nn[0] = 9\nprint(a, a.dtype)\n"
    "n = np.array([1., 2, 3])\na = torch.asarray(n, copy=True)\nn[0] = 9\nprint(a)\n"
    "print(torch.asarray([1, 2.5]), torch.asarray(3), torch.asarray([[1, 2]], dtype=torch.float32), torch.asarray(np.float64(2.5)))\n"
    "tr(lambda: torch.asarray(n, dtype=torch.float32, copy=False))\n"
    "print(torch.asarray([1., 2], requires_grad=True), torch.asarray(torch.tensor([1, 2]), dtype=torch.float32))\n"
    "print(torch.asarray(bytearray(b'\\x01\\x02'), dtype=torch.uint8))",
    # frombuffer: shares the bytes; count, offset; the ValueErrors
    _TRY + "b = bytearray(b'\\x00\\x00\\x80\\x3f\\x00\\x00\\x00\\x40')\nf = torch.frombuffer(b, dtype=torch.float32)\nprint(f)\n"
    "b[0:4] = b'\\x00\\x00\\x40\\x40'\nprint(f)\nprint(torch.frombuffer(b, dtype=torch.int8, count=3, offset=2))\n"
    "tr(lambda: torch.frombuffer(b, dtype=torch.float64, offset=1))\ntr(lambda: torch.frombuffer(b, dtype=torch.float32, count=5))\n"
    "tr(lambda: torch.frombuffer(b, dtype=torch.float32, offset=9))\ntr(lambda: torch.frombuffer(bytearray(), dtype=torch.float32))\n"
    "tr(lambda: torch.frombuffer(b, dtype=torch.float32, count=0))\n"
    "import array\nprint(torch.frombuffer(array.array('i', [1, 2, 3]), dtype=torch.int32), torch.frombuffer(b, dtype=torch.float32, requires_grad=True))",
    # index_copy: values, gradients, 0-d, errors
    _TRY + "x = torch.zeros(3, 4, requires_grad=True)\ns = torch.arange(8.).reshape(2, 4).requires_grad_()\n"
    "y = x.index_copy(0, torch.tensor([2, 0]), s)\nprint(y, y.grad_fn.name(), [f[0].name() for f in y.grad_fn.next_functions])\n"
    "y.backward(torch.arange(12.).reshape(3, 4))\nprint(x.grad, s.grad)\n"
    "print(torch.index_copy(torch.zeros(2, 3), 1, torch.tensor([2]), torch.ones(2, 1)))\n"
    "print(torch.zeros(()).index_copy(0, torch.tensor([0]), torch.tensor(5.)), torch.zeros(3).index_copy(0, torch.tensor(1), torch.tensor(5.)))\n"
    "z = torch.zeros(2, 2)\nr = z.index_copy_(1, torch.tensor([1]), torch.ones(2, 1))\nprint(r is z, z)\n"
    "x = torch.zeros(3, 4)\ns = torch.ones(2, 4)\n"
    "tr(lambda: x.index_copy(0, torch.tensor([2, 0]), s.double()))\ntr(lambda: x.index_copy(0, torch.tensor([2, 0.]), s))\n"
    "tr(lambda: x.index_copy(0, torch.tensor([2, 0, 1]), s))\n"
    "tr(lambda: x.index_copy(0, torch.tensor([[2, 0]]), s))\ntr(lambda: x.index_copy(1, torch.tensor([2, 0]), s))\n"
    "tr(lambda: x.index_copy(2, torch.tensor([2, 0]), s))\ntr(lambda: x.index_copy(0, torch.tensor([2, 0], dtype=torch.int32), s))",
    # index_reduce: every reduction with and without self, gradients, integer mean, errors
    _TRY + "import warnings\nwarnings.simplefilter('ignore')\n"
    "x = torch.tensor([[1., 2], [3, 4], [5, 6]])\nsrc = torch.tensor([[2., 0], [6, 1], [5, 6], [1, 1]])\nidx = torch.tensor([0, 2, 0, 1])\n"
    "for r in ['prod', 'mean', 'amax', 'amin']:\n    for inc in [True, False]:\n"
    "        a = x.clone().requires_grad_()\n        b = src.clone().requires_grad_()\n"
    "        y = a.index_reduce(0, idx, b, r, include_self=inc)\n        y.backward(torch.tensor([[1., 2], [3, 4], [5, 6]]))\n"
    "        print(r, inc, y, y.grad_fn.name(), a.grad, b.grad)\n"
    "print(torch.tensor([1, 2, 3]).index_reduce(0, torch.tensor([0, 0]), torch.tensor([4, 5]), 'mean'))\n"
    "print(torch.tensor([1, 2, 3]).index_reduce(0, torch.tensor([0, 0]), torch.tensor([4, 5]), 'mean', include_self=False))\n"
    "print(x.index_reduce(0, idx.int(), src, 'prod'), torch.index_reduce(x, 1, torch.tensor([1]), torch.ones(3, 1) * 7, 'amax'))\n"
    "z = x.clone()\nprint(z.index_reduce_(0, idx, src, 'amin') is z, z)\n"
    "tr(lambda: x.index_reduce(0, idx, src, 'sum'))\ntr(lambda: x.index_reduce(0, idx.float(), src, 'prod'))\n"
    "tr(lambda: x.index_reduce(0, idx[:3], src, 'prod'))\n"
    "tr(lambda: x.index_reduce(0, idx, src.double(), 'prod'))\ntr(lambda: x.index_reduce(1, torch.tensor([0, 1, 1]), torch.ones(2, 3), 'prod'))\n"
    "tr(lambda: x.index_reduce(0, idx, torch.ones(4, 3), 'prod'))\ntr(lambda: x.index_reduce(0, idx.view(2, 2), src, 'prod'))",
    # put: flat positions, negative ones, accumulate, gradients, errors
    _TRY + "x = torch.arange(6.).reshape(2, 3).requires_grad_()\ns = torch.tensor([10., 20, 30], requires_grad=True)\n"
    "y = x.put(torch.tensor([1, -1, 0]), s)\nprint(y, y.grad_fn.name())\ny.backward(torch.arange(6.).reshape(2, 3))\nprint(x.grad, s.grad)\n"
    "x.grad = None\ns.grad = None\ny = torch.put(x, torch.tensor([1, -1, 1]), s, accumulate=True)\nprint(y)\n"
    "y.backward(torch.arange(6.).reshape(2, 3))\nprint(x.grad, s.grad)\n"
    "z = torch.zeros(2, 2)\nprint(z.put_(torch.tensor([[3], [0]]), torch.tensor([1., 2])) is z, z)\n"
    "print(torch.put(torch.zeros(()), torch.tensor([0]), torch.tensor([3.])))\n"
    "x = x.detach()\n"
    "tr(lambda: x.put(torch.tensor([1, 2]), torch.tensor([1., 2, 3])))\ntr(lambda: x.put(torch.tensor([1., 2]), torch.tensor([1., 2])))\n"
    "tr(lambda: x.put(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1., 2])))\ntr(lambda: x.put(torch.tensor([1, 2]), torch.tensor([1, 2])))",
    # masked_scatter: source order, broadcasting self to the mask, gradients, errors
    _TRY + "x = torch.zeros(3, 4, requires_grad=True)\n"
    "m = torch.tensor([[True, False, True, False], [False, False, True, True], [True, True, True, True]])\n"
    "src = torch.arange(20.).reshape(4, 5).requires_grad_()\ny = x.masked_scatter(m, src)\nprint(y, y.grad_fn.name(), len(y.grad_fn.next_functions))\n"
    "y.backward(torch.arange(12.).reshape(3, 4))\nprint(src.grad, x.grad)\n"
    "print(torch.zeros(4).masked_scatter(m, src.detach()), torch.zeros(3, 4).masked_scatter(m[0], src.detach()))\n"
    "print(torch.masked_scatter(torch.zeros(4), torch.tensor([True, False, True, False]), torch.tensor([1., 2])))\n"
    "z = torch.zeros(4)\nprint(z.masked_scatter_(torch.tensor([False, True, False, True]), torch.tensor([7., 8, 9])) is z, z)\n"
    "print(torch.ones(2).masked_scatter(torch.tensor([False, False]), torch.ones(0)))\n"
    "x = x.detach()\ntr(lambda: x.masked_scatter(m.float(), src))\n"
    "tr(lambda: x.masked_scatter(m, src.double()))",
    # split_with_sizes and the unsafe splits
    _TRY + "x = torch.arange(6.).requires_grad_()\nprint(x.split_with_sizes([2, 4]), torch.split_with_sizes(x, [1, 5], 0)[0].grad_fn.name())\n"
    "print(torch.split_with_sizes(x, split_sizes=[3, 3], dim=-1)[1], x.split_with_sizes([2, 4])[1]._base is x)\n"
    "p = x.unsafe_split(4)\nprint(p, p[1].grad_fn.name(), p[0]._base is None)\n"
    "p = torch.unsafe_chunk(x, 3)\nprint(p, p[0].grad_fn.name())\np = x.unsafe_split_with_sizes([3, 3])\nprint(p, p[0].grad_fn.name())\n"
    "q = (x * 1).unsafe_split(3)\nq[0].mul_(2)\n(q[0].sum() + q[1].sum()).backward()\nprint(x.grad)\n"
    "print(torch.unsafe_split(torch.arange(6).reshape(2, 3), [1, 2], dim=1))\n"
    "tr(lambda: x.split_with_sizes([2, 3]))\ntr(lambda: x.split_with_sizes([2, -1, 5]))",
    # unravel_index; is_cpu and get_device
    _TRY + "print(torch.unravel_index(torch.tensor([4, 1, 11]), (3, 4)), torch.unravel_index(torch.tensor(5), (2, 3)))\n"
    "print(torch.unravel_index(torch.tensor([12]), (3, 4)), torch.unravel_index(torch.tensor([-1]), (3, 4)))\n"
    "print(torch.unravel_index(torch.tensor([[7, 3]], dtype=torch.int32), torch.Size([2, 2, 2])), torch.unravel_index(torch.tensor([1]), ()))\n"
    "print(torch.unravel_index(torch.tensor([3]), 5), type(torch.unravel_index(torch.tensor([4]), (3, 4))).__name__)\n"
    "tr(lambda: torch.unravel_index(torch.tensor([1.]), (3, 4)))\ntr(lambda: torch.unravel_index(torch.tensor([1]), (3, -4)))\n"
    "tr(lambda: torch.unravel_index(torch.tensor([0]), (0,)))\n"
    "x = torch.ones(2, device='cpu')\nprint(x.is_cpu, x.get_device(), torch.get_device(x))\ntr(lambda: torch.get_device(3))",
    # window functions: periodic and symmetric, lengths 0 and 1, dtypes, parameters, errors
    _TRY + "for name in ['hann_window', 'hamming_window', 'blackman_window', 'bartlett_window', 'kaiser_window']:\n"
    "    f = getattr(torch, name)\n    print(name, f(5), f(5, periodic=False), f(1), f(0), f(4, dtype=torch.float64))\n"
    "    print(f(6, False).tolist() == f(5, True).tolist(), f(8, requires_grad=True).requires_grad)\n"
    "    tr(lambda: f(-1))\n    tr(lambda: f(3, dtype=torch.int64))\n"
    "print(torch.hamming_window(5, True, 0.5, 0.3), torch.kaiser_window(6, False, beta=8.), torch.hann_window(6, dtype=torch.float64))\n"
    "print(torch.kaiser_window(7, True, 0.0), torch.blackman_window(7, dtype=torch.float64), torch.bartlett_window(6, False))",
    # histogram: int and tensor bins, range, weight, density, ties at the edges, the return type, errors
    _TRY + "x = torch.tensor([1., 2, 1, 4, 2.5, 4])\nprint(torch.histogram(x, 3))\n"
    "print(torch.histogram(x, bins=torch.tensor([0., 1.5, 2.5, 5.]), weight=torch.tensor([1., 2, 3, 4, 5, 6]), density=True))\n"
    "print(torch.histogram(x, 4, range=(0., 3.)))\nprint(torch.histogram(torch.tensor([2., 2.]), 2))\n"
    "print(torch.histogram(torch.tensor([]), 2))\nh = x.histogram(2, density=True)\nprint(h, h.hist, h.bin_edges)\n"
    "print(torch.histogram(torch.arange(6.).reshape(2, 3), 2), torch.histogram(torch.tensor([1., float('inf')]), torch.tensor([0., 1., 2.])))\n"
    "print(torch.histogram(torch.tensor([0.5, 1.5], dtype=torch.float64), 2, weight=torch.tensor([2., 3.], dtype=torch.float64)))\n"
    "tr(lambda: torch.histogram(torch.tensor([1, 2]), 2))\ntr(lambda: torch.histogram(x, 0))\n"
    "tr(lambda: torch.histogram(x, 2, range=(3., 1.)))\nprint(torch.histogram(x, torch.tensor([3., 1.])))\n"
    "tr(lambda: torch.histogram(x, 2, weight=torch.ones(2)))\ntr(lambda: torch.histogram(x, 2, weight=torch.ones(6, dtype=torch.float64)))\n"
    "tr(lambda: torch.histogram(x.double(), torch.tensor([0., 1.])))\ntr(lambda: torch.histogram(torch.tensor([float('nan')]), 2))",
    # histogramdd
    "print(torch.histogramdd(torch.tensor([[0., 1.], [1., 0.], [2., 0.], [2., 2.]]), bins=[3, 3], weight=torch.tensor([1., 2., 4., 8.])))\n"
    "print(torch.histogramdd(torch.tensor([[0., 0.], [1., 1.], [2., 2.]]), bins=[2, 2], range=[0., 1., 0., 1.], density=True))\n"
    "print(torch.histogramdd(torch.tensor([[0., 0.], [1., 1.], [2., 2.]]), bins=[torch.tensor([0., 1, 2]), torch.tensor([0., 3])]))\n"
    "r = torch.histogramdd(torch.tensor([[0., 0.], [1., 1.], [2., 2.]]), bins=2)\nprint(r, type(r.bin_edges).__name__)\n"
    "print(torch.histogramdd(torch.tensor([[[0., 1., 2.]], [[1., 1., 1.]]]), bins=[1, 2, 2]).hist)",
    # torch.gradient: spacing as a number, numbers and coordinates; dims; edge orders; gradients; errors
    _TRY + "x = torch.tensor([1., 2, 4, 8, 10])\nprint(torch.gradient(x), torch.gradient(x, spacing=2.), torch.gradient(x, edge_order=2))\n"
    "c = torch.tensor([0., 1, 1.5, 3.5, 4])\nprint(torch.gradient(x, spacing=(c,)), torch.gradient(x, spacing=(c,), edge_order=2))\n"
    "y = torch.tensor([[1., 2, 4, 8], [10, 20, 40, 80], [3, 1, 4, 1.]])\nprint(torch.gradient(y))\nprint(torch.gradient(y, dim=1))\n"
    "print(torch.gradient(y, spacing=[2., 3.], dim=[0, 1]))\n"
    "print(torch.gradient(y, spacing=[torch.tensor([0, 1, 3.]), torch.tensor([0, 1, 2, 5.])], edge_order=2))\n"
    "print(torch.gradient(y, spacing=2, dim=-1), torch.gradient(torch.tensor([1, 2, 4]), spacing=2.), torch.gradient(torch.tensor([1, 2, 4])))\n"
    "a = torch.tensor([1., 3, 2, 7], requires_grad=True)\ng = torch.gradient(a)[0]\nprint(g.grad_fn.name())\n"
    "g.backward(torch.tensor([1., 2, 3, 4]))\nprint(a.grad)\n"
    "tr(lambda: torch.gradient(torch.tensor([1.]), edge_order=1))\ntr(lambda: torch.gradient(torch.tensor([1., 2]), edge_order=2))\n"
    "tr(lambda: torch.gradient(x, edge_order=3))\ntr(lambda: torch.gradient(y, spacing=[1., 2., 3.]))\n"
    "tr(lambda: torch.gradient(y, dim=[0, 0]))\ntr(lambda: torch.gradient(y, dim=2))",
    # positions out of range (PyTorch's CPU messages; a GPU reports them at the next synchronization)
    _TRY + "x = torch.zeros(3, 4)\ns = torch.ones(2, 4)\ntr(lambda: x.index_copy(0, torch.tensor([2, 5]), s))\n"
    "tr(lambda: x.index_copy(0, torch.tensor([-1, 0]), s))\n"
    "tr(lambda: x.put(torch.tensor([1, 12]), torch.tensor([1., 2])))\ntr(lambda: x.put(torch.tensor([1, -13]), torch.tensor([1., 2])))\n"
    "tr(lambda: x.masked_scatter(x > -1, torch.ones(3)))\nimport warnings\nwarnings.simplefilter('ignore')\n"
    "tr(lambda: x.index_reduce(0, torch.tensor([0, 5]), s, 'prod'))\ntr(lambda: x.index_reduce(0, torch.tensor([-1, 0]), s, 'amax'))",
    # stft: windows, hops, centering and pad modes, batches, normalized, two-sided, return_complex=False
    "import warnings\nwarnings.simplefilter('ignore')\nx = torch.arange(10.)\nw = torch.hann_window(4)\n"
    "print(torch.stft(x, 4, return_complex=True))\nprint(torch.stft(x, 4, hop_length=2, window=w, return_complex=True, center=False))\n"
    "r = torch.stft(x, 4, win_length=3, return_complex=False, normalized=True, pad_mode='constant')\nprint(r.shape, r[:, :3])\n"
    "print(torch.stft(x.reshape(2, 5), 4, hop_length=1, return_complex=True, onesided=False).shape)\n"
    "y = torch.tensor([0.5, -1.0, 2.0, 0.0, 1.5, 3.0, -2.0, 1.0], dtype=torch.float64)\n"
    "print(torch.stft(y, 6, hop_length=2, window=torch.hamming_window(5, dtype=torch.float64), win_length=5, return_complex=True, pad_mode='replicate'))\n"
    "z = torch.stft(torch.tensor([1 + 1j, 2, 3j, -1, 0.5, 2 - 1j]), 4, hop_length=2, window=torch.ones(4), return_complex=True, center=False)\nprint(z)",
    # stft errors (the part after PyTorch's description of the call) and its gradient
    "import warnings\nwarnings.simplefilter('ignore')\nx = torch.arange(10.)\n"
    "for kwargs in [dict(hop_length=0), dict(win_length=5), dict(window=torch.ones(3))]:\n    try:\n"
    "        torch.stft(x, 4, return_complex=True, **kwargs)\n    except RuntimeError as e:\n        print(str(e).split(' : ')[-1])\n"
    "for bad in [lambda: torch.stft(x, 4), lambda: torch.stft(x, 20, return_complex=True)]:\n    try:\n        bad()\n"
    "    except RuntimeError as e:\n        print(e)\n"
    "try:\n    torch.stft(x.reshape(1, 2, 5), 4, return_complex=True)\nexcept RuntimeError as e:\n    print(str(e).split(' : ')[-1])\n"
    "a = torch.tensor([0.5, -1.0, 2.0, 0.0, 1.5, 3.0, -2.0, 1.0], requires_grad=True)\n"
    "s = torch.stft(a, 4, hop_length=2, window=torch.hann_window(4), return_complex=True)\n(s.abs() ** 2).sum().backward()\nprint(a.grad)",
    # istft: round trips, length, center=False, batches, two-sided, normalized, errors, gradient
    "import warnings\nwarnings.simplefilter('ignore')\nx = torch.arange(10.)\nw = torch.hann_window(4)\n"
    "s = torch.stft(x, 4, hop_length=1, window=w, return_complex=True)\nprint(torch.istft(s, 4, hop_length=1, window=w))\n"
    "print(torch.istft(s, 4, hop_length=1, window=w, length=8), torch.istft(s, 4, hop_length=1, window=w, length=12))\n"
    "print(torch.istft(s, 4, hop_length=1))\n"
    "b = torch.stft(x.reshape(2, 5), 4, hop_length=2, window=torch.hann_window(4, periodic=False) + 0.1, return_complex=True, normalized=True)\n"
    "print(torch.istft(b, 4, hop_length=2, window=torch.hann_window(4, periodic=False) + 0.1, normalized=True))\n"
    "t = torch.stft(x, 4, hop_length=2, window=torch.ones(4), return_complex=True, center=False, onesided=False)\n"
    "print(torch.istft(t, 4, hop_length=2, window=torch.ones(4), center=False))\n"
    "try:\n    torch.istft(torch.view_as_real(s), 4, hop_length=1, window=w)\nexcept RuntimeError as e:\n    print(e)\n"
    "c = s.detach().clone().requires_grad_()\nout = torch.istft(c, 4, hop_length=1, window=w)\n(out * torch.arange(10.)).sum().backward()\n"
    "print(c.grad)",
]


def record():
    import torch
    from record_torch_shared import record_registry_topic, record_snippets
    record_registry_topic(torch, "plumb10", grad_fn_names=True)
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
