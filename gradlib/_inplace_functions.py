"""PyTorch's top-level in-place functions (``torch.sin_``, ``torch.clamp_``, ``torch.fill_``, ``torch.dropout_``,
...): each is the ``Tensor`` method of the same name called on ``input``, so there is one implementation.

``torch.sin_(x)`` runs exactly ``Tensor.sin_`` (``autograd/inplace.py``, ``autograd/inplace_more.py``): the leaf
rule ("a leaf Variable that requires grad is being used in an in-place operation."), the version counter's bump,
the view history (CopySlices), PyTorch's dtype rule and the grad_fn of the out-of-place op (``SinBackward0``);
it returns ``input`` itself. A non-tensor ``input`` gets PyTorch's TypeError (``sin_(): argument 'input'
(position 1) must be Tensor, not float``). The activations PyTorch shares with ``torch.nn.functional``
(``celu_``, ``selu_``, ``rrelu_``, ``threshold_``, ``relu_``) are those functions themselves, as in PyTorch
(``torch.celu_ is torch.nn.functional.celu_``); ``dropout_``, ``alpha_dropout_`` and ``feature_alpha_dropout_``
are the functional dropouts with ``inplace=True``.

Each row of ``_ROWS`` is (name, Tensor method, example input, example arguments, PyTorch's printed result); the
function gets the method's parameters (``self`` spelled ``input``, PyTorch's keyword) and a docstring with that
example, which the doctests run.
"""
import inspect

from . import _arg_parser, _tensor
from .nn import _dropout
from .ops._args import require_tensor

__all__ = []  # filled below: one public function per row of _ROWS and _DROPOUT_ROWS

