"""Recurrent layers beyond the PyTorch-weights comparison (tests/test_nn_modules.py): gradients of every order,
dropout between layers, PyTorch's argument errors, deep copies and ``nn.utils.rnn.pad_sequence``."""
import copy
import warnings

import pytest

import gradlib
from gradlib.autograd import gradcheck, gradgradcheck
from gradlib.nn.utils.rnn import pad_sequence

nn = gradlib.nn


def _module(cls, device, *args, **kwargs):
    gradlib.manual_seed(0)
    return cls(*args, **kwargs).double().to(device)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_gradcheck_and_gradgradcheck_through_time(kind, device):
    module = _module(getattr(nn, kind), device, 2, 3, num_layers=2, bidirectional=True)
    x = gradlib.randn(3, 2, 2, dtype=gradlib.float64, device=device, requires_grad=True)
    h = gradlib.randn(4, 2, 3, dtype=gradlib.float64, device=device, requires_grad=True)

    def function(x, h):
        if kind == "LSTM":
            output, (h_n, c_n) = module(x, (h, h * 0.5))
            return output, h_n, c_n
        return module(x, h)

    assert gradcheck(function, (x, h))
    assert gradgradcheck(function, (x, h))


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_gradcheck(kind, device):
    cell = _module(getattr(nn, kind), device, 3, 2)
    x = gradlib.randn(2, 3, dtype=gradlib.float64, device=device, requires_grad=True)
    assert gradcheck(lambda x: cell(x), (x,))
    assert gradgradcheck(lambda x: cell(x), (x,))


def test_parameter_gradients_reach_every_weight(device):
    lstm = _module(nn.LSTM, device, 2, 3, num_layers=2, bidirectional=True, proj_size=2)
    output, (h_n, c_n) = lstm(gradlib.randn(4, 2, 2, dtype=gradlib.float64, device=device))
    (output.sum() + c_n.sum()).backward()
    assert all(p.grad is not None and p.grad.shape == p.shape for p in lstm.parameters())


def test_dropout_between_layers_only_while_training(device):
    """dropout=1 zeroes the first layer's output: the second layer then sees zeros; in eval mode it sees all."""
    rnn = _module(nn.GRU, device, 2, 3, num_layers=2, dropout=1.0)
    x = gradlib.randn(4, 1, 2, dtype=gradlib.float64, device=device)
    second = _module(nn.GRU, device, 3, 3)
    second.load_state_dict({key.replace("_l1", "_l0"): value for key, value in rnn.state_dict().items()
                            if "_l1" in key})
    rnn.train()
    output, h_n = rnn(x)
    expected, _ = second(gradlib.zeros(4, 1, 3, dtype=gradlib.float64, device=device))
    assert float((output - expected).abs().max()) < 1e-12
    rnn.eval()
    first_output, _ = nn.GRU.forward(_first_layer(rnn, device), x)
    eval_output, _ = rnn(x)
    expected_eval, _ = second(first_output)
    assert float((eval_output - expected_eval).abs().max()) < 1e-12


def _first_layer(rnn, device):
    first = _module(nn.GRU, device, 2, 3)
    first.load_state_dict({key: value for key, value in rnn.state_dict().items() if "_l0" in key})
    return first


def test_dropout_warning_with_one_layer():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1, but got "
                                         "dropout=0.5 and num_layers=1"):
        nn.LSTM(2, 3, dropout=0.5)


