"""Differential fuzzing of indexing and index assignment against PyTorch (session 16, index16).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
fuzz15's builders (``T(dtype, form, variant, grad)``, ``GRAD``, ``D``; tests/reference/fuzz15.py) plus these:

- ``I(values, dtype="int64")``: an index tensor on the case's device; ``N(values, dtype=None)``: a NumPy array;
- ``MK(x, k, variant=0)``: a bool mask of ``x.shape[:k]`` (a fixed pattern; ``k=0`` gives a 0-d mask);
- ``GET(x, index)``: ``x[index]`` as ``[value, is_view, base_after]``: whether the result's ``_base`` is ``x``'s
  base (PyTorch's views), and the base after ``fill_``-ing the result (a write through a view reaches it);
- ``SET(x, index, value)``: ``x[index] = value``, then ``[x, x's base]``;
- ``GGET(x, index)`` / ``GSET(x, index, value)``: float64 gradients of ``x[index]``, and of ``x`` and ``value`` for
  ``y = x.clone(); y[index] = value`` (``value`` a tensor).

Warnings are part of the answer (``{"warnings": [[class, message], ...]}``), as PyTorch's uint8-mask deprecation.
The recorder (``python tests/reference/record_torch.py index16``) stores PyTorch's answers in ``torch_index16.json``;
tests/test_index16.py demands gradlib give the same on every device. tools/fuzz_index16.py draws the sweep these
cases were chosen from.
"""
import pathlib

import numpy

try:
    import fuzz15  # as the recorder and tools/fuzz_index16.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.index16)

FILE = pathlib.Path(__file__).parent / "torch_index16.json"


def _root(x):
    return x if x._base is None else x._base


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)
    plain_t = names["T"]

    def T(dtype, form, variant=0, grad=False):  # noqa: N802 (fuzz15's name), with two more forms
        if form == "cube_t":  # a transposed cube (4, 3, 2)
            return plain_t(dtype, "cube", variant, grad).transpose(0, 2)
        if form == "vv":  # a view of a view (2, 2, 2)
            return plain_t(dtype, "cube", variant, grad)[:, 1:][..., ::2]
        return plain_t(dtype, form, variant, grad)

    def I(values, dtype="int64"):  # noqa: E743
        return lib.tensor(values, dtype=getattr(lib, dtype), device=device)

    def N(values, dtype=None):
        return numpy.array(values, dtype=dtype)

    def MK(x, k, variant=0):
        shape = tuple(x.shape[:k])
        count = 1
        for size in shape:
            count *= size
        flat = [(i + variant) % 3 != 1 for i in range(count)]
        return lib.tensor(flat, dtype=lib.bool, device=device).reshape(shape)

    def GET(x, index):
        out = x[index]
        base = _root(x)
        is_view = out._base is base
        value = fuzz15.plain(out)
        try:
            out.fill_(1)
            after = fuzz15.plain(base)
        except Exception as error:  # noqa: BLE001 (the class is the answer)
            after = type(error).__name__
        return [value, is_view, after]

    def SET(x, index, value):
        x[index] = value
        return [fuzz15.plain(x), fuzz15.plain(_root(x))]

    def GGET(x, index):
        return names["GRAD"](lambda a: a[index], x.to(lib.float64).detach().requires_grad_())

    def GSET(x, index, value):
        def function(a, b):
            y = a.clone()
            y[index] = b
            return y
        return names["GRAD"](function, x.to(lib.float64).detach().requires_grad_(),
                             value.to(lib.float64).detach().requires_grad_())

    names.update(T=T, I=I, N=N, MK=MK, GET=GET, SET=SET, GGET=GGET, GSET=GSET, np=numpy)
    return names


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device))


