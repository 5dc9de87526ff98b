"""``DistributedDataParallel``: one model replica per process, gradients averaged across ranks in backward.

At construction the ranks check that their modules have the same parameters, then copy rank 0's parameters
and buffers to all. The parameters are grouped into buckets (in reverse order of registration, which is
roughly the order backward produces their gradients; one dtype per bucket, ``bucket_cap_mb`` each). A
post-accumulate-grad hook copies each gradient into its bucket's flat buffer; a full bucket starts a
non-blocking all-reduce at once, so communication overlaps the rest of backward, and buckets start in the
same order on every rank. When the backward pass ends (an engine callback) the reductions are awaited,
divided by the world size and written back into ``.grad``. All of it runs under the module's device guard (hooks
and engine callbacks may run while another GPU is current).
"""
import contextlib
import weakref

from ... import _tensor
from ...autograd import grad_mode
from ...autograd.engine import queue_callback
from ...backends import device_guard
from ...distributed import ReduceOp
from ...distributed.collectives import check_agreement, contiguous_buffer
from ...distributed.errors import DistBackendError
from ...distributed.process_group import default_group
from ...distributed.work import Work
from ..modules.module import Module

__all__ = ["DistributedDataParallel"]

_FIRST_BUCKET_BYTES = 1 << 20  # a small first bucket starts communication early, as in PyTorch
_DEFAULT_BUCKET_CAP_BYTES = 25 << 20  # PyTorch's default bucket_cap_mb=25


class _Bucket:
    __slots__ = ("index", "params", "offsets", "flat")

    def __init__(self, index, params):
        self.index = index
        self.params = params
        self.offsets = []
        total = 0
        for param in params:
            self.offsets.append(total)
            total += param._array.size
        first = params[0]
        with device_guard(first._device):
            self.flat = first._device._backend.xp.zeros(total, dtype=first._array.dtype)


class _Pass:
    """What one synchronized backward pass has done so far."""

    __slots__ = ("pending", "seen", "next", "works", "queued")

    def __init__(self, buckets):
        self.pending = [len(bucket.params) for bucket in buckets]
        self.seen = set()
        self.next = 0
        self.works = []
        self.queued = False


