"""Bad arguments to constructors and functionals get PyTorch's exception class and message (session 14, args14):
every optimizer of torch.optim, the learning-rate schedulers, nn module constructors, nn.functional's argument
checks, nn.utils and torch.utils.data, each with its valid edges (lr=0, p=0 and 1, momentum=0, ...).

The cases are ``tests/reference/args14.py`` (one expression each, written once for both libraries); PyTorch 2.13's
answers are recorded in ``tests/reference/torch_args14.json`` by ``python tests/reference/record_torch.py args14``.
Every case must give PyTorch's answer except ``KNOWN_DIFFERENT`` (with the reason). ``FIXED`` are the cases gradlib
answered differently before this session (checked against the tree before it); the sweep's others already agreed.
"""
import json
import re

import pytest

import gradlib
from reference import args14

RECORDED = json.loads(args14.FILE.read_text())

KNOWN_DIFFERENT = {
    "optim/Adam/capturable_cpu_step": "gradlib's capturable optimizers also step CPU parameters (its CUDA-graph "
                                       "capture and tests use them on every device); PyTorch asserts at step()",
    "nn/ConvTranspose1d/padding_str": "PyTorch's _single() splits a padding string into characters and fails only at "
                                      "forward; gradlib refuses the string at construction",
    "nn/ConvTranspose1d/same_stride": "as padding_str: PyTorch accepts padding='same' at construction and fails later",
    "nn/ConvTranspose2d/padding_str": "as ConvTranspose1d/padding_str",
    "nn/ConvTranspose2d/same_stride": "as ConvTranspose1d/same_stride",
    "F/embedding_bag/offsets_decreasing": "PyTorch's CPU kernel fails an internal assert (i < index_size) for some "
                                          "decreasing offsets and its CUDA kernel checks nothing; gradlib gives empty "
                                          "bags there on every device",
    "utils/pack_padded/too_long": "PyTorch packs a length beyond the padded length by reading past the input (no "
                                  "error, undefined values); gradlib refuses it",
}

#: cases whose PyTorch answer is its CPU's: the tensor type in the message (torch.FloatTensor, on CUDA
#: torch.cuda.FloatTensor), checks its CUDA kernels make on the device and report at the next synchronization
#: (class values, CTC lengths), checks only its CPU kernels make (embedding_bag offsets), and lengths it wants on
#: the CPU (pack_padded_sequence). The sweep runs every case on the CPU; the rest run on the device too.
CPU_WORDED = re.compile(r"gradlib\.\w*Tensor\b")
CPU_ONLY = ("F/embedding_bag/offsets_start", "F/embedding_bag/offsets_start_fn", "F/embedding_bag/offsets_past_end",
            "F/one_hot/", "F/embedding/float_index", "nn/Embedding/out_of_range", "F/ctc_loss/input_lengths", "utils/pack_padded/",
            "utils/pad_packed/")


def _on_the_device_too(name):
    error = RECORDED[name].get("error")
    return not name.startswith(CPU_ONLY) and not (error and CPU_WORDED.search(error[1]))


