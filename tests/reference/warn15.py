"""PyTorch's own warnings and deprecated names (session 15, warn15): the UserWarnings and FutureWarnings PyTorch
2.13 gives for calls a tutorial makes (``torch.tensor(a_tensor)``, ``F.softmax(x)`` without ``dim``, ``x.T`` on a
3-D tensor, ``scheduler.step()`` before ``optimizer.step()``, ...), the deprecated names it still has
(``torch.set_default_tensor_type``, ``nn.utils.clip_grad_norm``) and the removed functions it keeps as names that
raise (``torch.symeig``, ``torch.solve``, ...).

Each case is ``function(lib)`` written once for gradlib and PyTorch; it is called twice, and the recorder keeps,
per call, the error (class and message) or the value the case returns, and over both calls each warning's category
and message with how many times it came (PyTorch's C++ ``TORCH_WARN_ONCE`` warnings come once a process, its
Python ``warnings.warn`` ones each call, under ``simplefilter("always")``). PyTorch runs each case in a fresh
process (a fork of the recorder, which has warned nothing), so that its once-a-process warnings are first there;
tests/test_warn15.py empties gradlib's record of them (``gradlib._warn_once.WARNED``) for each case. The path of
PyTorch's C++ source that its C++ warnings name ("(Triggered internally at ...)") is dropped from the messages.
``python tests/reference/record_torch.py warn15`` writes ``torch_warn15.json``.
"""
import json
import os
import pathlib
import re
import warnings

FILE = pathlib.Path(__file__).parent / "torch_warn15.json"
_TRIGGERED = re.compile(r" \(Triggered internally at .*\)$", re.DOTALL)


def _sgd(lib):
    return lib.optim.SGD([lib.nn.Parameter(lib.zeros(1))], lr=1.0)


def _stepped_twice(lib):
    optimizer = _sgd(lib)
    scheduler = lib.optim.lr_scheduler.StepLR(optimizer, 3)
    scheduler.step()
    scheduler.step()


def _sequential(lib):
    optimizer = _sgd(lib)
    schedulers = lib.optim.lr_scheduler
    sequential = schedulers.SequentialLR(optimizer, [schedulers.ConstantLR(optimizer),
                                                     schedulers.ExponentialLR(optimizer, 0.9)], milestones=[1])
    for _ in range(3):
        sequential.step()


def _chained(lib):
    optimizer = _sgd(lib)
    schedulers = lib.optim.lr_scheduler
    schedulers.ChainedScheduler([schedulers.ConstantLR(optimizer), schedulers.ExponentialLR(optimizer, 0.9)]).step()


def _in_order(lib):
    optimizer = _sgd(lib)
    scheduler = lib.optim.lr_scheduler.StepLR(optimizer, 3)
    for _ in range(2):
        optimizer.step()
        scheduler.step()
    return scheduler.get_last_lr()


def _stepped_before_made(lib):
    optimizer = _sgd(lib)
    optimizer.step()  # before the scheduler exists: PyTorch still warns at the scheduler's second step
    lib.optim.lr_scheduler.StepLR(optimizer, 3).step()


def _replaced_step(lib):
    optimizer = _sgd(lib)
    scheduler = lib.optim.lr_scheduler.StepLR(optimizer, 3)
    optimizer.step = lambda closure=None: None  # replaced after the scheduler wrapped it
    scheduler.step()


def _get_lr(lib, name, *args, **kwargs):
    optimizer = _sgd(lib)
    return getattr(lib.optim.lr_scheduler, name)(optimizer, *args, **kwargs).get_lr()


def _swalr(lib, get_lr):
    optimizer = _sgd(lib)
    scheduler = lib.optim.swa_utils.SWALR(optimizer, swa_lr=0.1)
    return scheduler.get_lr() if get_lr else scheduler.step()


def _step_epoch(lib):
    optimizer = _sgd(lib)
    scheduler = lib.optim.lr_scheduler.StepLR(optimizer, 2)
    optimizer.step()
    scheduler.step(3)
    return scheduler.get_last_lr()