_ROWS = (
    ("abs_", "abs_", "[-1.5, 2.]", "", "tensor([1.5000, 2.0000])"),
    ("acos_", "acos_", "[0., 0.5]", "", "tensor([1.5708, 1.0472])"),
    ("arccos_", "arccos_", "[0., 0.5]", "", "tensor([1.5708, 1.0472])"),
    ("asin_", "asin_", "[0., 0.5]", "", "tensor([0.0000, 0.5236])"),
    ("arcsin_", "arcsin_", "[0., 0.5]", "", "tensor([0.0000, 0.5236])"),
    ("atan_", "atan_", "[0., 1.]", "", "tensor([0.0000, 0.7854])"),
    ("arctan_", "arctan_", "[0., 1.]", "", "tensor([0.0000, 0.7854])"),
    ("ceil_", "ceil_", "[-1.5, 0.2]", "", "tensor([-1.,  1.])"),
    ("clamp_", "clamp_", "[-2., 0.5, 3.]", ", min=-1., max=1.", "tensor([-1.0000,  0.5000,  1.0000])"),
    ("clip_", "clip_", "[-2., 0.5, 3.]", ", -1., 1.", "tensor([-1.0000,  0.5000,  1.0000])"),
    ("clamp_max_", "clamp_max_", "[-2., 0.5, 3.]", ", 1.", "tensor([-2.0000,  0.5000,  1.0000])"),
    ("clamp_min_", "clamp_min_", "[-2., 0.5, 3.]", ", 0.", "tensor([0.0000, 0.5000, 3.0000])"),
    ("cos_", "cos_", "[0., 1.]", "", "tensor([1.0000, 0.5403])"),
    ("cosh_", "cosh_", "[0., 1.]", "", "tensor([1.0000, 1.5431])"),
    ("erf_", "erf_", "[0., 1.]", "", "tensor([0.0000, 0.8427])"),
    ("erfc_", "erfc_", "[0., 1.]", "", "tensor([1.0000, 0.1573])"),
    ("exp2_", "exp2_", "[0., 3.]", "", "tensor([1., 8.])"),
    ("exp_", "exp_", "[0., 1.]", "", "tensor([1.0000, 2.7183])"),
    ("expm1_", "expm1_", "[0., 1.]", "", "tensor([0.0000, 1.7183])"),
    ("fix_", "fix_", "[-1.5, 2.7]", "", "tensor([-1.,  2.])"),
    ("floor_", "floor_", "[-1.5, 2.7]", "", "tensor([-2.,  2.])"),
    ("frac_", "frac_", "[-1.5, 2.75]", "", "tensor([-0.5000,  0.7500])"),
    ("log10_", "log10_", "[1., 10.]", "", "tensor([0., 1.])"),
    ("log1p_", "log1p_", "[0., 1.]", "", "tensor([0.0000, 0.6931])"),
    ("log2_", "log2_", "[1., 8.]", "", "tensor([0., 3.])"),
    ("log_", "log_", "[1., 2.]", "", "tensor([0.0000, 0.6931])"),
    ("logit_", "logit_", "[0.25, 0.5]", "", "tensor([-1.0986,  0.0000])"),
    ("nan_to_num_", "nan_to_num_", "[float('nan'), 1.]", ", 0.5", "tensor([0.5000, 1.0000])"),
    ("neg_", "neg_", "[1., -2.]", "", "tensor([-1.,  2.])"),
    ("negative_", "negative_", "[1., -2.]", "", "tensor([-1.,  2.])"),
    ("reciprocal_", "reciprocal_", "[2., -4.]", "", "tensor([ 0.5000, -0.2500])"),
    ("round_", "round_", "[0.5, 1.5, 2.6]", "", "tensor([0., 2., 3.])"),
    ("rsqrt_", "rsqrt_", "[4., 0.25]", "", "tensor([0.5000, 2.0000])"),
    ("sigmoid_", "sigmoid_", "[0., 2.]", "", "tensor([0.5000, 0.8808])"),
    ("sin_", "sin_", "[0., 1.]", "", "tensor([0.0000, 0.8415])"),
    ("sinc_", "sinc_", "[0., 0.5]", "", "tensor([1.0000, 0.6366])"),
    ("sinh_", "sinh_", "[0., 1.]", "", "tensor([0.0000, 1.1752])"),
    ("sqrt_", "sqrt_", "[4., 2.]", "", "tensor([2.0000, 1.4142])"),
    ("square_", "square_", "[3., -2.]", "", "tensor([9., 4.])"),
    ("tan_", "tan_", "[0., 1.]", "", "tensor([0.0000, 1.5574])"),
    ("tanh_", "tanh_", "[0., 1.]", "", "tensor([0.0000, 0.7616])"),
    ("trunc_", "trunc_", "[-1.5, 2.7]", "", "tensor([-1.,  2.])"),
    ("xlogy_", "xlogy_", "[0., 2.]", ", gradlib.tensor([0., 3.])", "tensor([0.0000, 2.1972])"),
    ("zero_", "zero_", "[1., 2.]", "", "tensor([0., 0.])"),
    # helper elem10's (gradlib/ops/elementwise_more.py, torch_i0)
    ("acosh_", "acosh_", "[1., 2.]", "", "tensor([0.0000, 1.3170])"),
    ("arccosh_", "arccosh_", "[1., 2.]", "", "tensor([0.0000, 1.3170])"),
    ("asinh_", "asinh_", "[0., 1.]", "", "tensor([0.0000, 0.8814])"),
    ("arcsinh_", "arcsinh_", "[0., 1.]", "", "tensor([0.0000, 0.8814])"),
    ("atanh_", "atanh_", "[0., 0.5]", "", "tensor([0.0000, 0.5493])"),
    ("arctanh_", "arctanh_", "[0., 0.5]", "", "tensor([0.0000, 0.5493])"),
    ("deg2rad_", "deg2rad_", "[180., 90.]", "", "tensor([3.1416, 1.5708])"),
    ("rad2deg_", "rad2deg_", "[3.141592653589793, 1.]", "", "tensor([180.0000,  57.2958])"),
    ("i0_", "i0_", "[0., 1.]", "", "tensor([1.0000, 1.2661])"),
    ("ldexp_", "ldexp_", "[1., 0.75]", ", gradlib.tensor([3, -1])", "tensor([8.0000, 0.3750])"),
    ("gcd_", "gcd_", "[4, 6]", ", gradlib.tensor([6, 4])", "tensor([2, 2])"),
    ("lcm_", "lcm_", "[4, 6]", ", gradlib.tensor([6, 4])", "tensor([12, 12])"),
    ("fill_", "fill_", "[1., 2.]", ", 7.", "tensor([7., 7.])"),
    ("index_put_", "index_put_", "[1., 2., 3.]", ", (gradlib.tensor([0, 2]),), gradlib.tensor([9., 8.])",
     "tensor([9., 2., 8.])"),
    ("addmv_", "addmv_", "[1., 2.]", ", gradlib.eye(2), gradlib.tensor([3., 4.])", "tensor([4., 6.])"),
    ("detach_", "detach_", "[1., 2.]", "", "tensor([1., 2.])"),
    ("resize_as_", "resize_as_", "[1., 2.]", ", gradlib.zeros(1)", "tensor([1.])"),
)

