"""Differential fuzzing of the nn losses against PyTorch (session 18, losses18).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library,
``F`` to its ``nn.functional``, ``nn`` to its ``nn``, fuzz15's builders (``T``, ``D``, ``GRAD``) and these:

- ``A(dtype, shape, kind="n", grad=False)``: a deterministic floating tensor of ``shape`` (a tuple); ``kind``
  ``"n"``: mixed signs, ``"p"``: probabilities in [0, 1] holding 0 and 1, ``"e"``: edge values (0, 1, +-inf, NaN),
  ``"s"``: +1/-1 targets, ``"pos"``: positive numbers (variances, rates);
- ``C(shape, classes, dtype="int64", bad=False)``: class indices below ``classes`` (``bad``: one out of range);
- ``W(count, dtype="float32")``: a positive weight vector.

Warnings are part of the answer. The recorder (``python tests/reference/record_torch.py losses18``) stores
PyTorch's answers in ``torch_losses18.json``; tests/test_losses18.py demands gradlib give the same on every device.
tools/fuzz_losses18.py draws the sweep these cases were chosen from.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_losses18.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.losses18)

FILE = pathlib.Path(__file__).parent / "torch_losses18.json"

NAN = float("nan")
INF = float("inf")
_N = [0.5, -1.25, 2.0, 0.75, -0.5, 1.5, -2.25, 0.125, 3.0, -0.875, 0.25, -1.75, 1.0, -3.5, 0.625, 2.5]
_P = [0.25, 0.0, 0.75, 1.0, 0.5, 0.125, 0.875, 0.375, 0.625, 0.9375, 0.0625, 0.3125]
_E = [0.0, 1.0, INF, -INF, NAN, -0.0, -1.0, 0.5, 1e-30, 2.0, -2.0, 1e30]
_S = [1.0, -1.0, -1.0, 1.0, 1.0, -1.0, 1.0, 1.0, -1.0]
_POS = [0.5, 1.25, 2.0, 0.75, 0.125, 1.5, 3.0, 0.25, 4.0, 0.625]
_KINDS = {"n": _N, "p": _P, "e": _E, "s": _S, "pos": _POS}


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def A(dtype, shape, kind="n", grad=False, shift=0):  # noqa: N802
        pool = _KINDS[kind]
        count = math.prod(shape)
        flat = [pool[(i + shift) % len(pool)] for i in range(count)]
        x = lib.tensor(flat, dtype=getattr(lib, dtype), device=device).reshape(shape)
        if grad:
            x.requires_grad_(True)
        return x

    def C(shape, classes, dtype="int64", bad=False):  # noqa: N802
        count = math.prod(shape)
        flat = [(i * 2 + 1) % classes for i in range(count)]
        if bad and count:
            flat[-1] = classes
        return lib.tensor(flat, dtype=getattr(lib, dtype), device=device).reshape(shape)

    def W(count, dtype="float32"):  # noqa: N802
        return lib.tensor([_POS[i % len(_POS)] for i in range(count)], dtype=getattr(lib, dtype), device=device)

    names.update(A=A, C=C, W=W, F=lib.nn.functional, nn=lib.nn, nan=NAN, inf=INF)
    return names


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device))


CASES = {
    # ----- fixed: nll_loss checks in nll_loss_nd's order: the reduction, the input's dims, a 1-D input's target,
    # the batch, then the target's dims, its dtype and the weight's length
    "nll_order/0d_input": "F.nll_loss(A('float32', ()), C((), 1), reduction='none')",
    "nll_order/batch_before_dtype": "F.nll_loss(A('float32', (3, 4)), C((2,), 4).to(D('int32')))",
    "nll_order/target_dims_before_dtype": "F.nll_loss(A('float32', (3, 4)), A('float32', (3, 4), 'p'))",
    "nll_order/1d_target_size": "F.nll_loss(A('float32', (4,)), C((2,), 4))",
    "nll_order/0d_target_batch": "F.nll_loss(A('float32', (3, 4)), C((), 4))",
    "nll_order/weight_length": "F.nll_loss(A('float32', (0, 4)), C((0,), 4), weight=W(7), reduction='sum')",
    "nll_order/weight_length_2d": "F.nll_loss(A('float32', (2, 3, 2, 2)), C((2, 2, 2), 3), weight=W(7))",
    "guards/nll_reduction_first": "F.nll_loss(A('float32', (3, 4)), C((3,), 4), weight=W(7), reduction='bad')",
    "nll_order/reduction_before_dtype": "F.nll_loss(A('float32', (2, 4, 3)), C((2, 3), 4).to(D('int32')), "
                                        "reduction='bad')",
    # ----- fixed: cross_entropy takes a target of the input's shape for class probabilities (an integer one is
    # refused, so is ignore_index), any other for class indices; the reduction is checked first
    "ce_target_kind/long_probabilities": "F.cross_entropy(A('float32', ()), C((), 1), reduction='none')",
    "ce_target_kind/int_probabilities": "F.cross_entropy(A('float32', (3, 4)), C((3, 4), 4).to(D('int32')))",
    "ce_target_kind/0d_float": "F.cross_entropy(A('float16', (), 'e'), A('float16', (), 'p'))",
    "ce_target_kind/float_indices_batch": "F.cross_entropy(A('float32', (3, 4)), C((2,), 4).to(D('float32')))",
    "ce_target_kind/ignore_index_probabilities": "F.cross_entropy(A('float64', (0, 4)), A('float64', (0, 4), 'p'), "
                                                 "ignore_index=1)",
    "ce_target_kind/probability_weight": "F.cross_entropy(A('float32', (3, 4)), A('float32', (3, 4), 'p'), "
                                         "weight=W(3))",
    "guards/ce_reduction_first": "F.cross_entropy(A('float32', (2, 4, 3)), A('float32', (2, 4, 3), 'p'), "
                                      "ignore_index=1, reduction='bad')",
    "guards/ce_probabilities": "F.cross_entropy(A('float32', (2, 4, 3)), A('float32', (2, 4, 3), 'p'), "
                               "weight=W(4), label_smoothing=0.3, reduction='sum')",
    "guards/ce_indices_smoothing": "F.cross_entropy(A('float64', (3, 4)), C((3,), 4), weight=W(4, 'float64'), "
                                   "label_smoothing=0.1, ignore_index=1, reduction='none')",
    # ----- fixed: smooth_l1_loss, huber_loss, l1_loss, mse_loss: the size warning, then the deprecated arguments'
    # warning, broadcast_tensors, the reduction, then beta/delta (PyTorch's order); an empty 'mean' is NaN without
    # NumPy's "Mean of empty slice"
    "elementwise_order/smooth_l1_beta_after_warning": "F.smooth_l1_loss(A('float32', (1, 4)), A('float32', (3, 4), "
                                                      "shift=3), reduction='none', beta=-1.0)",
    "elementwise_order/smooth_l1_warning_order": "F.smooth_l1_loss(A('float32', (3, 4)), A('float32', (1, 4), "
                                                 "shift=3), reduce=False)",
    "elementwise_order/huber_reduction_before_delta": "F.huber_loss(A('float32', ()), A('float32', (), shift=3), "
                                                      "reduction='bad', delta=0.0)",
    "elementwise_order/huber_broadcast_before_reduction": "F.huber_loss(A('float32', (3, 4)), A('float32', (3, 5), "
                                                          "shift=3), reduction='bad')",
    "elementwise_order/mse_broadcast_before_reduction": "F.mse_loss(A('float32', (3, 4)), A('float32', (3, 5), "
                                                        "shift=3), reduction='bad')",
    "elementwise_order/l1_warning_order": "F.l1_loss(A('float64', (3, 4)), A('float64', (1, 4), shift=3), "
                                         "reduce=False)",
    "elementwise_order/mse_empty_mean": "F.mse_loss(A('float32', (0,)), A('float32', (0,), shift=3))",
    "elementwise_order/huber_empty_mean": "F.huber_loss(A('float16', (0,)), A('float16', (0,), shift=3))",
    "elementwise_order/smooth_l1_empty_grad": "GRAD(lambda x, y: F.smooth_l1_loss(x, y), "
                                              "A('float64', (0, 4), 'e', grad=True), A('float64', (0, 4), grad=True))",
    "guards/smooth_l1_grad": "GRAD(lambda x, y: F.smooth_l1_loss(x, y, reduction='mean', beta=0.5), "
                             "A('float64', (3, 4), 'e', grad=True), A('float64', (3, 4), grad=True, shift=3))",
    "guards/huber_grad": "GRAD(lambda x, y: F.huber_loss(x, y, reduction='sum', delta=0.5), "
                         "A('float64', (3, 4), grad=True), A('float64', (1, 4), grad=True, shift=3))",
    # ----- fixed: the reduction is checked first (binary_cross_entropy(_with_logits), hinge_embedding_loss,
    # triplet_margin_loss, kl_div)
    "reduction_first/bce": "F.binary_cross_entropy(A('float32', (3, 4), 'p'), A('float32', (1, 4), 'p'), "
                           "reduction='bad')",
    "reduction_first/bce_logits": "F.binary_cross_entropy_with_logits(A('float32', (3, 4)), A('float32', (3, 5), "
                                  "'p'), reduction='bad')",
    "reduction_first/hinge": "F.hinge_embedding_loss(A('float32', (3, 4)), A('float32', (3, 5), 's'), "
                             "reduction='bad')",
    "reduction_first/kl_div": "F.kl_div(A('float32', (3, 4)), A('float32', (3, 5), 'p'), reduction='bad')",
    "reduction_first/triplet": "F.triplet_margin_loss(A('float32', (3, 4)), A('float32', (3, 4), shift=5), "
                               "A('float32', (3, 4), shift=9), margin=0.0, eps=0.0, reduction='bad')",
    # ----- fixed: weight/pos_weight broadcasting beyond the loss's shape fails as PyTorch's in-place multiply
    "in_place_weight/bce_0d": "F.binary_cross_entropy(A('float32', (), 'p'), A('float32', (), 'p', shift=3), "
                              "weight=W(1))",
    "in_place_weight/bce_logits_pos_weight_0d": "F.binary_cross_entropy_with_logits(A('float32', ()), "
                                                "A('float32', (), 'p', shift=3), pos_weight=W(1))",
    "in_place_weight/bce_logits_weight_0d": "F.binary_cross_entropy_with_logits(A('float64', ()), "
                                            "A('float64', (), 'p', shift=3), weight=W(1, 'float64'))",
    # ----- fixed: cosine_embedding_loss checks the target's dims and the inputs' against them
    "cosine_dims/0d_target_0d_inputs": "F.cosine_embedding_loss(A('float32', ()), A('float32', (), shift=5), "
                                       "A('float32', (), 's'))",
    "cosine_dims/2d_target": "F.cosine_embedding_loss(A('float32', (2, 3, 4)), A('float32', (2, 3, 4), shift=5), "
                             "A('float32', (2, 3), 's'))",
    "cosine_dims/1d_target_1d_inputs": "F.cosine_embedding_loss(A('float32', (4,)), A('float32', (4,), shift=5), "
                                       "A('float32', (4,), 's'))",
    "guards/cosine_vec": "F.cosine_embedding_loss(A('float32', (4,)), A('float32', (4,), shift=5), "
                         "A('float32', (), 's'), reduction='none')",
    # ----- fixed: multi_margin_loss and multilabel_margin_loss: an empty batch skips the kernel's dtype checks
    "margin_kernels/multi_margin_empty_half": "F.multi_margin_loss(A('float16', (0, 4)), C((0,), 4), "
                                              "reduction='none')",
    "margin_kernels/multilabel_empty_int_target": "F.multilabel_margin_loss(A('float32', (0, 4)), "
                                                  "C((0, 4), 4).to(D('int32')), reduction='none')",
    # ----- fixed: label smoothing over zero classes (PyTorch's double division gives inf, not ZeroDivisionError)
    "zero_classes/probabilities_smoothing": "F.cross_entropy(A('float32', (3, 0)), A('float32', (3, 0), 'p'), "
                                            "weight=W(0), label_smoothing=0.3, reduction='sum')",
    "zero_classes/probabilities_smoothing_none": "F.cross_entropy(A('float64', (3, 0)), A('float64', (3, 0), 'p'), "
                                                 "label_smoothing=0.3, reduction='none')",
    # ----- fixed: ctc_loss refuses empty log-probabilities (after the dtype, before the blank and the lengths)
    "ctc_empty/batch": "F.ctc_loss(F.log_softmax(A('float32', (6, 0, 4)), 2), C((0, 3), 3) + 1, (), ())",
    "ctc_empty/before_blank": "F.ctc_loss(A('float64', (6, 0, 4)), C((0, 3), 3), (), (), blank=7, reduction='sum')",
    "ctc_empty/no_classes": "F.ctc_loss(A('float32', (6, 2, 0)), C((2, 3), 3), (6, 6), (1, 1))",
    "guards/ctc_half_first": "F.ctc_loss(A('float16', (6, 0, 4)), C((0, 3), 3), (), ())",
    # ----- fixed: multilabel_soft_margin_loss of a 0-d input: input.size(-1)'s IndexError
    "mlsm_0d/plain": "F.multilabel_soft_margin_loss(A('float32', ()), A('float32', (), 'p'))",
    "mlsm_0d/legacy": "F.multilabel_soft_margin_loss(A('float64', ()), A('float64', (), 'p'), reduce=False)",
}

#: differences the sweep found and gradlib does not follow (tests/test_losses18.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/multi_margin_bfloat16": "F.multi_margin_loss(A('bfloat16', (3, 4)), C((3,), 4))",
    "known/poisson_nll_exp_float32": "F.poisson_nll_loss(A('float32', (3, 4)), A('float32', (3, 4), 'pos', shift=3), "
                                     "reduction='none')",
    "known/bce_logits_float32": "F.binary_cross_entropy_with_logits(A('float32', (3, 4)), "
                                "A('float32', (3, 4), 'p', shift=3), reduction='none')",
    "known/kl_div_batchmean": "F.kl_div(A('float64', (3, 4)), A('float64', (3, 4), 'p', shift=3), "
                              "reduction='batchmean')",
    "known/kl_div_legacy_sum_float32": "F.kl_div(A('float32', (3, 4)), A('float32', (3, 4), 'p'), size_average=False)",
    "known/cross_entropy_unbatched_float32": "F.cross_entropy(A('float32', (4,)), C((), 4), reduction='none')",
    "known/cross_entropy_probabilities_grad": "GRAD(lambda x, y: F.cross_entropy(x, y, reduction='sum'), "
                                              "A('float64', (2, 4, 3), grad=True), A('float64', (2, 4, 3), 'p', "
                                              "grad=True))",
    "known/nll_loss_zero_classes_ignored": "F.nll_loss(A('float32', (3, 0)), C((3,), 1), weight=W(0), "
                                           "ignore_index=0, reduction='sum')",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