CASES = {
    # ----- fixed: several Ellipses, each skipping the dims the index leaves unspecified (IndexError "too many
    # indices" / NumPy's "an index can only have a single ellipsis")
    "several_ellipses/select_between": "(lambda x: GET(x, (Ellipsis, 0, Ellipsis)))(T('float32', 'cube'))",
    "several_ellipses/none_between": "(lambda x: GET(x, (Ellipsis, None, Ellipsis)))(T('int64', 'cube'))",
    "several_ellipses/none_around": "(lambda x: GET(x, (None, Ellipsis, None, Ellipsis)))(T('float16', 'mat'))",
    "several_ellipses/two_selects": "(lambda x: GET(x, (0, Ellipsis, 1, Ellipsis)))(T('complex64', 'cube'))",
    "several_ellipses/list_between": "(lambda x: GET(x, (Ellipsis, [0, 1], Ellipsis)))(T('float32', 'cube'))",
    "several_ellipses/only": "(lambda x: GET(x, (Ellipsis, Ellipsis)))(T('bool', 't'))",
    "several_ellipses/slice_between": "(lambda x: GET(x, (Ellipsis, slice(1, None), Ellipsis)))(T('int8', 'vv'))",
    "several_ellipses/three": "(lambda x: GET(x, (Ellipsis, 0, Ellipsis, Ellipsis)))(T('float32', 'cube_t'))",
    "several_ellipses/past_the_end": "(lambda x: GET(x, (Ellipsis, 1, Ellipsis, 0)))(T('float32', 'cube'))",
    "several_ellipses/past_the_end_mat": "(lambda x: GET(x, (Ellipsis, Ellipsis, 0)))(T('int64', 'mat'))",
    "several_ellipses/set": "(lambda x: SET(x, (Ellipsis, 0, Ellipsis), 7))(T('float32', 'cube'))",
    "several_ellipses/set_tensor": "(lambda x: SET(x, (Ellipsis, None, Ellipsis), T('float32', 'vec')[:1]))"
                                   "(T('float32', 't'))",
    "several_ellipses/grad": "(lambda x: GGET(x, (Ellipsis, 1, Ellipsis)))(T('float64', 'cube'))",
    "several_ellipses/grad_set": "(lambda x: GSET(x, (0, Ellipsis, 1, Ellipsis), T('float64', '0d', 1)))"
                                 "(T('float64', 'cube'))",
    # ----- fixed: a 0-d result of integer indices is a view whose writes reach the base (NumPy's scalar was
    # copied: x[0].fill_(1), x[1].mul_(2) changed nothing)
    "zero_d_view/vec": "(lambda x: GET(x, 0))(T('float32', 'vec'))",
    "zero_d_view/mat": "(lambda x: GET(x, (0, 1)))(T('float32', 'mat'))",
    "zero_d_view/cube_complex": "(lambda x: GET(x, (1, 2, 3)))(T('complex64', 'cube'))",
    "zero_d_view/transposed": "(lambda x: GET(x, (-1, 0)))(T('bfloat16', 't'))",
    "zero_d_view/int_tensor": "(lambda x: GET(x, I(-1)))(T('int16', 'vec'))",
    "zero_d_view/numpy_int": "(lambda x: GET(x, np.int64(1)))(T('int16', 'vec'))",
    "zero_d_view/view_of_view": "(lambda x: GET(x, (1, 0, 1)))(T('float64', 'vv'))",
    "zero_d_view/inplace_grad": "GRAD(lambda x: (lambda y: (y[1].mul_(3), y[-1].add_(y[0]), y)[2])(x * 1), "
                                "T('float64', 'vec', grad=True))",
    # ----- fixed: a 0-d tensor's index errors (PyTorch: "invalid index" only for a lone 0, else out of bounds of
    # dim 0 or, for a tuple, too many indices)
    "zero_d_errors/minus_one": "(lambda x: GET(x, -1))(T('float32', '0d'))",
    "zero_d_errors/one": "(lambda x: GET(x, 1))(T('int64', '0d'))",
    "zero_d_errors/numpy_int": "(lambda x: GET(x, np.int64(1)))(T('complex64', '0d'))",
    "zero_d_errors/tuple": "(lambda x: GET(x, (0,)))(T('float32', '0d'))",
    "zero_d_errors/ellipsis": "(lambda x: GET(x, (Ellipsis, 0)))(T('float32', '0d'))",
    "zero_d_errors/none": "(lambda x: GET(x, (None, 0)))(T('float32', '0d'))",
    "zero_d_errors/int_tensor": "(lambda x: GET(x, I(0)))(T('float32', '0d'))",
    "zero_d_errors/set": "(lambda x: SET(x, (0, 0), 1.5))(T('float32', '0d'))",
    # ----- fixed: a tuple's specified dims are counted before any part applies; an int out of range names its
    # place in the index (PyTorch's real_dim), not the dim it selects
    "index_errors/too_many_first": "(lambda x: GET(x, (0, 1)))(T('float32', 'empty'))",
    "index_errors/too_many_first_tensors": "(lambda x: GET(x, (I(0), I(1))))(T('float32', 'empty'))",
    "index_errors/too_many_zero_mid": "(lambda x: SET(x, (0, 0, 0, 0), 2.5))(T('float32', 'zero_mid'))",
    "index_errors/place_after_none": "(lambda x: GET(x, (None, 0)))(T('complex64', 'empty'))",
    "index_errors/place_after_ellipsis": "(lambda x: GET(x, (Ellipsis, 5)))(T('float32', 'cube'))",
    "index_errors/place_after_bool": "(lambda x: SET(x, (True, 0), 7))(T('float32', 'empty'))",
    "index_errors/place_list": "(lambda x: GET(x, [None, 0]))(T('int32', 'empty'))",
    # ----- fixed: a list holding a sequence, slice, None or Ellipsis is read as a tuple with PyTorch's warning
    "sequence_warning/nested": "(lambda x: GET(x, [[0, 1], [1, 0]]))(T('float32', 'mat'))",
    "sequence_warning/none": "(lambda x: GET(x, [None, 0]))(T('float16', 'cube'))",
    "sequence_warning/slice": "(lambda x: GET(x, [slice(None), 0]))(T('int64', 'mat'))",
    "sequence_warning/set": "(lambda x: SET(x, [[0], [1]], 1.0))(T('float32', 'mat'))",
    "sequence_warning/set_refused": "(lambda x: SET(x, [[0, 1], [1, 0]], T('bfloat16', 'vec')[:1]))"
                                    "(T('float16', 'cube'))",
    # ----- fixed: item assignment through index_put_ checks the index, then the shapes, then the dtypes; Python
    # bools are index tensors there, 0-d integer tensors and NumPy integers are ints (a select)
    "setitem_order/shape_before_dtype": "(lambda x: SET(x, (True, 0), lib.zeros(7, dtype=D('complex64'))))"
                                        "(T('float32', 'cube'))",
    "setitem_order/false_shape": "(lambda x: SET(x, (Ellipsis, False), lib.zeros(7, dtype=D('bool'))))"
                                 "(T('bool', 'cube'))",
    "setitem_order/too_many_before_dtype": "(lambda x: SET(x, I([0, 1], 'bool'), lib.zeros(7, dtype=D('int16'))))"
                                           "(T('bool', '0d'))",
    "setitem_order/bounds_before_dtype": "(lambda x: SET(x, I([[-3]]), T('complex64', 'vec')[:1]))"
                                         "(T('bfloat16', 'empty'))",
    "setitem_order/index_dtype_before_dtype": "(lambda x: SET(x, I([0, 2], 'int8'), T('bool', 'vec')[:1]))"
                                              "(T('float16', 'cube'))",
    "setitem_order/mask_shape_before_dtype": "(lambda x: SET(x, (Ellipsis, MK(x[0], 1)), "
                                             "T('complex64', 'vec')[:1]))(T('bfloat16', 'cube'))",
    "setitem_order/zero_d_tensors_select": "(lambda x: SET(x, (I(0), I(1)), lib.zeros(7, dtype=D('complex64'))))"
                                           "(T('float32', 'cube'))",
    "setitem_order/numpy_int_select": "(lambda x: SET(x, np.int64(1), lib.zeros(7, dtype=D('complex64'))))"
                                      "(T('complex64', 'vv'))",
    "setitem_order/bool_index_put_dtype": "(lambda x: SET(x, (True, 0), T('complex64', '0d')))(T('float64', 'mat'))",
    "setitem_order/false_index_put_dtype": "(lambda x: SET(x, (Ellipsis, False), T('float16', '0d')))"
                                           "(T('int32', 'slice'))",
    "setitem_order/mask_complex_value_refused": "(lambda x: SET(x, MK(x, 2), T('complex64', '0d')))"
                                                "(T('float32', 'cube'))",
    "setitem_order/mask_among_ints_fills": "(lambda x: SET(x, (MK(x, 1), 0), T('uint8', 'vec')[:1]))"
                                           "(T('int8', 'mat'))",
    "setitem_order/mask_among_slices_fills": "(lambda x: SET(x, (slice(None), MK(x[0], 1)), T('bool', 'vec')[:1]))"
                                             "(T('float16', 'mat'))",
    # ----- fixed: a value's leading size-1 dims are sliced off (x[0] = torch.ones(1) raised expand's error)
    "leading_ones/into_0d": "(lambda x: SET(x, 0, T('float32', 'vec')[:1]))(T('float32', 'vec'))",
    "leading_ones/into_0d_cast": "(lambda x: SET(x, (-1, 0), T('bfloat16', 'vec')[:1]))(T('bfloat16', 'mat'))",
    "leading_ones/grad": "(lambda x: GSET(x, 0, T('float64', 'vec', 1)[:1]))(T('float64', 'vec'))",
    "leading_ones/advanced_message": "(lambda x: SET(x, I([0, 1]), lib.ones(1, 5)))(T('float32', 'mat'))",
    # ----- fixed: uint8 indices: the deprecation warning in PyTorch's words (none for a 0-d one); in item
    # assignment a 0-d one is an index (it fills), a mask with one value goes to masked_fill_ (refused) after the
    # mask's shape check
    "uint8_setitem/mask_warning": "(lambda x: GET(x, I([1, 0], 'uint8')))(T('float32', 'cube'))",
    "uint8_setitem/zero_d_fills": "(lambda x: SET(x, I(0, 'uint8'), -0.0))(T('float32', '0d'))",
    "uint8_setitem/zero_d_fills_vec": "(lambda x: SET(x, I(1, 'uint8'), 2))(T('float32', 'vec'))",
    "uint8_setitem/mask_shape_first": "(lambda x: SET(x, I([1, 0], 'uint8'), -0.0))(T('float32', 'cube_t'))",
    "uint8_setitem/value_tensor_refused": "(lambda x: SET(x, I([1, 0, 1], 'uint8'), T('float32', '0d')))"
                                          "(T('float32', 'mat'))",
    # ----- fixed: the indexing functions' own checks, in PyTorch's words
    "functions/take_empty": "lib.take(T('float32', 'empty'), I([0, -1, 2]))",
    "functions/put_empty": "T('bfloat16', 'empty').clone().put_(I([0, -1]), T('bfloat16', 'vec')[:2])",
    "functions/take_along_dim_dims": "lib.take_along_dim(T('float32', 'cube'), I([[0]]), -1)",
    "functions/take_along_dim_dims_0d": "lib.take_along_dim(T('int64', '0d'), I([[0], [1], [0]]), 1)",
    "functions/take_along_dim_dims_broadcast": "lib.take_along_dim(T('float32', 'cube'), I([[0], [1], [0]]), 1)",
    "functions/masked_select_uint8": "lib.masked_select(T('float32', 'mat'), MK(T('float32', 'mat'), 99)"
                                     ".to(D('uint8')))",
    "functions/masked_fill_complex_int": "T('int16', 'mat').masked_fill(MK(T('int16', 'mat'), 99), 1j)",
    "functions/masked_fill_complex_half": "T('float16', '0d').masked_fill(MK(T('float16', '0d'), 99), 1j)",
    "functions/index_fill_complex": "T('float32', 'mat').index_fill(0, I([0]), 1j)",
    "functions/index_fill_complex_int": "T('int16', '0d').index_fill(0, I([0]), 1j)",
    # ----- guards: neighbours gradlib already answered as PyTorch
    "guards/one_ellipsis": "(lambda x: GET(x, (Ellipsis, 0)))(T('float32', 'cube'))",
    "guards/lone_zero_0d": "(lambda x: GET(x, 0))(T('float32', '0d'))",
    "guards/slice_0d": "(lambda x: GET(x, slice(None)))(T('float32', '0d'))",
    "guards/advanced_front": "(lambda x: GET(x, (I([0, 1]), slice(None), I([1, 2]))))(T('float32', 'cube'))",
    "guards/int_then_advanced": "(lambda x: GET(x, (0, slice(None), I([0, 1]))))(T('float32', 'cube'))",
    "guards/index_put_accumulate": "T('float32', 'mat').clone().index_put_((I([0, 0]),), T('float32', '0d', 1), "
                                   "accumulate=True)",
    "guards/set_mask_value_cast": "(lambda x: SET(x, MK(x, 2), T('float64', '0d')))(T('float32', 'cube'))",
    "guards/setitem_dtype_refused": "(lambda x: SET(x, I([0, 1]), T('float16', 'vec')[:1]))(T('float32', 'mat'))",
    "guards/basic_cast": "(lambda x: SET(x, 0, T('float64', 'vec')[:4]))(T('float32', 'mat'))",
    "guards/grad_duplicates": "(lambda x: GGET(x, ([0, 0], [1, 1])))(T('float64', 'mat'))",
    "guards/leading_ones_row": "(lambda x: SET(x, 1, T('int64', 'cube')[:1, :1]))(T('int64', 'mat'))",
    "guards/masked_fill_complex_bool": "T('bool', 'mat').masked_fill(MK(T('bool', 'mat'), 99), 1j)",
    "guards/take": "lib.take(T('float32', 'mat'), I([0, -1, 2]))",
    "guards/take_along_dim_flat": "lib.take_along_dim(T('float32', 'mat'), I([0, 1]))",
    "guards/masked_fill_complex_into_complex": "T('complex64', 'mat').masked_fill(MK(T('complex64', 'mat'), 99), 1j)",
}