def _plateau_epoch(lib):
    optimizer = _sgd(lib)
    scheduler = lib.optim.lr_scheduler.ReduceLROnPlateau(optimizer)
    optimizer.step()
    scheduler.step(1.0, 5)
    return scheduler.last_epoch


def _plateau_before(lib):
    optimizer = _sgd(lib)
    scheduler = lib.optim.lr_scheduler.ReduceLROnPlateau(optimizer)
    scheduler.step(1.0)
    scheduler.step(1.0)


def _cawr_before(lib):
    optimizer = _sgd(lib)
    scheduler = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, 3)
    scheduler.step()
    scheduler.step()
    return scheduler.get_last_lr()


def _default_tensor_type(lib, t):
    try:
        lib.set_default_tensor_type(t(lib) if callable(t) else t)
        return str(lib.tensor([1.5]).dtype).split(".")[-1]
    finally:
        lib.set_default_dtype(lib.float32)


def _clip(lib, generator):
    p = lib.nn.Parameter(lib.zeros(2))
    p.grad = lib.tensor([3.0, 4.0])
    if generator:
        return lib.nn.utils.clip_grad_norm_((q for q in []), 1.0).item()
    return [lib.nn.utils.clip_grad_norm([p], 1.0).item(), p.grad.tolist()]


def _dropout2d_3d(lib, module):
    lib.manual_seed(0)
    x = lib.ones(4, 16, 5)
    out = lib.nn.Dropout2d()(x) if module else lib.nn.functional.dropout2d(x)
    return bool((out == out[:, :, :1]).all())  # (N, C, L): every L of a channel shares its draw


def _state_dict_positional(lib):
    destination = {}
    lib.nn.Linear(2, 1).state_dict(destination, "fc.")
    return sorted(destination)


def _hardtanh_old_names(lib):
    module = lib.nn.Hardtanh(min_value=-2.0, max_value=2.0)
    return [module.min_val, module.max_val]


def _variable_volatile(lib):
    return lib.autograd.Variable(lib.ones(2), volatile=True).tolist()


def _duplicate_params(lib):
    p = lib.nn.Parameter(lib.zeros(1))
    return len(lib.optim.SGD([p, p], lr=1.0).param_groups[0]["params"])


def _grad_variables(lib):
    x = lib.ones(2, requires_grad=True)
    lib.autograd.backward(x.sum(), grad_variables=lib.ones(()))
    return x.grad.tolist()


def _only_inputs(lib):
    x = lib.ones(2, requires_grad=True)
    return lib.autograd.grad((x * 3).sum(), x, only_inputs=False)[0].tolist()


def _removed(lib, name, method):
    if method:
        return getattr(lib.eye(2), name)(*((lib.eye(2),) if name in ("lstsq", "solve") else ()))
    return getattr(lib, name)(*((lib.eye(2), lib.eye(2)) if name in ("lstsq", "solve") else (lib.eye(2),)))


def _softmax(lib, name, module, shape=(2, 3)):
    x = lib.arange(float(_numel(shape))).reshape(shape)
    if module:
        out = getattr(lib.nn, name)()(x)
    else:
        out = getattr(lib.nn.functional, {"Softmax": "softmax", "LogSoftmax": "log_softmax", "Softmin": "softmin"}[name])(x)
    return [round(v, 4) for v in out.flatten().tolist()]


def _numel(shape):
    size = 1
    for s in shape:
        size *= s
    return size


def _upsample(lib, name):
    f = getattr(lib.nn.functional, name)
    return f(lib.arange(4.0).reshape(1, 1, 2, 2), scale_factor=2).shape[-1]


