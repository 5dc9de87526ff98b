"""Differential fuzzing of recurrent and attention modules against PyTorch (session 18, rnn18): nn.RNN/LSTM/GRU
(layers, directions, batch_first, proj_size, bias, nonlinearity, dropout, unbatched input, h0/c0 and their
errors, packed sequences), the cells, nn.MultiheadAttention, F.scaled_dot_product_attention and the transformer
layers, with float64 gradients.

The builders, ``plain`` and ``same`` are layers17's (``X``, ``I``, ``RUN``, ``GR``, ``GF``, ``FIX``: see
tests/reference/layers17.py), plus ``U`` (``nn.utils.rnn``), ``B(values)`` (a bool tensor on the case's device)
``EV(module)`` (``FIX`` then ``eval()``), ``NG(module, *inputs, **kwargs)`` (a call under
no_grad, the inference fast path), ``RUN_F(function, *inputs)`` (a float32 call) and ``KW(module, **kwargs)`` (the
module called with these keywords, floating ones cast to the first input's dtype). The recorder (``python tests/reference/record_torch.py rnn18``)
stores PyTorch's answers in ``torch_rnn18.json``; tests/test_rnn18.py demands gradlib give the same on every
device. tools/fuzz_rnn18.py draws the sweep these cases were chosen from.
"""
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_rnn18.py import it (tests/reference on sys.path)
    import layers17
except ImportError:
    from . import fuzz15, layers17  # as the tests import it (reference.rnn18)

FILE = pathlib.Path(__file__).parent / "torch_rnn18.json"

plain, same = layers17.plain, layers17.same


def builders(lib, device):
    """The names a case's expression sees."""
    scope = layers17.builders(lib, device)

    def B(values):  # noqa: N802
        return lib.tensor(values, dtype=lib.bool, device=device)

    def EV(module):  # noqa: N802
        return scope["FIX"](module).eval()

    def NG(module, *inputs, **kwargs):  # noqa: N802
        with lib.no_grad():
            return plain(module(*inputs, **kwargs))

    def RUN_F(function, *inputs):  # noqa: N802
        return plain(function(*inputs))

    def KW(module, **kwargs):  # noqa: N802
        forward = module.forward

        def with_keywords(*inputs):
            dtype = inputs[0].dtype
            cast = {k: v.to(dtype) if layers17._tensor_like(v) and v.dtype.is_floating_point else v
                    for k, v in kwargs.items()}
            return forward(*inputs, **cast)

        module.forward = with_keywords
        return module

    scope.update(U=lib.nn.utils.rnn, B=B, EV=EV, NG=NG, RUN_F=RUN_F, KW=KW)
    return scope


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), plain)


CASES = {
}

#: differences gradlib does not follow (tests/test_rnn18.py KNOWN gives each one's reason)
KNOWN_CASES = {
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