FIXED = (
    'optim/SGD/params_tensor', 'optim/Adam/params_tensor', 'optim/AdamW/params_tensor', 'optim/RMSprop/params_tensor',
    'optim/Adagrad/params_tensor', 'optim/Adadelta/params_tensor', 'optim/Adamax/params_tensor',
    'optim/NAdam/params_tensor', 'optim/RAdam/params_tensor', 'optim/ASGD/params_tensor', 'optim/Rprop/params_tensor',
    'optim/LBFGS/params_tensor', 'optim/SparseAdam/params_tensor', 'optim/Adam/beta0_one',
    'optim/Adam/beta0_negative', 'optim/Adam/beta1_one', 'optim/Adam/beta1_negative', 'optim/Adam/betas_both_bad',
    'optim/AdamW/beta0_one', 'optim/AdamW/beta0_negative', 'optim/AdamW/beta1_one', 'optim/AdamW/beta1_negative',
    'optim/AdamW/betas_both_bad', 'optim/Adam/weight_decay_negative', 'optim/AdamW/weight_decay_negative',
    'optim/RMSprop/weight_decay_negative', 'optim/Adam/fused_and_foreach', 'optim/Adam/fused_differentiable',
    'optim/AdamW/fused_and_foreach', 'optim/AdamW/fused_differentiable', 'optim/SGD/fused_foreach',
    'optim/SGD/fused_differentiable', 'optim/Adagrad/fused_foreach', 'optim/Adagrad/fused_differentiable',
    'optim/Adagrad/initial_accumulator_negative', 'optim/Adagrad/eps_negative', 'optim/add_param_group/not_dict',
    'optim/add_param_group/set_params', 'optim/SGD/lr_tensor_two', 'optim/Adam/lr_tensor_two', 'optim/Adam/lr_nan',
    'optim/Adam/lr_str', 'optim/AdamW/lr_tensor_two', 'optim/AdamW/lr_nan', 'optim/AdamW/lr_str',
    'optim/RMSprop/lr_tensor_two', 'optim/RMSprop/lr_nan', 'optim/RMSprop/lr_str', 'optim/Adagrad/lr_tensor_two',
    'optim/Adagrad/lr_nan', 'optim/Adagrad/lr_str', 'optim/Adadelta/lr_tensor_two', 'optim/Adamax/lr_tensor_two',
    'optim/NAdam/lr_tensor_two', 'optim/RAdam/lr_tensor_two', 'optim/ASGD/lr_tensor_two', 'optim/Rprop/lr_tensor_two',
    'optim/LBFGS/lr_tensor_two', 'optim/SparseAdam/lr_tensor_two', 'optim/Adam/lr_tensor_two_foreach',
    'optim/Adam/lr_tensor_foreach', 'optim/Adam/weight_decay_tensor', 'sched/StepLR/not_optimizer',
    'sched/StepLR/last_epoch_no_initial_lr', 'sched/Plateau/mode', 'sched/Plateau/threshold_mode',
    'sched/Plateau/min_lr_list', 'sched/Plateau/not_optimizer', 'sched/LambdaLR/list_length',
    'nn/Conv1d/padding_mode', 'nn/ConvTranspose2d/padding_mode', 'nn/ConvTranspose2d/reflect',
    'nn/Conv1d/forward_reflect', 'nn/Conv2d/forward_reflect', 'nn/Conv2d/forward_same_reflect',
    'nn/Conv1d/repr_reflect', 'nn/Conv1d/forward_replicate', 'nn/Conv2d/forward_replicate',
    'nn/Conv2d/forward_same_replicate', 'nn/Conv1d/repr_replicate', 'nn/Conv1d/forward_circular',
    'nn/Conv2d/forward_circular', 'nn/Conv2d/forward_same_circular', 'nn/Conv1d/repr_circular',
    'nn/Conv2d/reflect_too_big', 'nn/Conv2d/circular_too_big', 'nn/MultiheadAttention/kdim',
    'nn/ConvTranspose2d/output_padding', 'F/layer_norm/bias_shape', 'F/layer_norm/weight_2d',
    'F/layer_norm/weight_before_input', 'F/layer_norm/weight_shape', 'F/glu/dim_range', 'F/pad/reflect_value',
    'F/pad/float', 'F/interpolate/size_zero', 'F/interpolate/size_zero_2d', 'F/interpolate/size_zero_bilinear',
    'F/interpolate/input_zero', 'F/interpolate/scale_small', 'F/interpolate/size_zero_3d',
    'F/interpolate/size_zero_bicubic', 'F/one_hot/empty_negative', 'F/embedding_bag/offsets_start',
    'F/embedding_bag/offsets_start_fn', 'F/embedding_bag/psw_shape', 'F/embedding_bag/offsets_float',
    'F/embedding_bag/offsets_past_end', 'F/embedding_bag/weight_1d', 'F/one_hot/empty_zero', 'F/affine_grid/size',
    'F/affine_grid/theta', 'F/ctc_loss/negative_length', 'F/ctc_loss/negative_target_length',
    'F/ctc_loss/targets_before_inputs', 'F/ctc_loss/negative_both', 'F/max_pool1d/ceil', 'F/max_pool1d/args0',
    'F/max_pool1d/args0_grad', 'F/max_pool1d/args1', 'F/max_pool1d/args1_grad', 'F/max_pool1d/args2',
    'F/max_pool1d/args2_grad', 'F/max_pool1d/args3', 'F/max_pool1d/args3_grad', 'F/max_pool1d/args4',
    'F/max_pool1d/args4_grad', 'F/max_pool1d/args5', 'F/max_pool1d/args5_grad', 'F/max_pool1d/args6',
    'F/max_pool1d/args6_grad', 'F/max_pool1d/args7', 'F/max_pool1d/args7_grad', 'F/scaled_dot_product/dropout',
    'F/conv2d/padding_str', 'utils/clip_grad_norm_/max_norm_str', 'utils/clip_grad_value_/str',
    'utils/clip_grad_value_/none', 'utils/parameters_to_vector/int', 'utils/vector_to_parameters/not_tensor',
    'utils/vector_to_parameters/int_param', 'utils/pack_padded/2d_lengths', 'utils/spectral_norm/name',
    'data/DataLoader/prefetch_no_workers', 'data/DataLoader/persistent_no_workers',
    'data/DataLoader/prefetch_negative', 'data/DataLoader/set_batch_size',
)


