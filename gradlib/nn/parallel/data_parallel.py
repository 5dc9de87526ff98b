"""``DataParallel`` (``torch.nn.parallel.data_parallel``): one process, several GPUs. Each forward splits the
batch across the GPUs (``scatter``), copies the module to each (``replicate``: the replicas' parameters are
differentiable copies of the original's), runs the replicas (``parallel_apply``) and joins their outputs on
``output_device`` (``gather``); backward sums every replica's gradient into the original parameters' ``.grad``.

Without CUDA (and with MPS in PyTorch) a ``DataParallel`` just calls its module, as PyTorch's; with one GPU it
moves the module there and calls it on the inputs moved there.
"""
import itertools
import warnings

from ..._cuda_device import device_index, get_device_properties
from ...backends import cuda_available, cuda_device_count
from ...device import device as _device
from ..modules.module import Module
from .parallel_apply import parallel_apply
from .replicate import replicate
from .scatter_gather import gather, scatter_kwargs

__all__ = ["DataParallel", "data_parallel"]

_IMBALANCE = """
    There is an imbalance between your GPUs. You may want to exclude GPU {} which
    has less than 75% of the memory or cores of GPU {}. You can do so by setting
    the device_ids argument to DataParallel, or by setting the CUDA_VISIBLE_DEVICES
    environment variable."""


def _check_balance(device_ids):
    """PyTorch's warning when a GPU has under 75% of the memory or multiprocessors of another."""
    properties = [get_device_properties(index) for index in device_ids]
    for read in (lambda p: p.total_memory, lambda p: p.multi_processor_count):
        values = [read(p) for p in properties]
        low = min(range(len(values)), key=values.__getitem__)
        high = max(range(len(values)), key=values.__getitem__)
        if values[low] / values[high] < 0.75:
            warnings.warn(_IMBALANCE.format(device_ids[low], device_ids[high]), stacklevel=3)
            return


def _check_source(module, source):
    for tensor in itertools.chain(module.parameters(), module.buffers()):
        if tensor.device != source:
            raise RuntimeError("module must have its parameters and buffers on device "
                               f"{source} (device_ids[0]) but found one of them on device: {tensor.device}")


def _run(module, inputs, kwargs, device_ids, output_device, dim):
    """DataParallel's forward once the module sits on ``device_ids[0]``."""
    inputs, module_kwargs = scatter_kwargs(inputs, kwargs, device_ids, dim)
    if not inputs and not module_kwargs:  # a forward without arguments runs on the first GPU
        inputs = ((),)
        module_kwargs = ({},)
    if len(device_ids) == 1:
        return module(*inputs[0], **module_kwargs[0])
    used = device_ids[:len(inputs)]
    replicas = replicate(module, used)
    outputs = parallel_apply(replicas, inputs, module_kwargs, used)
    return gather(outputs, output_device, dim)


class DataParallel(Module):
    """Data parallelism in one process (mirrors ``torch.nn.DataParallel``): the batch is split along ``dim``
    across the GPUs ``device_ids`` (all visible GPUs by default), the module runs on each part as a replica, and
    the outputs are joined on ``output_device`` (``device_ids[0]`` by default; -1 for the CPU). Gradients of all
    replicas are summed into the module's parameters. The module must sit on ``device_ids[0]``
    (RuntimeError otherwise, PyTorch's message); tensors in the arguments may be anywhere (CPU included). Other
    arguments are given to every replica as they are.

    The wrapped module is ``.module``, so state_dict keys start with ``module.``. Without CUDA the wrapper just
    calls the module (``device_ids`` is ``[]``); with one GPU it moves the module there. The replicas run one
    after another in the calling thread (PyTorch uses a thread each): CuPy queues each replica's kernels without
    waiting, so the GPUs work at the same time.

    >>> import gradlib
    >>> where = "cuda:0" if gradlib.cuda.is_available() else "cpu"  # device_ids[0] (all GPUs by default)
    >>> model = gradlib.nn.DataParallel(gradlib.nn.Linear(2, 3).to(where))
    >>> list(model.state_dict())
    ['module.weight', 'module.bias']
    >>> model(gradlib.ones(4, 2)).shape
    gradlib.Size([4, 3])
    """

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        if not cuda_available():
            self.module = module
            self.device_ids = []
            return
        if device_ids is None:
            device_ids = list(range(cuda_device_count()))
        if output_device is None:
            output_device = device_ids[0]
        self.dim = dim
        self.module = module
        self.device_ids = [device_index(index, optional=True) for index in device_ids]
        self.output_device = device_index(output_device, optional=True)
        self.src_device_obj = _device("cuda", self.device_ids[0])
        _check_balance(self.device_ids)
        if len(self.device_ids) == 1:
            self.module.to(self.src_device_obj)

    def forward(self, *inputs, **kwargs):
        if not self.device_ids:
            return self.module(*inputs, **kwargs)
        _check_source(self.module, self.src_device_obj)
        return _run(self.module, inputs, kwargs, self.device_ids, self.output_device, self.dim)

    def replicate(self, module, device_ids):
        return replicate(module, device_ids, detach=False)

    def scatter(self, inputs, kwargs, device_ids):
        return scatter_kwargs(inputs, kwargs, device_ids, dim=self.dim)

    def parallel_apply(self, replicas, inputs, kwargs):
        return parallel_apply(replicas, inputs, kwargs, self.device_ids[:len(replicas)])

    def gather(self, outputs, output_device):
        return gather(outputs, output_device, dim=self.dim)


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    """``DataParallel``'s forward as a function (mirrors ``torch.nn.parallel.data_parallel``): ``module(*inputs,
    **module_kwargs)`` split across ``device_ids`` and gathered on ``output_device``. ``inputs``: a tuple of
    positional arguments, or one argument. Raises PyTorch's RuntimeError "device type could not be determined"
    without CUDA, and its RuntimeError when the module is not on ``device_ids[0]``.

    >>> import gradlib
    >>> if gradlib.cuda.device_count() >= 2:
    ...     model = gradlib.nn.Linear(2, 3).to("cuda:0")
    ...     out = gradlib.nn.parallel.data_parallel(model, gradlib.ones(4, 2), [0, 1])
    ...     assert out.shape == (4, 3) and out.device == gradlib.device("cuda:0")
    """
    if not isinstance(inputs, tuple):
        inputs = (inputs,) if inputs is not None else ()
    if not cuda_available():
        raise RuntimeError("device type could not be determined")
    if device_ids is None:
        device_ids = list(range(cuda_device_count()))
    if output_device is None:
        output_device = device_ids[0]
    device_ids = [device_index(index, optional=True) for index in device_ids]
    output_device = device_index(output_device, optional=True)
    _check_source(module, _device("cuda", device_ids[0]))
    return _run(module, inputs, module_kwargs, device_ids, output_device, dim)