ERRORS = [
    (lambda: nn.LSTMCell(3, 4)(gradlib.randn(2, 5)), RuntimeError,
     "input has inconsistent input_size: got 5 expected 3"),
    (lambda: nn.LSTMCell(3, 4)(gradlib.randn(2, 3), (gradlib.randn(2, 5), gradlib.randn(2, 4))), RuntimeError,
     "hidden0 has inconsistent hidden_size: got 5, expected 4"),
    (lambda: nn.GRUCell(3, 4)(gradlib.randn(2, 3), gradlib.randn(3, 4)), RuntimeError,
     "Input batch size 2 doesn't match hidden0 batch size 3"),
    (lambda: nn.RNNCell(3, 4)(gradlib.randn(2, 3, 1)), ValueError,
     "RNNCell: Expected input to be 1D or 2D, got 3D instead"),
    (lambda: nn.GRU(3, 4)(gradlib.randn(5, 2, 2)), RuntimeError,
     "input.size(-1) must be equal to input_size. Expected 3, got 2"),
    (lambda: nn.GRU(3, 4)(gradlib.randn(5, 2, 3), gradlib.randn(2, 2, 4)), RuntimeError,
     "Expected hidden size (1, 2, 4), got [2, 2, 4]"),
    (lambda: nn.GRU(3, 4)(gradlib.randn(5, 2, 3), gradlib.randn(2, 4)), RuntimeError,
     "For batched 3-D input, hx should also be 3-D but got 2-D tensor"),
    (lambda: nn.LSTM(3, 4)(gradlib.randn(5, 2, 3), (gradlib.randn(1, 2, 4), gradlib.randn(1, 2, 3))),
     RuntimeError, "Expected hidden[1] size (1, 2, 4), got [1, 2, 3]"),
    (lambda: nn.LSTM(3, 4)(gradlib.randn(5, 3), (gradlib.randn(1, 4), gradlib.randn(1, 1, 4))),
     RuntimeError, "For unbatched 2-D input, hx and cx should also be 2-D but got (2-D, 3-D) tensors"),
    (lambda: nn.LSTM(3, 4)(gradlib.randn(5, 2, 3, dtype=gradlib.float64)), ValueError,
     "RNN input dtype (gradlib.float64) does not match weight dtype (gradlib.float32). Convert input: "
     "input.to(gradlib.float32), or convert model: model.to(gradlib.float64)"),
    (lambda: nn.RNN(3, 4)(gradlib.randn(5)), ValueError, "RNN: Expected input to be 2D or 3D, got 1D tensor instead"),
    (lambda: nn.GRU(3, 4)(gradlib.randn(5)), ValueError, "GRU: Expected input to be 2D or 3D, got 1D instead"),
    (lambda: nn.RNN(3, 4, nonlinearity="gelu"), ValueError, "Unknown nonlinearity 'gelu'. Select from 'tanh' or "
                                                            "'relu'."),
    (lambda: nn.GRU(3, 4, proj_size=2), ValueError, "proj_size argument is only supported for LSTM, not RNN or GRU"),
    (lambda: nn.LSTM(3, 4, proj_size=4), ValueError, "proj_size has to be smaller than hidden_size"),
    (lambda: nn.LSTM(3, 4, dropout=1.5), ValueError, "dropout should be a number in range [0, 1] representing the "
                                                     "probability of an element being zeroed"),
    (lambda: nn.LSTM(3, 4.0), TypeError, "hidden_size should be of type int, got: float"),
    (lambda: nn.LSTM(3, 4)(gradlib.randn(0, 2, 3)), RuntimeError,
     "Expected sequence length to be larger than 0 in RNN"),
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_errors_are_pytorchs(index):
    function, error, message = ERRORS[index]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error) as caught:
            function()
    assert str(caught.value) == message


def test_deepcopy_gives_independent_weights(device):
    lstm = _module(nn.LSTM, device, 2, 3)
    clone = copy.deepcopy(lstm)
    assert repr(clone) == repr(lstm)
    for (name, mine), (other_name, theirs) in zip(lstm.named_parameters(), clone.named_parameters()):
        assert name == other_name and mine is not theirs and type(theirs) is nn.Parameter
        assert theirs.requires_grad and bool((mine == theirs).all())
    with gradlib.no_grad():
        clone.weight_ih_l0.add_(1.0)
    assert not bool((clone.weight_ih_l0 == lstm.weight_ih_l0).any())


def test_flatten_parameters_and_all_weights():
    gru = nn.GRU(2, 3, bidirectional=True)
    gru.flatten_parameters()
    assert [[tuple(w.shape) for w in ws] for ws in gru.all_weights] == [[(9, 2), (9, 3), (9,), (9,)]] * 2