def _answer(name):
    return json.loads(json.dumps(args14.run(gradlib, name)))


def test_every_case_is_recorded():
    assert set(RECORDED) == set(args14.CASES)
    assert set(KNOWN_DIFFERENT) <= set(args14.CASES) and set(FIXED) <= set(args14.CASES)
    assert not set(KNOWN_DIFFERENT) & set(FIXED)


@pytest.mark.parametrize("name", [name for name in args14.CASES if name not in KNOWN_DIFFERENT])
def test_case_is_pytorchs(name):
    """On the CPU, where PyTorch's answers were recorded."""
    with gradlib.device("cpu"):
        assert _answer(name) == RECORDED[name]


@pytest.mark.parametrize("name", [name for name in args14.CASES if name not in KNOWN_DIFFERENT
                                  and _on_the_device_too(name)])
def test_case_on_the_device(name):
    """On the default device of the run (cuda in the CUDA modes): the cases build their tensors there."""
    if gradlib.get_default_device().type == "cpu":
        pytest.skip("the CPU run is test_case_is_pytorchs")
    assert _answer(name) == RECORDED[name]


@pytest.mark.parametrize("name", sorted(KNOWN_DIFFERENT))
def test_known_differences_still_differ(name):
    """A known difference that went away belongs in the sweep: this fails, to have it taken off the list."""
    with gradlib.device("cpu"):
        assert _answer(name) != RECORDED[name]


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("conv, shape", [("Conv1d", (1, 2, 5)), ("Conv2d", (1, 2, 4, 5)), ("Conv3d", (1, 2, 3, 4, 3))])
def test_conv_padding_mode_gradcheck(device, conv, shape, mode):
    """Conv1d/Conv2d used to ignore padding_mode (zeros always; values in the sweep's nn/Conv*/forward_* cases):
    the layer pads in its mode and passes gradcheck in float64 for its input, weight and bias."""
    gradlib.manual_seed(0)
    layer = getattr(gradlib.nn, conv)(2, 3, 2, padding=1, padding_mode=mode, dtype=gradlib.float64, device=device)
    x = gradlib.randn(*shape, dtype=gradlib.float64, device=device, requires_grad=True)
    weight, bias = layer.weight.detach().requires_grad_(), layer.bias.detach().requires_grad_()

    def convolve(x, weight, bias):
        return gradlib.func.functional_call(layer, {"weight": weight, "bias": bias}, (x,))

    assert gradlib.autograd.gradcheck(convolve, (x, weight, bias))
    assert gradlib.autograd.gradgradcheck(convolve, (x, weight, bias))
