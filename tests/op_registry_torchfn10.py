"""Registry samples of the ``torch.*`` spellings of the nn.functional ops (issue 15, helper torchfn10;
gradlib/_torch_functional.py): values, gradients, second derivatives and grad_fn names of each adapter through
PyTorch's own signature (native argument orders, integer reductions and modes), and ``torch.pdist``.

Recorded separately (``python tests/reference/record_torch.py torchfn10`` writes ``torch_ops_torchfn10.json``,
``torch_op_dtypes_torchfn10.json`` and ``torch_grad_fn_names_torchfn10.json``); ``op_registry.SAMPLES`` includes
these.
"""
from op_registry import F, I, Input, P, Sample, Z

NONDIFFERENTIABLE = set()


def _margin_losses(lib, a, b, y):
    return (lib.margin_ranking_loss(a, b, y), lib.margin_ranking_loss(a, b, y, 0.3, 1),
            lib.hinge_embedding_loss(a, y, 0.5, 2), lib.hinge_embedding_loss(a, y),
            lib.cosine_embedding_loss(a[None], b[None], y[:1], 0.1, 1), lib.cosine_embedding_loss(a[None], b[None], y[:1]))


def _rows(lib, x):
    """``x`` with a row of ones below: never 0 rows (PyTorch's pdist backward crashes on a (0, M) input, which
    the edge corpus's empty_dim0 would make; gradlib gives zeros there)."""
    return lib.cat([x, x.new_ones((1, x.shape[1]))])


def _pdists(lib, x):
    return (lib.pdist(x), lib.pdist(x, 1), lib.pdist(x, 3.5), lib.pdist(x, float("inf")), lib.nn.functional.pdist(x, 0.5),
            lib.pdist(x, 0))


def _affine(lib, theta):
    return lib.affine_grid_generator(theta, [2, 1, 3, 4], False), lib.affine_grid_generator(theta, (2, 3, 2, 2), True)


def _ctc(lib, x):
    log_probs = x.log_softmax(2)
    targets = lib.tensor([[1, 2], [2, 2]])
    return (lib.ctc_loss(log_probs, targets, [4, 3], [2, 1]),
            lib.ctc_loss(log_probs, targets, lib.tensor([4, 4]), lib.tensor([2, 2]), 0, 0),
            lib.ctc_loss(log_probs, targets, [4, 4], [2, 1], reduction=2),
            lib.ctc_loss(log_probs, targets, [4, 4], [2, 1], reduction=1))