_DOC = """In-place ``{op}`` of ``input``, PyTorch's ``torch.{name}``: the same code as ``Tensor.{method}`` (it
returns ``input`` itself, written in place, with its version counter moved).

Shapes: ``input`` keeps its shape; tensor arguments broadcast to it. Dtypes: ``input`` keeps its dtype; a result
of a higher category than ``input``'s (a float result into an integer tensor) raises RuntimeError ("result type
Float can't be cast to the desired output type Long"). Errors: TypeError when ``input`` is not a Tensor
("{name}(): argument 'input' (position 1) must be Tensor, not float"); RuntimeError for a leaf that requires grad
outside no_grad ("a leaf Variable that requires grad is being used in an in-place operation."). Autograd:
``input.grad_fn`` becomes the out-of-place op's node.

>>> import gradlib
>>> x = gradlib.tensor({input})
>>> gradlib.{name}(x{args}) is x
True
>>> x
{output}
"""


def _function_of_method(name, method):
    """``torch.<name>(input, ...)``: ``Tensor.<method>`` on ``input`` (one implementation), with the method's
    parameters under PyTorch's keywords."""
    def function(input, *args, **kwargs):
        if not isinstance(input, _tensor.Tensor):
            if name in _arg_parser.OVERLOADS:  # several overloads: PyTorch's list of them
                raise _arg_parser.error(name, (input,) + args, kwargs)
            require_tensor(name, input)
        return getattr(_tensor.Tensor, method)(input, *args, **kwargs)

    parameters = list(inspect.signature(getattr(_tensor.Tensor, method)).parameters.values())
    parameters[0] = parameters[0].replace(name="input")
    function.__signature__ = inspect.Signature(parameters)
    function.__name__ = function.__qualname__ = name
    return function


def _dropout_function(name, functional):
    """``torch.<name>(input, p, train)``: the functional dropout ``functional`` with ``inplace=True``."""
    def function(input, p, train):
        require_tensor(name, input)
        return functional(input, p, train, inplace=True)

    function.__name__ = function.__qualname__ = name
    return function


_DROPOUT_ROWS = (
    ("dropout_", _dropout.dropout),
    ("alpha_dropout_", _dropout.alpha_dropout),
    ("feature_alpha_dropout_", _dropout.feature_alpha_dropout),
)

_DROPOUT_DOC = """In-place ``{op}`` of ``input`` with probability ``p`` when ``train`` (PyTorch's ``torch.{name}``):
``torch.nn.functional.{op}(input, p, train, inplace=True)``; returns ``input``, unchanged when not ``train``.

Shapes and dtypes: those of ``input`` (a floating tensor). Errors: TypeError when ``input`` is not a Tensor;
ValueError for ``p`` outside [0, 1]; RuntimeError for a leaf that requires grad when it writes.

>>> import gradlib
>>> x = gradlib.tensor([-1., 2.])
>>> gradlib.{name}(x, 0.5, False) is x
True
>>> x
tensor([-1.,  2.])
"""

for _name, _method, _input, _args, _output in _ROWS:
    _function = _function_of_method(_name, _method)
    _function.__doc__ = _DOC.format(op=_name[:-1], name=_name, method=_method, input=_input, args=_args,
                                    output=_output)
    globals()[_name] = _function
    __all__.append(_name)

for _name, _functional in _DROPOUT_ROWS:
    _function = _dropout_function(_name, _functional)
    _function.__doc__ = _DROPOUT_DOC.format(op=_name[:-1], name=_name)
    globals()[_name] = _function
    __all__.append(_name)

del _name, _method, _input, _args, _output, _functional, _function