def test_pad_sequence(device):
    a = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    b = gradlib.tensor([3.0, 4.0, 5.0], device=device)
    padded = pad_sequence([a, b], padding_value=-1.0)
    assert padded.tolist() == [[1.0, 3.0], [2.0, 4.0], [-1.0, 5.0]]
    assert type(padded.grad_fn).__name__ == "CopySlices"
    left = pad_sequence([a, b], batch_first=True, padding_side="left")
    assert left.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    (left * gradlib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], device=device)).sum().backward()
    assert a.grad.tolist() == [2.0, 3.0]
    stacked = pad_sequence(gradlib.ones(2, 3, 4, device=device))
    assert stacked.shape == (3, 2, 4)
    ints = pad_sequence([gradlib.tensor([1, 2], device=device), gradlib.tensor([3], device=device)], True)
    assert ints.dtype is gradlib.int64 and ints.tolist() == [[1, 2], [3, 0]]


@pytest.mark.parametrize("call, message", [
    (lambda: pad_sequence([]), "received an empty list of sequences"),
    (lambda: pad_sequence([gradlib.ones(2, 3), gradlib.ones(2, 4)]),
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"),
    (lambda: pad_sequence([gradlib.ones(2)], padding_side="middle"),
     "Expected padding_side to be one of left or right, but got middle."),
])
def test_pad_sequence_errors(call, message):
    with pytest.raises(RuntimeError) as caught:
        call()
    assert str(caught.value) == message


def test_pack_and_unpack_round_trip(device):
    from gradlib.nn.utils.rnn import (pack_padded_sequence, pack_sequence, pad_packed_sequence, unpack_sequence,
                                      unpad_sequence)
    padded = gradlib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 0.0], [6.0, 0.0, 0.0]], device=device).t()
    packed = pack_padded_sequence(padded, gradlib.tensor([1, 3, 2], device="cpu"), enforce_sorted=False)
    assert packed.data.tolist() == [4.0, 6.0, 1.0, 5.0, 0.0, 0.0] and packed.batch_sizes.tolist() == [3, 2, 1]
    assert packed.sorted_indices.tolist() == [1, 2, 0] and packed.unsorted_indices.tolist() == [2, 0, 1]
    assert packed.batch_sizes.device.type == "cpu" and packed.data.device.type == gradlib.device(device).type
    again, lengths = pad_packed_sequence(packed, batch_first=True, padding_value=-1.0, total_length=4)
    assert again.tolist() == [[1.0, -1.0, -1.0, -1.0], [4.0, 5.0, 0.0, -1.0], [6.0, 0.0, -1.0, -1.0]]
    assert lengths.tolist() == [1, 3, 2]
    pieces = unpack_sequence(pack_sequence([gradlib.tensor([1, 2], device=device), gradlib.tensor([3], device=device)]))
    assert [p.tolist() for p in pieces] == [[1, 2], [3]]
    pieces = unpad_sequence(padded, gradlib.tensor([1, 3, 2], device="cpu"))  # a tensor: PyTorch reads .device
    assert [p.tolist() for p in pieces] == [[1.0], [4.0, 5.0, 0.0], [6.0, 0.0]]


@pytest.mark.parametrize("call, error, message", [
    (lambda p: p(gradlib.ones(3, 3), [1, 3, 2]), RuntimeError,
     "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass "
     "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do "
     "not need ONNX exportability."),
    (lambda p: p(gradlib.ones(3, 3), [3, 2]), RuntimeError,
     "Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)"),
    (lambda p: p(gradlib.ones(3, 2), [3, 0]), RuntimeError,
     "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0"),
])
def test_pack_errors(call, error, message):
    from gradlib.nn.utils.rnn import pack_padded_sequence
    with pytest.raises(error) as caught:
        call(pack_padded_sequence)
    assert str(caught.value) == message


def test_packed_sequence_gradients_reach_the_padded_input(device):
    from gradlib.nn.utils.rnn import pack_padded_sequence
    gru = _module(nn.GRU, device, 2, 3)
    x = gradlib.randn(4, 2, 2, dtype=gradlib.float64, device=device, requires_grad=True)
    output, h_n = gru(pack_padded_sequence(x, [4, 2]))
    (output.data.sum() + h_n.sum()).backward()
    assert bool((x.grad[2:, 1] == 0).all()) and bool((x.grad[:, 0] != 0).all())