SAMPLES = [
    # convolutions
    Sample("torchfn_conv1d", lambda lib, x, w, b: (lib.conv1d(x, w, b, 1, 1), lib.conv1d(x, w, None, 2, "valid"),
                                                    lib.conv1d(x, w, bias=b, padding="same", dilation=2)),
           [F(2, 2, 6), F(3, 2, 3), F(3)]),
    Sample("torchfn_conv2d_groups", lambda lib, x, w: lib.conv2d(x, w, None, [1, 2], 1, 1, 2),
           [F(1, 4, 4, 5), F(2, 2, 2, 2)]),
    Sample("torchfn_conv3d", lambda lib, x, w: lib.conv3d(x, w, padding=(1, 0, 0)), [F(1, 1, 3, 3, 2), F(2, 1, 2, 2, 2)]),
    Sample("torchfn_conv_transpose", lambda lib, x, w, b: (lib.conv_transpose1d(x[..., 0], w[..., 0, 0], b, 2, 1, 1),
                                                           lib.conv_transpose2d(x, w[..., 0], b, 1, 0, 0, 1, 2),
                                                           lib.conv_transpose3d(x[:, :, None], w, None)),
           [F(1, 2, 3, 3), F(2, 3, 2, 2, 2), F(3)]),
    Sample("torchfn_convolution", lambda lib, x, w, b: (lib.convolution(x, w, b, [1], [1], [1], False, [0], 1),
                                                        lib.convolution(x, w.transpose(0, 1), None, [2], [0], [1],
                                                                        True, [1], 1)),
           [F(2, 2, 5), F(3, 2, 2), F(3)]),
    # dropout that draws nothing (train False, p = 0)
    Sample("torchfn_dropouts_identity", lambda lib, x: (lib.dropout(x, 0.5, False), lib.alpha_dropout(x, 0.5, False),
                                                         lib.feature_dropout(x, 0.3, False),
                                                         lib.feature_alpha_dropout(x, 0.0, True) * 1,
                                                         lib.dropout(x, 0.0, True) * 2, lib.dropout(x, 1.0, True)),
           [F(2, 3, 2)]),
    # embeddings and normalization
    Sample("torchfn_embedding_padding", lambda lib, w: (lib.embedding(w, lib.tensor([[0, 2], [2, 3]])),
                                                 lib.embedding(w, lib.tensor([1, 1, 3]), 1),
                                                 lib.embedding(w, lib.tensor([0, 0, 2]), -1, True)),
           [F(4, 3)], exact_derivative=False),
    Sample("torchfn_embedding_bag", lambda lib, w, s: (
        lib.embedding_bag(w, lib.tensor([1, 2, 0, 3, 3]), lib.tensor([0, 2, 2]))[0],
        lib.embedding_bag(w, lib.tensor([1, 2, 0, 3, 3]), lib.tensor([0, 2, 5]), False, 1, False, None, True)[0],
        lib.embedding_bag(w, lib.tensor([1, 2, 0, 3, 3]), lib.tensor([0, 1]), True, 0, False, s, False, 3)[0],
        lib.embedding_bag(w, lib.tensor([1, 2, 0, 3, 1]), lib.tensor([0, 3]), False, 2, False, None, False, 0)[0]),
           [Z(4, 3), F(5)], twice=False),
    Sample("torchfn_batch_norm", lambda lib, x, w, b: (lib.batch_norm(x, w, b, None, None, True, 0.1, 1e-5, False),
                                                       lib.native_batch_norm(x, None, b, None, None, True, 0.1,
                                                                             1e-3)[0]),
           [F(4, 3, 2), F(3), F(3)]),
    Sample("torchfn_batch_norm_eval", lambda lib, x, w: lib.batch_norm(
        x, w, None, lib.tensor([0.5, -0.25], dtype=x.dtype), lib.tensor([2.0, 0.5], dtype=x.dtype), False, 0.1, 1e-5,
        True),
           [F(3, 2), F(2)]),
    Sample("torchfn_instance_norm", lambda lib, x, w, b: lib.instance_norm(x, w, b, None, None, True, 0.1, 1e-5,
                                                                           False), [F(2, 3, 4), F(3), F(3)]),
    Sample("torchfn_layer_norm", lambda lib, x, w, b: (lib.layer_norm(x, [3, 4], w, b), lib.layer_norm(x, (4,)),
                                                       lib.native_layer_norm(x, [4], w[0], None, 1e-3)[0]),
           [F(2, 3, 4), F(3, 4), F(3, 4)]),
    Sample("torchfn_group_norm", lambda lib, x, w, b: lib.group_norm(x, 2, w, b, 1e-3), [F(2, 4, 3), F(4), F(4)]),
    Sample("torchfn_rms_norm", lambda lib, x, w: (lib.rms_norm(x, [3], w), lib.rms_norm(x, (2, 3), None, 0.1)),
           [F(4, 2, 3), F(3)]),
    # shuffles and pooling
    Sample("torchfn_shuffles", lambda lib, x: (lib.pixel_shuffle(x, 2), lib.pixel_unshuffle(x, 2),
                                               lib.channel_shuffle(x, 2)), [F(1, 4, 2, 4)]),
    Sample("torchfn_max_pool", lambda lib, x: (lib.max_pool1d(x[0], 2), lib.max_pool2d(x, 2, 1, 1),
                                               lib.max_pool3d(x[None], [1, 2, 2], (), 0, 1, True),
                                               lib.max_pool1d_with_indices(x[0], 3, 2, 1, 1, True)[0]),
           [F(2, 3, 5)], twice=False),
    Sample("torchfn_avg_adaptive_pool", lambda lib, x: (lib.avg_pool1d(x, 2), lib.avg_pool1d(x, 3, 2, 1, True, False),
                                                        lib.adaptive_avg_pool1d(x, 2),
                                                        lib.adaptive_max_pool1d(x, [3])[0]),
           [F(2, 3, 5)], twice=False),
    # activations
    Sample("torchfn_activations", lambda lib, x, w: (lib.selu(x), lib.celu(x, 2.0), lib.prelu(x, w), x.prelu(w[:1])),
           [Z(2, 3, 2), F(3)]),
    Sample("torchfn_piecewise", lambda lib, x: (lib.threshold(x, 0.5, -1.0), lib.rrelu(x, 0.2, 0.4),
                                                lib.hardshrink(x, 0.7), lib.hardshrink(x)),
           [Z(3, 4)], twice=False),
    # products and distances
    Sample("torchfn_bilinear_cosine", lambda lib, a, b, w, bias: (lib.bilinear(a, b, w, bias), lib.bilinear(a, b, w),
                                                                  lib.cosine_similarity(a, b),
                                                                  lib.cosine_similarity(a, b, 0, 1e-3)),
           [F(4, 3), F(4, 3), F(2, 3, 3), F(2)]),
    Sample("pdist", lambda lib, x: _pdists(lib, _rows(lib, x)), [Z(5, 3)], twice=False),
    # a repeated row: distance 0, whose gradient PyTorch sets to 0 (not the derivative there)
    Sample("pdist_zero_distance", lambda lib, x: tuple(lib.pdist(lib.cat([_rows(lib, x), x[:1]]), p) for p in (
        2, 1, float("inf"))), [Z(3, 2)], twice=False, exact_derivative=False),
    # losses with integer reductions
    Sample("torchfn_kl_div", lambda lib, x, t: (lib.kl_div(x, t), lib.kl_div(x, t, 1), lib.kl_div(x, t, 2), lib.kl_div(x, t.log(), 2,
                                                                                                  log_target=True)),
           [F(3, 4), P(3, 4)]),
    Sample("torchfn_margin_losses", lambda lib, a, b, t: _margin_losses(lib, a, b, t.sign()),
           [Z(4), Z(4), Z(4, grad=False)], twice=False),
    Sample("torchfn_poisson_bce", lambda lib, x, t, w: (lib.poisson_nll_loss(x, t, True, False, 1e-8, 1),
                                                        lib.poisson_nll_loss(x.exp(), t, False, True, 1e-6, 0),
                                                        lib.binary_cross_entropy_with_logits(x, t / 2, lib.full_like(w, 0.5), lib.full_like(w, 2.0), 2),
                                                        lib.binary_cross_entropy_with_logits(x, t / 2)),
           [F(3, 4), P(3, 4), P(4)]),
    Sample("torchfn_triplet", lambda lib, a, p, n: (lib.triplet_margin_loss(a, p, n), lib.triplet_margin_loss(
        a, p, n, 0.5, 1, 1e-6, True, 1), lib.triplet_margin_loss(a, p, n, reduction=2)), [F(3, 4), F(3, 4), F(3, 4)]),
    Sample("torchfn_ctc_loss", _ctc, [F(4, 2, 3)], twice=False),
    # padding and sampling grids
    Sample("torchfn_constant_pad_nd", lambda lib, x: (lib.constant_pad_nd(x, [1, 2]), lib.constant_pad_nd(
        x, (0, 1, 1, 0), 0.5), lib.constant_pad_nd(x, [-1, 1])), [F(2, 3)]),
    # (nan_to_num: PyTorch's kernel crashes on a NaN grid point, which the edge corpus's nan_first would make)
    Sample("torchfn_grid_sampler", lambda lib, x, g: (lib.grid_sampler(x, g.nan_to_num() * 1.2, 0, 0, False),
                                                      lib.grid_sampler(x, g.nan_to_num(), 0, 1, True),
                                                      lib.grid_sampler(x, g.nan_to_num() * 1.3, 0, 2, False)),
           [F(1, 2, 3, 4), Input(1, 2, 3, 2, low=-1.0, high=1.0)], twice=False),
    # t * 1.0: integer thetas (the dtype sweep) become float32, which nn.functional.affine_grid requires
    Sample("torchfn_affine_grid_generator", lambda lib, t: _affine(lib, t * 1.0),
           [F(2, 2, 3)]),
]