class DistributedDataParallel(Module):
    """Wrap ``module`` so that ``backward`` leaves every rank with the gradient averaged over all ranks.

    Each rank feeds its own share of the batch (see ``DistributedSampler``); with equal shares the result is
    the full-batch gradient, so any optimizer then takes the same step on every rank. ``no_sync()`` skips the
    reduction for gradient accumulation. Parameters that get no gradient in a backward pass are an error
    unless ``find_unused_parameters=True`` (they then count as zero).

    >>> import gradlib, gradlib.distributed as dist
    >>> from gradlib.nn.parallel import DistributedDataParallel as DDP
    >>> dist.init_process_group("mpi")          # under mpiexec -n N: one process per rank
    >>> model = DDP(gradlib.nn.Linear(3, 1))
    >>> model(gradlib.ones(4, 3)).sum().backward()
    >>> model.module.bias.grad
    tensor([4.])
    >>> dist.destroy_process_group()
    """

    def __init__(self, module, device_ids=None, output_device=None, dim=0, broadcast_buffers=True,
                 process_group=None, bucket_cap_mb=None, find_unused_parameters=False, check_reduction=False,
                 gradient_as_bucket_view=False, static_graph=False):
        super().__init__()
        group = process_group or default_group()
        self.module = module
        self.process_group = group
        self.broadcast_buffers = broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.require_backward_grad_sync = True
        params = [param for param in module.parameters() if param.requires_grad]
        if not params:
            raise RuntimeError("DistributedDataParallel is not needed when a module doesn't have any parameter "
                               "that requires a gradient.")
        devices = {param._device for param in params}
        if len(devices) > 1:
            raise ValueError("DistributedDataParallel's module has parameters on several devices: "
                             + ", ".join(sorted(str(d) for d in devices)))
        self._params = params
        self._device = params[0]._device
        nccl_index = getattr(group.backend, "device_index", None)
        if nccl_index is not None and self._device.index != nccl_index:  # NCCL's communicator serves one GPU
            raise RuntimeError(f"DistributedDataParallel: the module is on {self._device}, but this rank's NCCL "
                               f"device is cuda:{nccl_index}")
        try:
            check_agreement(group, "module", params, len(params))
        except DistBackendError:
            shapes = ", ".join(f"{name} {list(p.shape)} {p.dtype}" for name, p in module.named_parameters())
            raise DistBackendError(f"[rank {group.rank}] DistributedDataParallel: the ranks' modules do not have the "
                                   f"same parameters (count, shapes or dtypes differ); this rank has: {shapes}"
                                   ) from None
        self._sync_tensors(params + list(module.buffers()))
        cap = _DEFAULT_BUCKET_CAP_BYTES if bucket_cap_mb is None else int(bucket_cap_mb * (1 << 20))
        self._buckets = _assign_buckets(list(reversed(params)), cap)
        self._slot = {}
        for bucket in self._buckets:
            for number, param in enumerate(bucket.params):
                self._slot[id(param)] = (bucket, number)
        self._pass = _Pass(self._buckets)
        self._sync_pass = False
        # The hooks reach this wrapper weakly and go away with it, so wrapping a module again (or dropping
        # the wrapper) never leaves a second reduction behind.
        reference = weakref.ref(self)

        def grad_ready(param):
            wrapper = reference()
            if wrapper is not None:
                wrapper._grad_ready(param)
        self._hook_handles = [param.register_post_accumulate_grad_hook(grad_ready) for param in params]

    def __del__(self):
        for handle in getattr(self, "_hook_handles", ()):
            handle.remove()

    def forward(self, *args, **kwargs):
        self._sync_pass = self.require_backward_grad_sync and grad_mode.state.enabled
        if self._sync_pass and self.broadcast_buffers:
            buffers = list(self.module.buffers())
            if buffers:
                self._sync_tensors(buffers)
        return self.module(*args, **kwargs)

    @contextlib.contextmanager
    def no_sync(self):
        """Inside, forward+backward accumulate local gradients only; the next synchronized backward then
        averages the accumulated sums.

        >>> import gradlib, gradlib.distributed as dist
        >>> from gradlib.nn.parallel import DistributedDataParallel as DDP
        >>> dist.init_process_group("mpi")
        >>> model = DDP(gradlib.nn.Linear(2, 1))
        >>> with model.no_sync():
        ...     model(gradlib.ones(1, 2)).sum().backward()   # local only
        >>> model(gradlib.ones(1, 2)).sum().backward()       # reduces the sum of both
        >>> model.module.bias.grad
        tensor([2.])
        >>> dist.destroy_process_group()
        """
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous

    # ----- during backward --------------------------------------------------------------------------
    def _grad_ready(self, param):
        if not self._sync_pass:
            return
        backend = self._device._backend
        if backend.needs_guard:  # a hook of the backward walk, per parameter: no guard at all on the CPU
            with backend.guard(self._device):
                self._take_grad(param)
        else:
            self._take_grad(param)

    def _take_grad(self, param):
        state = self._pass
        if not state.queued:
            state.queued = True
            queue_callback(self._finish_pass)
        key = id(param)
        if key in state.seen:
            return
        state.seen.add(key)
        bucket, number = self._slot[key]
        offset = bucket.offsets[number]
        grad = param._grad._array
        bucket.flat[offset:offset + grad.size] = grad.reshape(-1)
        state.pending[bucket.index] -= 1
        if state.pending[bucket.index] == 0:
            self._start_ready(state)
        elif state.works:
            state.works[-1].is_completed()  # lets MPI move data while backward goes on

    def _start_ready(self, state):
        group = self.process_group
        buckets = self._buckets
        while state.next < len(buckets) and state.pending[state.next] == 0:
            bucket = buckets[state.next]
            request = group.backend.all_reduce(bucket.flat, ReduceOp.SUM)
            state.works.append(Work(request, None, group.timeout_s,
                                    f"DistributedDataParallel all_reduce of gradient bucket {bucket.index}",
                                    group.rank))
            state.next += 1

    def _finish_pass(self):
        with device_guard(self._device):
            self._finish_pass_here()

    def _finish_pass_here(self):
        state = self._pass
        self._pass = _Pass(self._buckets)
        if state.next < len(self._buckets):
            unused = [param for param in self._params if id(param) not in state.seen]
            if not self.find_unused_parameters:
                names = {id(p): name for name, p in self.module.named_parameters()}
                raise RuntimeError(
                    "DistributedDataParallel: these parameters received no gradient in this backward pass: "
                    + ", ".join(names.get(id(p), "?") for p in unused)
                    + ". Every parameter must take part in producing the loss, or pass "
                    "find_unused_parameters=True to count missing gradients as zero.")
            for param in unused:
                bucket, number = self._slot[id(param)]
                offset = bucket.offsets[number]
                bucket.flat[offset:offset + param._array.size] = 0
                state.pending[bucket.index] = max(state.pending[bucket.index] - 1, 0)
            self._start_ready(state)
        for work in state.works:
            work.wait()
        scale = 1.0 / self.process_group.world_size
        for bucket in self._buckets:
            flat = bucket.flat
            xp = bucket.params[0]._device._backend.xp
            for param, offset in zip(bucket.params, bucket.offsets):
                size = param._array.size
                summed = flat[offset:offset + size].reshape(param._array.shape)
                if param._grad is None:
                    param._grad = _tensor.wrap(summed * scale, param._device)
                else:
                    xp.multiply(summed, scale, out=param._grad._array)  # average and write back in one pass
                    param._grad._bump_version()

    def _sync_tensors(self, tensors):
        """Copy rank 0's values of ``tensors`` to every rank, one broadcast per tensor (through a contiguous
        copy for a non-contiguous one, copied back when it arrives)."""
        group = self.process_group
        if group.world_size == 1:
            return
        works = []
        for tensor in tensors:
            with device_guard(tensor._device):
                array, write_back = contiguous_buffer(tensor)
                request = group.backend.broadcast(array, 0)
            works.append(Work(request, write_back, group.timeout_s,
                              "DistributedDataParallel broadcast of rank 0's parameters", group.rank))
        for work in works:
            work.wait()


def _assign_buckets(params, cap_bytes):
    """Consecutive parameters of one dtype, up to ``cap_bytes`` per bucket (the first bucket at most 1 MiB)."""
    buckets = []
    current = []
    size = 0
    limit = min(cap_bytes, _FIRST_BUCKET_BYTES)
    for param in params:
        nbytes = param._array.nbytes
        if current and (size + nbytes > limit or param._array.dtype != current[0]._array.dtype):
            buckets.append(_Bucket(len(buckets), current))
            current, size, limit = [], 0, cap_bytes
        current.append(param)
        size += nbytes
    if current:
        buckets.append(_Bucket(len(buckets), current))
    return buckets
