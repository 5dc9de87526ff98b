"""Recurrent layers: RNN (tanh/relu), LSTM (with projections), GRU and their single-step cells.

Each layer is written with gradlib's differentiable ops (linear, sigmoid, tanh, stack), so gradients of every
order flow through it. The input projection ``x W_ih^T + b_ih`` of a whole sequence is one matrix product; the
time loop then adds ``h W_hh^T + b_hh`` step by step. Parameter names, shapes, gate order (LSTM: i, f, g, o;
GRU: r, z, n), initialisation (U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) for every weight and bias), argument
checks and error messages are PyTorch's (``torch.nn.modules.rnn``).
"""
import math
import numbers
import warnings

from ... import _creation
from ...ops import join as _join
from ...ops import shape as _shape
from ...ops import selection as _selection
from ...ops.elementwise import relu as _relu, sigmoid, tanh
from .. import functional as F
from .. import init
from ..utils import rnn as rnn_utils
from ..parameter import Parameter
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


# ----- one time step of each kind (shared by the layers and the cells) ---------------------------------------
def _rnn_step(activation, x_projection, h, w_hh, b_hh):
    # PyTorch's order (linear_hh(h) + linear_ih(x)): the graph's edges, as tutorials print them
    return activation(F.linear(h, w_hh, b_hh) + x_projection)


def _lstm_step(x_projection, h, c, w_hh, b_hh, w_hr=None):
    gates = F.linear(h, w_hh, b_hh) + x_projection  # PyTorch's operand order (the graph's edges)
    i, f, g, o = _shape.chunk(gates, 4, -1)
    c = sigmoid(f) * c + sigmoid(i) * tanh(g)
    h = sigmoid(o) * tanh(c)
    if w_hr is not None:
        h = F.linear(h, w_hr)
    return h, c


def _gru_step(x_projection, h, w_hh, b_hh):
    """PyTorch's GRU: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h."""
    x_r, x_z, x_n = _shape.chunk(x_projection, 3, -1)
    h_r, h_z, h_n = _shape.chunk(F.linear(h, w_hh, b_hh), 3, -1)
    # PyTorch's operand order, so the graph's edges are PyTorch's (the values are the same either way)
    r = sigmoid(h_r + x_r)
    z = sigmoid(h_z + x_z)
    n = tanh(x_n + h_n * r)
    return (h - n) * z + n