#: differences the sweep found and gradlib does not follow (tests/test_index16.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/slice_tensor_step_zero": "(lambda x: GET(x, slice(I(0), None, I(0))))(T('float32', 'cube'))",
    "known/index_fill_empty_storage": "T('float32', 'empty').index_fill(0, I([0, 1]), 3)",
    "known/past_the_end_place": "(lambda x: GET(x, (Ellipsis, Ellipsis, 0)))(T('float32', 'empty'))",
    "known/numpy_uint8_mask": "(lambda x: GET(x, N([1, 0], 'uint8')))(T('float32', 'cube'))",
    "known/numpy_float_index": "(lambda x: GET(x, N([0.0, 1.0])))(T('float32', 'cube'))",
    "known/empty_result_bounds": "(lambda x: GET(x, [0, 5]))(T('float32', 'zero_mid'))",
    "known/complex_cast_warning": "(lambda x: SET(x, 0, T('complex64', 'vec')[:1]))(T('int32', 'mat'))",
    "known/scatter_reduce_derivative": "GRAD(lambda x: lib.scatter(x, 0, I([[0, 0]]), x, reduce='add'), "
                                       "T('float64', 'mat').detach().requires_grad_())",
    "known/index_put_too_many_got": "T('float32', '0d').clone().index_put_((I([0, 0]),), T('float32', '0d', 1), "
                                    "accumulate=True)",
    "known/index_dtype_after_count": "(lambda x: GET(x, I([0, 2], 'int8')))(T('float32', '0d'))",
    "known/scatter_reduce_mean_signed_zero": "lib.scatter_reduce(T('bfloat16', 'slice'), 0, I([[0, 0]]), "
                                             "T('bfloat16', 'slice'), 'mean', include_self=False)",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
