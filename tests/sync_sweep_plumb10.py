"""tests/test_sync_sweep.py's calls for helper plumb10's Tensor methods (``NO_WAIT``: never wait). Range checks of
index_copy/put/index_reduce and masked_scatter's count check are deferred to the next synchronization on a GPU,
never waited for; histogram is CPU-only in PyTorch (its CUDA backend refuses at once, without waiting). Operands:
x (3, 4) float leaf requiring grad, w (4, 2), v (4,), i (int64 index (3, 2)), m (bool mask (3, 4))."""


def _histogram(x):
    if x.device.type != "cpu":
        try:
            return x.detach().histogram(3)
        except NotImplementedError:
            return None
    return x.detach().histogram(3)


NO_WAIT = {
    "as_strided": lambda x, w, v, i, m: x.as_strided((2, 2), (1, 4), 1),
    "as_strided_": lambda x, w, v, i, m: (x * 1).as_strided_((2, 2), (1, 4)),
    "as_strided_scatter": lambda x, w, v, i, m: x.as_strided_scatter(w.t().detach(), (2, 4), (1, 2)),
    "get_device": lambda x, w, v, i, m: x.get_device(),
    "is_cpu": lambda x, w, v, i, m: x.is_cpu,
    "histogram": lambda x, w, v, i, m: _histogram(x),
    "index_copy": lambda x, w, v, i, m: x.index_copy(1, i[:2, 1], w[:3]),
    "index_copy_": lambda x, w, v, i, m: (x * 1).index_copy_(1, i[:2, 1], w[:3]),
    "masked_scatter": lambda x, w, v, i, m: x.masked_scatter(m, w.t().repeat(1, 3)),
    "masked_scatter_": lambda x, w, v, i, m: (x * 1).masked_scatter_(m, w.t().repeat(1, 3)),
    "new": lambda x, w, v, i, m: x.new(2, 3),
    "new_empty_strided": lambda x, w, v, i, m: x.new_empty_strided((2, 3), (1, 2)),
    "put": lambda x, w, v, i, m: x.put(i, w[:3], accumulate=True),
    "put_": lambda x, w, v, i, m: (x * 1).put_(i[:2], w[:2]),
    "split_with_sizes": lambda x, w, v, i, m: x.split_with_sizes([1, 3], 1),
    "unsafe_chunk": lambda x, w, v, i, m: x.unsafe_chunk(2, 1),
    "unsafe_split": lambda x, w, v, i, m: x.unsafe_split(2),
    "unsafe_split_with_sizes": lambda x, w, v, i, m: x.unsafe_split_with_sizes([2, 1]),
}
