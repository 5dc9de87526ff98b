"""The 3-D pooling layers and small public names of session 18 (layers18) against PyTorch 2.13:
nn.AdaptiveMaxPool3d / F.adaptive_max_pool3d, nn.MaxUnpool3d / F.max_unpool3d, nn.LPPool3d / F.lp_pool3d (built
on the 2-D forms' nodes and checks, made n-d), the checks their 2-D forms now share, torch.is_anomaly_enabled /
is_anomaly_check_nan_enabled / set_anomaly_enabled, nn.utils.convert_conv2d/3d_weight_memory_format and the
*_with_indices functional forms of (adaptive) max pooling.

The answers are PyTorch's, recorded in ``tests/reference/torch_layers18.json`` by
``python tests/reference/record_torch.py layers18`` from the expressions of ``tests/reference/layers18.py``
(floats compared within 1e-5 relative: ``layers17.same``). Before this session 130 of its 132 cases differed (the
two ``guard`` cases agreed); ``KNOWN`` lists the differences gradlib does not follow, checked to still differ.
"""
import functools
import json

import gradlib
import recorded_cases
from reference import layers18

RECORDED = json.loads(layers18.FILE.read_text())

KNOWN = {
    "known/memfmt_preserve_format": "convert_conv2d_weight_memory_format(m, preserve_format): PyTorch's resize_ "
                                    "refuses preserve_format ('Unsupported memory formatPreserve'); gradlib's "
                                    "resize_ keeps the layout (Tensor.resize_, not this session's area)",
    "known/memfmt_string_format": "a memory_format that is not one: PyTorch's argument parser names clone(); "
                                  "gradlib's clone says 'memory_format must be a gradlib.memory_format' (same "
                                  "class)",
    "known/anomaly_enabled_argument": "torch.is_anomaly_enabled(1): a C builtin's 'takes no arguments (1 given)'; "
                                      "gradlib's is a Python function (Python's wording, same class)",
}

#: cases answered otherwise on a GPU by design: PyTorch's kernels name their device (the recorded answers are
#: the CPU's "adaptive_max_pool3d_cpu"; gradlib names "adaptive_max_pool3d_cuda" on a GPU, as PyTorch's CUDA
#: kernel); gradlib has no bfloat16 on CUDA (CuPy has no such element type); an index outside the output is
#: found on a GPU without waiting for it, and raised at the next synchronization in the words of PyTorch's CUDA
#: kernel's device-side assert (as max_unpool2d's, tests/test_nn5a.py DEFERRED_ON_DEVICE); avg_pool3d's CUDA
#: kernel takes float16
ON_GPU = {
    "lppool3d/err_float16": "PyTorch's CUDA avg_pool3d takes float16 (its CPU kernel refuses it)",
    "unpool3d/err_invalid_index": "raised at the next synchronization (device-side assert)",
    "unpool3d/err_negative_index": "raised at the next synchronization (device-side assert)",
    "adaptive3d/bfloat16": "no bfloat16 tensors on CUDA devices",
    "unpool3d/bfloat16": "no bfloat16 tensors on CUDA devices",
    "adaptive3d/err_long": "the kernel name ends in _cuda",
    "adaptive3d/err_long_zero_output": "the kernel name ends in _cuda",
    "adaptive3d/err_bool": "the kernel name ends in _cuda",
    "adaptive3d/err_complex": "the kernel name ends in _cuda",
}

CHECKED = tuple(name for name in layers18.CASES if name not in KNOWN)


_answer = functools.partial(recorded_cases.gradlib_answer, layers18, gpu_skips=ON_GPU)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(layers18, RECORDED, KNOWN, CHECKED, _answer,
                                                            same=layers18.same)


def _f64(device, *shape, scale=0.37, offset=0.0):
    count = 1
    for size in shape:
        count *= size
    values = [((i * 7 + 3) % 11 - 5) * scale + offset for i in range(count)]
    return gradlib.tensor(values, dtype=gradlib.float64, device=device).reshape(shape).requires_grad_()


def _both(function, inputs):
    check, check2 = gradlib.autograd.gradcheck, gradlib.autograd.gradgradcheck
    return check(function, inputs) and check2(function, inputs)


def test_adaptive_max_pool3d_gradients(device):
    """Distinct values (the maximum of each window is unique, so finite differences see one derivative); windows
    that overlap (output larger than the input along a dim) accumulate; unbatched input."""
    F = gradlib.nn.functional
    x = _f64(device, 1, 2, 3, 4, 5)
    x = (x + gradlib.arange(x.numel(), dtype=gradlib.float64, device=device).reshape(x.shape) * 1e-3).detach()
    x.requires_grad_()
    assert _both(lambda a: F.adaptive_max_pool3d(a, (2, 3, 2)), (x,))
    assert _both(lambda a: F.adaptive_max_pool3d(a, (5, None, 7)), (x,))
    assert _both(lambda a: F.adaptive_max_pool3d(a[0], 1), (x,))


def test_max_unpool3d_gradients(device):
    F = gradlib.nn.functional
    x = _f64(device, 1, 2, 2, 2, 3)
    first = [0, 5, 9, 14, 20, 31, 33, 50, 62, 70, 88, 93]
    indices = gradlib.tensor([first, [i + 1 for i in first]], device=device).reshape(1, 2, 2, 2, 3)
    assert _both(lambda a: F.max_unpool3d(a, indices, 2), (x,))
    assert _both(lambda a: F.max_unpool3d(a, indices, 2, stride=(2, 2, 2), output_size=(5, 5, 7)) ** 2, (x,))


def test_lp_pool3d_gradients(device):
    F = gradlib.nn.functional
    x = _f64(device, 1, 2, 3, 4, 4, scale=0.2, offset=1.5)  # positive: x ** 1.5 is differentiable
    assert _both(lambda a: F.lp_pool3d(a, 2, 2), (x,))
    assert _both(lambda a: F.lp_pool3d(a, 1.5, (2, 2, 3), stride=1, ceil_mode=True), (x,))
    y = _f64(device, 1, 2, 3, 4, 4)
    y = (y + gradlib.arange(y.numel(), dtype=gradlib.float64, device=device).reshape(y.shape) * 1e-3).detach()
    y.requires_grad_()
    assert _both(lambda a: F.lp_pool3d(a, float("inf"), 2, stride=1), (y,))