def _check_int(name, value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")


class RNNBase(Module):
    """The multi-layer, optionally bidirectional recurrent network behind RNN, LSTM and GRU.

    Parameters per layer ``k`` and direction (suffix ``_reverse`` for the backward one): ``weight_ih_l{k}``
    (gates * hidden_size, input features), ``weight_hh_l{k}`` (gates * hidden_size, hidden or proj size),
    ``bias_ih_l{k}``, ``bias_hh_l{k}`` and, for an LSTM with ``proj_size > 0``, ``weight_hr_l{k}``.
    """

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and "
                          f"num_layers={num_layers}", stacklevel=3)
        if not isinstance(bias, bool):
            raise TypeError(f"bias should be of type bool, got: {type(bias).__name__}")
        if not isinstance(batch_first, bool):
            raise TypeError(f"batch_first should be of type bool, got: {type(batch_first).__name__}")
        _check_int("input_size", input_size)
        if input_size <= 0:
            raise ValueError("input_size must be greater than zero")
        _check_int("hidden_size", hidden_size)
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        factory = {"device": device, "dtype": dtype}
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input_size = input_size if layer == 0 else real_hidden_size * directions
                suffix = "_reverse" if direction == 1 else ""
                shapes = [("weight_ih", (gate_size, layer_input_size)), ("weight_hh", (gate_size, real_hidden_size))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                names = []
                for kind, shape in shapes:
                    name = f"{kind}_l{layer}{suffix}"
                    setattr(self, name, Parameter(_creation.empty(*shape, **factory)))
                    names.append(name)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self):
        """Every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def flatten_parameters(self):
        """PyTorch packs the weights into one cuDNN buffer here; gradlib uses them in place (nothing to do)."""

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters per layer and direction, as lists (PyTorch's ``all_weights``)."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def extra_repr(self):
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if self.batch_first is not False:
            text += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            text += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            text += f", bidirectional={self.bidirectional}"
        return text

    # ----- argument checks (PyTorch's order and wording) ------------------------------------------------
    def _check_input(self, input):
        weight = self.weight_ih_l0
        if input.dtype != weight.dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype}). "
                             f"Convert input: input.to({weight.dtype}), or convert model: model.to({input.dtype})")
        if input.ndim != 3:
            raise RuntimeError(f"input must have 3 dimensions, got {input.ndim}")
        if self.input_size != input.shape[-1]:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.shape[-1]}")

    def _expected_hidden_size(self, input, size=None):
        batch = input.shape[0] if self.batch_first else input.shape[1]
        directions = 2 if self.bidirectional else 1
        if size is None:
            size = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (self.num_layers * directions, batch, size)

    @staticmethod
    def _check_hidden_size(hx, expected, message="Expected hidden size {}, got {}"):
        if tuple(hx.shape) != expected:
            raise RuntimeError(message.format(expected, list(hx.shape)))

    def _prepare(self, input, hx, name):
        """Validate, add the batch dim of unbatched input, default the hidden state; return
        (input, hx, is_batched)."""
        if input.ndim not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.ndim}D"
                             + (" tensor instead" if name == "RNN" else " instead"))
        is_batched = input.ndim == 3
        batch_dim = 0 if self.batch_first else 1
        if not is_batched:
            input = input.unsqueeze(batch_dim)
            if hx is not None:
                if hx.ndim != 2:
                    raise RuntimeError(f"For unbatched 2-D input, hx should also be 2-D but got {hx.ndim}-D tensor")
                hx = hx.unsqueeze(1)
        elif hx is not None and hx.ndim != 3:
            raise RuntimeError(f"For batched 3-D input, hx should also be 3-D but got {hx.ndim}-D tensor")
        if hx is None:
            hx = _creation.zeros(*self._expected_hidden_size(input, self.hidden_size), dtype=input.dtype,
                                 device=input.device)
        self._check_input(input)
        self._check_hidden_size(hx, self._expected_hidden_size(input))
        return input, hx, is_batched

    # ----- the computation ------------------------------------------------------------------------------
    def _weights(self, layer, direction):
        names = self._all_weights[layer * (2 if self.bidirectional else 1) + direction]
        weights = {name.split("_l")[0]: getattr(self, name) for name in names}
        return (weights["weight_ih"], weights["weight_hh"], weights.get("bias_ih"), weights.get("bias_hh"),
                weights.get("weight_hr"))

    def _run_direction(self, sequence, h, c, weights, reverse, masks=None):
        """One layer in one direction over a (T, B, features) sequence: the outputs (T, B, H) and final state.
        With ``masks`` (packed input: (B, 1) per step, True where the sequence has that step) the state of a
        finished sequence is carried unchanged and its output is zero, so h_n is each sequence's own last state and
        the reverse direction starts at each sequence's own end."""
        w_ih, w_hh, b_ih, b_hh, w_hr = weights
        projections = _shape.unbind(F.linear(sequence, w_ih, b_ih), 0)
        steps = len(projections)
        outputs = [None] * steps
        order = range(steps - 1, -1, -1) if reverse else range(steps)
        mode = self.mode
        for t in order:
            h_old, c_old = h, c
            if mode == "LSTM":
                h, c = _lstm_step(projections[t], h, c, w_hh, b_hh, w_hr)
            elif mode == "GRU":
                h = _gru_step(projections[t], h, w_hh, b_hh)
            else:
                h = _rnn_step(tanh if mode == "RNN_TANH" else _relu, projections[t], h, w_hh, b_hh)
            if masks is not None:
                outputs[t] = _selection.where(masks[t], h, 0.0)
                h = _selection.where(masks[t], h, h_old)
                if c is not None:
                    c = _selection.where(masks[t], c, c_old)
                continue
            outputs[t] = h
        if steps == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        return _join.stack(outputs, 0), h, c

    def _run(self, input, hx, cx, masks=None):
        """All layers and directions: output, h_n (and c_n, or None). ``input`` is (T, B, features), or
        (B, T, features) with ``batch_first`` unless ``masks`` are given (a packed sequence, always time-major)."""
        directions = 2 if self.bidirectional else 1
        time_major = masks is not None or not self.batch_first
        layer_input = input if time_major else input.transpose(0, 1)
        final_h = []
        final_c = []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                index = layer * directions + direction
                c0 = cx[index] if cx is not None else None
                output, h, c = self._run_direction(layer_input, hx[index], c0, self._weights(layer, direction),
                                                   reverse=direction == 1, masks=masks)
                outputs.append(output)
                final_h.append(h)
                final_c.append(c)
            layer_input = outputs[0] if directions == 1 else _join.cat(outputs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        output = layer_input if time_major else layer_input.transpose(0, 1)
        h_n = _join.stack(final_h, 0)
        c_n = _join.stack(final_c, 0) if cx is not None else None
        return output, h_n, c_n

    def _forward_packed(self, packed, hx):
        """Run on a PackedSequence: pad it (sorted order), run with per-step masks, pack the output again; the
        state comes back (and is taken) in the original batch order."""
        padded, _ = rnn_utils._padded_sorted(packed)
        batch_sizes = [int(n) for n in packed.batch_sizes.tolist()]
        batch = batch_sizes[0]
        rows = _creation.arange(batch, device=padded.device).reshape(batch, 1)
        masks = [rows < size for size in batch_sizes]
        lstm = self.mode == "LSTM"
        directions = 2 if self.bidirectional else 1
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        if hx is None:
            h0 = _creation.zeros(self.num_layers * directions, batch, real_hidden, dtype=padded.dtype,
                                 device=padded.device)
            c0 = _creation.zeros(self.num_layers * directions, batch, self.hidden_size, dtype=padded.dtype,
                                 device=padded.device) if lstm else None
        else:
            h0, c0 = hx if lstm else (hx, None)
            if packed.sorted_indices is not None:
                h0 = h0.index_select(1, packed.sorted_indices)
                c0 = None if c0 is None else c0.index_select(1, packed.sorted_indices)
        self._check_input(padded)
        self._check_hidden_size(h0, (self.num_layers * directions, batch, real_hidden),
                                "Expected hidden[0] size {}, got {}" if lstm else "Expected hidden size {}, got {}")
        output, h_n, c_n = self._run(padded, h0, c0, masks)
        data = _join.cat([output[t, :size] for t, size in enumerate(batch_sizes)], 0)
        output = rnn_utils.PackedSequence(data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
        if packed.unsorted_indices is not None:
            h_n = h_n.index_select(1, packed.unsorted_indices)
            c_n = None if c_n is None else c_n.index_select(1, packed.unsorted_indices)
        return output, ((h_n, c_n) if lstm else h_n)

    def forward(self, input, hx=None):
        if isinstance(input, rnn_utils.PackedSequence):
            return self._forward_packed(input, hx)
        if self.mode == "LSTM":  # an RNNBase built with mode 'LSTM' runs as an LSTM (state (h, c))
            return LSTM.forward(self, input, hx)
        name = "RNN" if self.mode.startswith("RNN") else self.mode
        input, hx, is_batched = self._prepare(input, hx, name)
        output, h_n, _ = self._run(input, hx, None)
        if not is_batched:
            output = output.squeeze(0 if self.batch_first else 1)
            h_n = h_n.squeeze(1)
        return output, h_n


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu), over layers and directions.

    Input (L, N, H_in) (``batch_first``: (N, L, H_in)) or unbatched (L, H_in); ``hx`` (D * num_layers, N, H_out)
    or None (zeros). Returns ``output`` (L, N, D * H_out) and ``h_n``. Raises ValueError for an unknown
    ``nonlinearity`` or a 1-D/4-D input, RuntimeError for mismatched sizes (PyTorch's messages).
    Mirrors ``torch.nn.RNN``.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> rnn = gradlib.nn.RNN(4, 3, num_layers=2, batch_first=True)
    >>> rnn
    RNN(4, 3, num_layers=2, batch_first=True)
    >>> output, h_n = rnn(gradlib.randn(2, 5, 4))
    >>> output.shape, h_n.shape
    (gradlib.Size([2, 5, 3]), gradlib.Size([2, 2, 3]))
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self_nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self_nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self_nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self_nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{self_nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__(mode, *args, **kwargs)
        self.nonlinearity = self_nonlinearity


class LSTM(RNNBase):
    """Long short-term memory, gates i, f, g, o (in this order in ``weight_ih``/``weight_hh``):

    c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g),  h_t = sigmoid(o) * tanh(c_t)  (times ``weight_hr``
    when ``proj_size > 0``). ``forward(input, (h_0, c_0))`` returns ``output, (h_n, c_n)``; the state defaults to
    zeros. Shapes and errors as ``torch.nn.LSTM``.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> lstm = gradlib.nn.LSTM(4, 3, bidirectional=True)
    >>> output, (h_n, c_n) = lstm(gradlib.randn(5, 2, 4))
    >>> output.shape, h_n.shape, c_n.shape
    (gradlib.Size([5, 2, 6]), gradlib.Size([2, 2, 3]), gradlib.Size([2, 2, 3]))
    """

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input, hx=None):
        if isinstance(input, rnn_utils.PackedSequence):
            return self._forward_packed(input, hx)
        if input.ndim not in (2, 3):
            raise ValueError(f"LSTM: Expected input to be 2D or 3D, got {input.ndim}D instead")
        is_batched = input.ndim == 3
        batch_dim = 0 if self.batch_first else 1
        if not is_batched:
            input = input.unsqueeze(batch_dim)
        if hx is None:
            h_shape = self._expected_hidden_size(input)
            c_shape = self._expected_hidden_size(input, self.hidden_size)
            hx = (_creation.zeros(*h_shape, dtype=input.dtype, device=input.device),
                  _creation.zeros(*c_shape, dtype=input.dtype, device=input.device))
        else:
            h0, c0 = hx
            if is_batched:
                if h0.ndim != 3 or c0.ndim != 3:
                    raise RuntimeError("For batched 3-D input, hx and cx should also be 3-D but got "
                                       f"({h0.ndim}-D, {c0.ndim}-D) tensors")
            else:
                if h0.ndim != 2 or c0.ndim != 2:
                    raise RuntimeError("For unbatched 2-D input, hx and cx should also be 2-D but got "
                                       f"({h0.ndim}-D, {c0.ndim}-D) tensors")
                hx = (h0.unsqueeze(1), c0.unsqueeze(1))
        self._check_input(input)
        self._check_hidden_size(hx[0], self._expected_hidden_size(input), "Expected hidden[0] size {}, got {}")
        self._check_hidden_size(hx[1], self._expected_hidden_size(input, self.hidden_size),
                                "Expected hidden[1] size {}, got {}")
        output, h_n, c_n = self._run(input, hx[0], hx[1])
        if not is_batched:
            output = output.squeeze(batch_dim)
            h_n = h_n.squeeze(1)
            c_n = c_n.squeeze(1)
        return output, (h_n, c_n)


class GRU(RNNBase):
    """Gated recurrent unit, gates r, z, n (in this order), PyTorch's formula:

    r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z = sigmoid(W_iz x + b_iz + W_hz h + b_hz),
    n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h.
    Shapes, arguments and errors as ``torch.nn.GRU``.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> gru = gradlib.nn.GRU(4, 3, num_layers=2)
    >>> output, h_n = gru(gradlib.randn(5, 4))   # unbatched
    >>> output.shape, h_n.shape
    (gradlib.Size([5, 3]), gradlib.Size([2, 3]))
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


# ----- cells ---------------------------------------------------------------------------------------------------
class RNNCellBase(Module):
    """One time step: ``weight_ih`` (chunks * hidden_size, input_size), ``weight_hh`` (chunks * hidden_size,
    hidden_size), ``bias_ih``, ``bias_hh``, all from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        factory = {"device": device, "dtype": dtype}
        self.weight_ih = Parameter(_creation.empty(num_chunks * hidden_size, input_size, **factory))
        self.weight_hh = Parameter(_creation.empty(num_chunks * hidden_size, hidden_size, **factory))
        if bias:
            self.bias_ih = Parameter(_creation.empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(_creation.empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def extra_repr(self):
        text = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            text += f", nonlinearity={self.nonlinearity}"
        return text

    def _check_sizes(self, input, hiddens):
        """The size checks of PyTorch's cell kernels (check_rnn_cell_forward_input/hidden)."""
        if input.shape[1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} expected "
                               f"{self.input_size}")
        for index, hidden in enumerate(hiddens):
            if hidden.shape[0] != input.shape[0]:
                raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{index} batch size "
                                   f"{hidden.shape[0]}")
            if hidden.shape[1] != self.hidden_size:
                raise RuntimeError(f"hidden{index} has inconsistent hidden_size: got {hidden.shape[1]}, expected "
                                   f"{self.hidden_size}")

    def _zeros(self, input):
        return _creation.zeros(input.shape[0], self.hidden_size, dtype=input.dtype, device=input.device)


class RNNCell(RNNCellBase):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu). Input (N, H_in) or (H_in); hidden likewise.
    Mirrors ``torch.nn.RNNCell``.

    >>> import gradlib
    >>> cell = gradlib.nn.RNNCell(4, 3, nonlinearity="relu")
    >>> cell
    RNNCell(4, 3, nonlinearity=relu)
    >>> cell(gradlib.randn(2, 4)).shape
    gradlib.Size([2, 3])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if input.ndim not in (1, 2):
            raise ValueError(f"RNNCell: Expected input to be 1D or 2D, got {input.ndim}D instead")
        if hx is not None and hx.ndim not in (1, 2):
            raise ValueError(f"RNNCell: Expected hidden to be 1D or 2D, got {hx.ndim}D instead")
        is_batched = input.ndim == 2
        if not is_batched:
            input = input.unsqueeze(0)
        hx = self._zeros(input) if hx is None else (hx if is_batched else hx.unsqueeze(0))
        self._check_sizes(input, [hx])
        if self.nonlinearity == "tanh":
            activation = tanh
        elif self.nonlinearity == "relu":
            activation = _relu
        else:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        out = _rnn_step(activation, F.linear(input, self.weight_ih, self.bias_ih), hx, self.weight_hh,
                        self.bias_hh)
        return out if is_batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    """One LSTM step: ``forward(input, (h, c))`` returns ``(h', c')`` (gates i, f, g, o). Mirrors
    ``torch.nn.LSTMCell``.

    >>> import gradlib
    >>> h, c = gradlib.nn.LSTMCell(4, 3)(gradlib.randn(4))
    >>> h.shape, c.shape
    (gradlib.Size([3]), gradlib.Size([3]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        if input.ndim not in (1, 2):
            raise ValueError(f"LSTMCell: Expected input to be 1D or 2D, got {input.ndim}D instead")
        if hx is not None:
            for index, value in enumerate(hx):
                if value.ndim not in (1, 2):
                    raise ValueError(f"LSTMCell: Expected hx[{index}] to be 1D or 2D, got {value.ndim}D instead")
        is_batched = input.ndim == 2
        if not is_batched:
            input = input.unsqueeze(0)
        if hx is None:
            hx = (self._zeros(input), self._zeros(input))
        elif not is_batched:
            hx = (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        elif not isinstance(hx, (tuple, list)):  # PyTorch's lstm_cell binding refuses it
            raise TypeError(f"lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not "
                            f"{type(hx).__name__}")
        self._check_sizes(input, hx)
        h, c = _lstm_step(F.linear(input, self.weight_ih, self.bias_ih), hx[0], hx[1], self.weight_hh,
                          self.bias_hh)
        if not is_batched:
            return h.squeeze(0), c.squeeze(0)
        return h, c


class GRUCell(RNNCellBase):
    """One GRU step (gates r, z, n; n = tanh(W_in x + b_in + r * (W_hn h + b_hn))). Mirrors ``torch.nn.GRUCell``.

    >>> import gradlib
    >>> gradlib.nn.GRUCell(4, 3)(gradlib.randn(2, 4), gradlib.zeros(2, 3)).shape
    gradlib.Size([2, 3])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        if input.ndim not in (1, 2):
            raise ValueError(f"GRUCell: Expected input to be 1D or 2D, got {input.ndim}D instead")
        if hx is not None and hx.ndim not in (1, 2):
            raise ValueError(f"GRUCell: Expected hidden to be 1D or 2D, got {hx.ndim}D instead")
        is_batched = input.ndim == 2
        if not is_batched:
            input = input.unsqueeze(0)
        hx = self._zeros(input) if hx is None else (hx if is_batched else hx.unsqueeze(0))
        self._check_sizes(input, [hx])
        out = _gru_step(F.linear(input, self.weight_ih, self.bias_ih), hx, self.weight_hh, self.bias_hh)
        return out if is_batched else out.squeeze(0)
