"""Attention and Transformer layers beyond the PyTorch-weights comparison (tests/test_nn_modules.py) and the
registry's scaled_dot_product_attention samples: second derivatives, dropout, deep copies, masks and PyTorch's
errors and warnings."""
import warnings

import pytest

import gradlib
from gradlib.autograd import gradcheck, gradgradcheck

nn = gradlib.nn
F = gradlib.nn.functional


def test_multihead_attention_gradgradcheck(device):
    gradlib.manual_seed(0)
    attention = nn.MultiheadAttention(4, 2).double().to(device)
    q = gradlib.randn(3, 2, 4, dtype=gradlib.float64, device=device, requires_grad=True)
    kv = gradlib.randn(2, 2, 4, dtype=gradlib.float64, device=device, requires_grad=True)
    assert gradcheck(lambda q, kv: attention(q, kv, kv), (q, kv))
    assert gradgradcheck(lambda q, kv: attention(q, kv, kv, need_weights=False)[0], (q, kv))


def test_attention_dropout_only_in_training(device):
    gradlib.manual_seed(0)
    attention = nn.MultiheadAttention(4, 2, dropout=0.5).to(device)
    x = gradlib.randn(5, 1, 4, device=device)
    attention.eval()
    first, weights = attention(x, x, x)
    again, _ = attention(x, x, x)
    assert bool((first == again).all()) and float((weights.sum(-1) - 1).abs().max()) < 1e-5
    attention.train()
    _, dropped = attention(x, x, x)
    assert bool((dropped == 0).any()), "training drops attention weights"
    q = gradlib.ones(1, 200, 3, device=device)
    out = F.scaled_dot_product_attention(q, q, gradlib.ones(1, 200, 3, device=device), dropout_p=0.5)
    rows = out[0, :, 0]
    assert 0.9 < float(rows.mean()) < 1.1 and float(rows.std()) > 0.02  # survivors scaled by 2: random row sums


def test_sdpa_fully_masked_rows_give_zeros_and_zero_gradients(device):
    q = gradlib.randn(1, 2, 3, device=device, requires_grad=True)
    mask = gradlib.tensor([[False, False], [True, False]], device=device)
    out = F.scaled_dot_product_attention(q, q, q, attn_mask=mask)
    assert out[0, 0].tolist() == [0.0, 0.0, 0.0]
    out.sum().backward()
    assert bool((q.grad == q.grad).all()), "no NaN in the gradient"


def test_sdpa_grouped_query_attention(device):
    q = gradlib.randn(1, 4, 3, 2, device=device)
    k = gradlib.randn(1, 2, 5, 2, device=device)
    v = gradlib.randn(1, 2, 5, 2, device=device)
    out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
    k_full = gradlib.stack([k[:, 0], k[:, 0], k[:, 1], k[:, 1]], 1)
    v_full = gradlib.stack([v[:, 0], v[:, 0], v[:, 1], v[:, 1]], 1)
    assert float((out - F.scaled_dot_product_attention(q, k_full, v_full)).abs().max()) < 1e-6


def test_encoder_layers_are_independent_deep_copies(device):
    layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        encoder = nn.TransformerEncoder(layer, 3).to(device)
    weights = [l.linear1.weight for l in encoder.layers]
    assert len({id(w) for w in weights}) == 3 and all(bool((w == layer.linear1.weight.to(device)).all())
                                                      for w in weights)
    assert len(list(encoder.parameters())) == 3 * len(list(layer.parameters()))
    assert repr(encoder).count("3 x TransformerEncoderLayer(") == 1


def test_encoder_warns_as_pytorch_when_nested_tensors_would_not_be_used():
    with pytest.warns(UserWarning, match="^enable_nested_tensor is True, but self.use_nested_tensor is False because "
                                         "encoder_layer.norm_first was True$"):
        nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, norm_first=True, batch_first=True), 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, batch_first=True), 1)


def test_square_subsequent_mask(device):
    mask = nn.Transformer.generate_square_subsequent_mask(3, device=device, dtype=gradlib.float64)
    assert mask.dtype is gradlib.float64 and mask.tolist() == [[0.0, -float("inf"), -float("inf")],
                                                               [0.0, 0.0, -float("inf")], [0.0, 0.0, 0.0]]


def test_causal_hint_matches_the_explicit_mask(device):
    gradlib.manual_seed(0)
    layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True).to(device)
    x = gradlib.randn(2, 3, 4, device=device)
    mask = nn.Transformer.generate_square_subsequent_mask(3, device=device)
    explicit = layer(x, src_mask=mask)
    hinted = layer(x, src_mask=mask, is_causal=True)
    assert float((explicit - hinted).abs().max()) < 1e-6


ERRORS = [
    (lambda: nn.MultiheadAttention(5, 2), AssertionError, "embed_dim must be divisible by num_heads"),
    (lambda: nn.TransformerEncoderLayer(8, 2, activation="tanh"), RuntimeError,
     "activation should be relu/gelu, not tanh"),
    (lambda: nn.MultiheadAttention(4, 2)(gradlib.randn(3, 2, 4), gradlib.randn(3, 2, 4), gradlib.randn(3, 2, 4),
                                         attn_mask=gradlib.ones(2, 2)), RuntimeError,
     "The shape of the 2D attn_mask is gradlib.Size([2, 2]), but should be (3, 3)."),
    (lambda: F.scaled_dot_product_attention(gradlib.randn(1, 2, 3), gradlib.randn(1, 2, 3), gradlib.randn(1, 2, 3),
                                            attn_mask=gradlib.ones(2, 2), is_causal=True), RuntimeError,
     "_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True"),
    (lambda: nn.MultiheadAttention(4, 2)(gradlib.randn(3, 2, 4), gradlib.randn(3, 2, 4), gradlib.randn(3, 2, 4),
                                         is_causal=True), RuntimeError,
     "Need attn_mask if specifying the is_causal hint. You may use the Transformer module method "
     "`generate_square_subsequent_mask` to create this mask."),
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_errors_are_pytorchs(index):
    function, error, message = ERRORS[index]
    with pytest.raises(error) as caught:
        function()
    assert str(caught.value) == message