def _attention(lib, what):
    lib.manual_seed(0)
    q = lib.ones(3, 1, 4)
    float_mask, bool_padding = lib.zeros(3, 3), lib.zeros(1, 3, dtype=lib.bool)
    if what == "mha":
        out = lib.nn.MultiheadAttention(4, 2)(q, q, q, key_padding_mask=bool_padding, attn_mask=float_mask)[0]
    elif what == "mha_float_padding":
        out = lib.nn.MultiheadAttention(4, 2)(q, q, q, key_padding_mask=lib.zeros(1, 3),
                                              attn_mask=lib.zeros(3, 3, dtype=lib.bool))[0]
    elif what == "mha_same":
        out = lib.nn.MultiheadAttention(4, 2)(q, q, q, key_padding_mask=bool_padding,
                                              attn_mask=lib.zeros(3, 3, dtype=lib.bool))[0]
    else:
        layer = lib.nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0)
        if what == "layer":
            out = layer(q, src_mask=float_mask, src_key_padding_mask=bool_padding)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # enable_nested_tensor's warning is not this case's
                encoder = lib.nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)
            out = encoder(q, mask=float_mask, src_key_padding_mask=bool_padding)
    return list(out.shape)


def _scalar_first(lib, call):
    x, y = lib.tensor([1.0, -2.0]), lib.tensor([3.0, 0.5])
    out = call(x, y)
    return [out.tolist(), x.tolist()]


def _old_adam_update(lib):
    """An Adam step written as optimizers were before PyTorch 1.5 (p.data.addcdiv_(-step_size, exp_avg, denom))."""
    p = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
    grad = lib.tensor([0.3, -0.1])
    exp_avg, exp_avg_sq = lib.zeros(2), lib.zeros(2)
    exp_avg.mul_(0.9).add_(1 - 0.9, grad)
    exp_avg_sq.mul_(0.999).addcmul_(1 - 0.999, grad, grad)
    denom = exp_avg_sq.sqrt().add_(1e-8)
    p.data.addcdiv_(-0.01, exp_avg, denom)
    return [round(v, 6) for v in p.tolist()]


def _embedding_bag_old_order(lib):
    weight = lib.arange(10.0).view(5, 2)
    return lib.nn.functional.embedding_bag(weight, lib.tensor([[0, 1], [2, 4]])).tolist()


CASES = {
    # copy-constructing from a tensor (C++ TORCH_WARN: each call)
    "tensor_of_tensor": lambda lib: lib.tensor(lib.ones(2)).tolist(),
    "tensor_of_tensor_dtype": lambda lib: lib.tensor(lib.ones(2), dtype=lib.float64).tolist(),
    "new_tensor_of_tensor": lambda lib: lib.ones(3).new_tensor(lib.ones(2)).tolist(),
    "tensor_of_list_quiet": lambda lib: lib.tensor([1.0, 2.0]).tolist(),
    "as_tensor_of_tensor_quiet": lambda lib: lib.as_tensor(lib.ones(2)).tolist(),
    # softmax without dim (Python warnings.warn: each call)
    "softmax_no_dim": lambda lib: _softmax(lib, "Softmax", False),
    "softmax_no_dim_3d": lambda lib: _softmax(lib, "Softmax", False, (2, 1, 2)),
    "softmax_no_dim_1d": lambda lib: _softmax(lib, "Softmax", False, (3,)),
    "log_softmax_no_dim": lambda lib: _softmax(lib, "LogSoftmax", False),
    "softmin_no_dim": lambda lib: _softmax(lib, "Softmin", False),
    "softmin_no_dim_4d": lambda lib: _softmax(lib, "Softmin", False, (1, 2, 1, 2)),
    "Softmax_no_dim": lambda lib: _softmax(lib, "Softmax", True),
    "LogSoftmax_no_dim": lambda lib: _softmax(lib, "LogSoftmax", True),
    "Softmin_no_dim": lambda lib: _softmax(lib, "Softmin", True),
    "softmax_dim_quiet": lambda lib: lib.nn.functional.softmax(lib.ones(2, 3), dim=1).tolist(),
    # the deprecated upsample aliases
    "upsample": lambda lib: _upsample(lib, "upsample"),
    "upsample_nearest": lambda lib: _upsample(lib, "upsample_nearest"),
    "upsample_bilinear": lambda lib: _upsample(lib, "upsample_bilinear"),
    # x.T (C++ TORCH_WARN_ONCE: once a process)
    "T_3d": lambda lib: list(lib.ones(2, 3, 4).T.shape),
    "T_1d": lambda lib: list(lib.ones(3).T.shape),
    "T_0d": lambda lib: list(lib.ones(()).T.shape),
    "T_2d_quiet": lambda lib: list(lib.ones(2, 3).T.shape),
    # the other once-a-process deprecations gradlib gave each call
    "meshgrid_no_indexing": lambda lib: len(lib.meshgrid(lib.ones(2), lib.ones(3))),
    "cross_no_dim": lambda lib: lib.cross(lib.eye(3), lib.eye(3)).tolist(),
    "storage": lambda lib: len(lib.ones(2).storage()),
    "stft_no_window": lambda lib: list(lib.stft(lib.ones(64), 16, return_complex=True).shape),
    "istft_no_window": lambda lib: list(lib.istft(lib.stft(lib.ones(64), 16, window=lib.hann_window(16),
                                                          return_complex=True), 16).shape),
    "stft_return_real": lambda lib: list(lib.stft(lib.ones(64), 16, window=lib.hann_window(16),
                                                  return_complex=False).shape),
    "where_uint8_condition": lambda lib: lib.where(lib.tensor([1, 0], dtype=lib.uint8), lib.ones(2),
                                                   lib.zeros(2)).tolist(),
    "tensor_where_uint8_condition": lambda lib: lib.ones(2).where(lib.tensor([0, 1], dtype=lib.uint8), 5.0).tolist(),
    # learning-rate schedulers
    "scheduler_before_optimizer": lambda lib: lib.optim.lr_scheduler.StepLR(_sgd(lib), 3).step(),
    "scheduler_stepped_twice_before_optimizer": _stepped_twice,
    "exponential_before_optimizer": lambda lib: lib.optim.lr_scheduler.ExponentialLR(_sgd(lib), 0.9).step(),
    "lambda_before_optimizer": lambda lib: lib.optim.lr_scheduler.LambdaLR(_sgd(lib), lambda e: 1.0).step(),
    "onecycle_before_optimizer": lambda lib: lib.optim.lr_scheduler.OneCycleLR(_sgd(lib), 1.0, total_steps=9).step(),
    "sequential_before_optimizer": _sequential,
    "chained_before_optimizer": _chained,
    "swalr_before_optimizer": lambda lib: _swalr(lib, False),
    "optimizer_stepped_before_scheduler_made": _stepped_before_made,
    "optimizer_step_replaced": _replaced_step,
    "scheduler_after_optimizer_quiet": _in_order,
    "cosine_warm_restarts_before_optimizer_quiet": _cawr_before,
    "plateau_before_optimizer_quiet": _plateau_before,
    "get_lr_step": lambda lib: _get_lr(lib, "StepLR", 3),
    "get_lr_lambda": lambda lib: _get_lr(lib, "LambdaLR", lambda e: 0.5),
    "get_lr_cosine": lambda lib: _get_lr(lib, "CosineAnnealingLR", 4),
    "get_lr_cyclic": lambda lib: _get_lr(lib, "CyclicLR", 0.1, 1.0),
    "get_lr_warm_restarts": lambda lib: _get_lr(lib, "CosineAnnealingWarmRestarts", 3),
    "get_lr_swalr": lambda lib: _swalr(lib, True),
    "step_epoch": _step_epoch,
    "plateau_step_epoch": _plateau_epoch,
    # deprecated names PyTorch still has
    "set_default_tensor_type": lambda lib: _default_tensor_type(lib, lambda lib: lib.DoubleTensor),
    "set_default_tensor_type_name": lambda lib: _default_tensor_type(lib, "torch.DoubleTensor"),
    "set_default_tensor_type_integral": lambda lib: _default_tensor_type(lib, lambda lib: lib.LongTensor),
    "set_default_tensor_type_dtype": lambda lib: _default_tensor_type(lib, lambda lib: lib.float64),
    "clip_grad_norm": lambda lib: _clip(lib, False),
    "clip_grad_norm_empty_generator": lambda lib: _clip(lib, True),
    # removed functions kept as names that raise
    **{f"removed_{name}": (lambda lib, name=name: _removed(lib, name, False))
       for name in ("symeig", "eig", "lstsq", "solve", "matrix_rank")},
    **{f"removed_method_{name}": (lambda lib, name=name: _removed(lib, name, True))
       for name in ("symeig", "eig", "lstsq", "solve")},
    # more of PyTorch's Python warnings
    "dropout2d_3d": lambda lib: _dropout2d_3d(lib, False),
    "Dropout2d_3d": lambda lib: _dropout2d_3d(lib, True),
    "duplicate_parameters": _duplicate_params,
    "grad_variables": _grad_variables,
    "only_inputs": _only_inputs,
    "state_dict_positional": _state_dict_positional,
    "hardtanh_old_names": _hardtanh_old_names,
    "variable_volatile": _variable_volatile,
    "embedding_bag_old_order": _embedding_bag_old_order,
    # the Scalar-first overloads of PyTorch < 1.5 (C++ TORCH_WARN_ONCE per overload)
    "add__scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.add_(-0.5, y)),
    "sub__scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.sub_(2, y)),
    "add_scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.add(2, y)),
    "sub_scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.sub(0.5, y)),
    "addcmul__scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.addcmul_(0.1, y, y)),
    "addcdiv__scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.addcdiv_(-2, y, y + 1)),
    "addcmul_scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.addcmul(3, y, y)),
    "addcdiv_scalar_first": lambda lib: _scalar_first(lib, lambda x, y: x.addcdiv(0.5, y, y + 1)),
    "old_adam_update": _old_adam_update,
    "has_cuda": lambda lib: lib.has_cuda == lib.backends.cuda.is_built(),
    "has_cudnn": lambda lib: lib.has_cudnn == lib.backends.cudnn.is_available(),
    "has_mps": lambda lib: lib.has_mps == lib.backends.mps.is_built(),
    "set_vital": lambda lib: lib.set_vital("a", "b", "c"),
    "module_to_complex": lambda lib: str(lib.nn.Linear(2, 2).to(lib.complex64).weight.dtype).split(".")[-1],
    "module_to_float64_quiet": lambda lib: str(lib.nn.Linear(2, 2).to(lib.float64).weight.dtype).split(".")[-1],
    "mha_mismatched_masks": lambda lib: _attention(lib, "mha"),
    "mha_mismatched_masks_float_padding": lambda lib: _attention(lib, "mha_float_padding"),
    "mha_same_masks_quiet": lambda lib: _attention(lib, "mha_same"),
    "encoder_layer_mismatched_masks": lambda lib: _attention(lib, "layer"),
    "encoder_mismatched_masks": lambda lib: _attention(lib, "encoder"),
}


def plain(value):
    """A result as plain data (lists, numbers, strings)."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def run(lib, name):
    """The case called twice: ``{"calls": [{"value": ...} or {"error": [class, message]}] * 2, "warned":
    [[category, message, count], ...]}``."""
    calls = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            try:
                calls.append({"value": plain(CASES[name](lib))})
            except Exception as error:  # noqa: BLE001 -- the error is the answer
                calls.append({"error": [type(error).__name__, str(error)]})
    counts = {}
    for warning in caught:
        key = (warning.category.__name__, _TRIGGERED.sub("", str(warning.message)))
        counts[key] = counts.get(key, 0) + 1
    return {"calls": calls, "warned": sorted([category, message, count] for (category, message), count in
                                             counts.items())}


def _run_forked(lib, name):
    """``run`` in a child process (PyTorch's once-a-process warnings fresh), its answer sent back through a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with os.fdopen(write, "w") as out:
            out.write(json.dumps(run(lib, name)))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    return json.loads(text)


def record():
    import torch
    recorded = {name: _run_forked(torch, name) for name in CASES}
    FILE.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"recorded {FILE.name}: {len(recorded)} cases")
