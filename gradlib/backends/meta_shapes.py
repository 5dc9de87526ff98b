"""Shape functions of the meta device: NumPy calls on ``MetaArray``s answered from the shapes alone, so that an op
on a meta tensor never makes (or walks) an array of its size. Each function returns the data-less result, or None
where NumPy itself should answer (empty inputs, shapes that do not fit: NumPy raises its own error before it
allocates); the dtype comes from NumPy run on one element of each input.

>>> import gradlib
>>> x = gradlib.empty(2**20, 2**20, device='meta')
>>> x.sum(1).shape, gradlib.cat([x, x]).shape, x.argmax().dtype
(gradlib.Size([1048576]), gradlib.Size([2097152, 1048576]), gradlib.int64)
"""
import numpy

from . import meta_backend


def _small(array):
    """A view of ``array`` with every dim cut to one element (zero-sized dims stay empty)."""
    array = meta_backend._plain(array)
    return array[tuple(slice(0, 1) for _ in array.shape)]


def _axes(axis, ndim):
    """``axis`` (None, an int or a tuple) as a tuple of non-negative dims, or None when out of range / repeated."""
    axes = tuple(range(ndim)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
    try:
        axes = tuple(int(item) + ndim if int(item) < 0 else int(item) for item in axes)
    except TypeError:
        return None
    if any(not 0 <= item < ndim for item in axes) or len(set(axes)) != len(axes):
        return None
    return axes


def _reduced_shape(shape, axes, keepdims):
    return tuple(1 if dim in axes else size for dim, size in enumerate(shape) if keepdims or dim not in axes)


def reduce_or_accumulate(ufunc, method, inputs, kwargs):
    """``ufunc.reduce`` / ``ufunc.accumulate`` of one meta array (axis 0 by default, as NumPy's)."""
    if method not in ("reduce", "accumulate") or len(inputs) != 1 or not isinstance(inputs[0], numpy.ndarray):
        return None
    array = inputs[0]
    if array.size == 0 or isinstance(kwargs.get("where", True), numpy.ndarray):
        return None
    axes = _axes(kwargs.get("axis", 0), array.ndim) if array.ndim else None
    if axes is None or (method == "accumulate" and len(axes) != 1):
        return None
    dtype = getattr(ufunc, method)(_small(array), **kwargs).dtype
    if method == "accumulate":
        return meta_backend.meta_array(array.shape, dtype)
    return meta_backend.meta_array(_reduced_shape(array.shape, axes, kwargs.get("keepdims", False)), dtype)


def _where(condition, *values):
    if len(values) != 2:
        return None  # where(condition) is nonzero: its shape depends on the values
    arrays = (condition,) + values
    if any(isinstance(item, numpy.ndarray) and item.size == 0 for item in arrays):
        return None
    try:
        shape = numpy.broadcast_shapes(*(numpy.shape(item) for item in arrays))
    except ValueError:
        return None
    dtype = numpy.where(*(meta_backend._first(item) for item in arrays)).dtype
    return meta_backend.meta_array(shape, dtype)


def _copyto(dst, src, casting="same_kind", where=True):
    try:
        for item in (src, where):
            numpy.broadcast_to(meta_backend._plain(item), dst.shape)  # views: the shapes are checked, nothing copied
        numpy.copyto(_small(dst), meta_backend._first(src), casting=casting)  # the casting rule is checked
    except (ValueError, TypeError):
        return None
    return True


def _concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    arrays = list(arrays)
    if out is not None or axis is None or not arrays or not all(isinstance(a, numpy.ndarray) for a in arrays):
        return None
    ndim = arrays[0].ndim
    axes = _axes(axis, ndim) if ndim else None
    if axes is None or any(a.ndim != ndim for a in arrays):
        return None
    (axis,) = axes
    others = [a.shape[:axis] + a.shape[axis + 1:] for a in arrays]
    if any(shape != others[0] for shape in others):
        return None
    shape = list(arrays[0].shape)
    shape[axis] = sum(a.shape[axis] for a in arrays)
    small = [numpy.zeros((1,) * ndim, dtype=a.dtype) for a in arrays]
    result_dtype = numpy.concatenate(small, axis=axis, dtype=dtype, casting=casting).dtype
    return meta_backend.meta_array(tuple(shape), result_dtype)


def _pad(array, pad_width, mode="constant", **kwargs):
    if mode != "constant" or not isinstance(array, numpy.ndarray):
        return None
    try:
        widths = numpy.broadcast_to(numpy.asarray(pad_width, dtype=numpy.int64), (array.ndim, 2))
    except ValueError:
        return None
    if (widths < 0).any():
        return None
    shape = tuple(size + int(before) + int(after) for size, (before, after) in zip(array.shape, widths.tolist()))
    return meta_backend.meta_array(shape, array.dtype)


def _same_shape(dtype_of):
    def answer(a, axis=-1, *args, **kwargs):
        if not isinstance(a, numpy.ndarray) or a.size == 0 or (axis is not None and _axes(axis, a.ndim) is None):
            return None
        shape = a.shape if axis is not None else (a.size,)
        return meta_backend.meta_array(shape, dtype_of(a))
    return answer


def _arg_reduction(a, axis=None, out=None, *, keepdims=False):
    if out is not None or not isinstance(a, numpy.ndarray) or a.size == 0:
        return None
    axes = _axes(axis, a.ndim) if a.ndim or axis is None else None
    if axes is None or len(axes) != 1 and axis is not None:
        return None
    if axis is None:
        shape = (1,) * a.ndim if keepdims else ()
    else:
        shape = _reduced_shape(a.shape, axes, keepdims)
    return meta_backend.meta_array(shape, numpy.dtype(numpy.intp))


def _cumulative(a, axis=None, dtype=None, out=None):
    if out is not None or not isinstance(a, numpy.ndarray) or a.size == 0:
        return None
    if axis is not None and _axes(axis, a.ndim) is None:
        return None
    result_dtype = numpy.cumsum(_small(a), dtype=dtype).dtype
    return meta_backend.meta_array(a.shape if axis is not None else (a.size,), result_dtype)


def _take_along_axis(arr, indices, axis=-1):
    if not (isinstance(arr, numpy.ndarray) and isinstance(indices, numpy.ndarray)) or axis is None \
            or arr.ndim != indices.ndim or _axes(axis, arr.ndim) is None:
        return None
    (axis,) = _axes(axis, arr.ndim)
    try:
        shape = numpy.broadcast_shapes(arr.shape[:axis] + (indices.shape[axis],) + arr.shape[axis + 1:], indices.shape)
    except ValueError:
        return None
    return meta_backend.meta_array(shape, arr.dtype)


def arange(*args, dtype=None, **kwargs):
    """``numpy.arange`` on the meta device: its length from the bounds (NumPy's own count where it raises), its
    dtype from a one-step range."""
    bounds = list(args) + [kwargs.pop(name) for name in ("start", "stop", "step") if name in kwargs]
    start, stop, step = (0, bounds[0], 1) if len(bounds) == 1 else (list(bounds) + [1])[:3]
    try:
        dtype = numpy.arange(start, start + step, step, dtype=dtype).dtype
        if all(isinstance(item, int) for item in (start, stop, step)):
            length = max(0, -(-(stop - start) // step))
        else:
            length = max(0, int(numpy.ceil((stop - start) / step)))
    except (TypeError, ValueError, ZeroDivisionError):
        return meta_backend._dataless(numpy.arange(*args, dtype=dtype, **kwargs))
    return meta_backend.meta_array((length,), dtype)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, **kwargs):
    """``numpy.linspace`` on the meta device (scalar bounds): ``num`` elements of the dtype of a two-point one."""
    small = numpy.linspace(start, stop, 2, endpoint, retstep, dtype, axis)
    if numpy.ndim(start) or numpy.ndim(stop) or num < 0:
        return meta_backend._dataless(numpy.linspace(start, stop, num, endpoint, retstep, dtype, axis))
    array = meta_backend.meta_array((int(num),), (small[0] if retstep else small).dtype)
    return (array, small[1]) if retstep else array


def eye(n, m=None, k=0, dtype=float, **kwargs):
    """``numpy.eye`` on the meta device: an (n, m) meta array."""
    return meta_backend.meta_array((n, n if m is None else m), numpy.dtype(dtype))


def _take(a, indices, axis=None, out=None, mode="raise"):
    if out is not None or not isinstance(a, numpy.ndarray) or a.size == 0:
        return None
    index_shape = numpy.shape(indices)
    if axis is None:
        return meta_backend.meta_array(index_shape, a.dtype)
    axes = _axes(axis, a.ndim)
    if axes is None:
        return None
    (axis,) = axes
    return meta_backend.meta_array(a.shape[:axis] + index_shape + a.shape[axis + 1:], a.dtype)


def _like(a, *args, dtype=None, shape=None, **kwargs):
    if not isinstance(a, numpy.ndarray):
        return None
    return meta_backend.meta_array(a.shape if shape is None else meta_backend._shape(shape),
                                   a.dtype if dtype is None else numpy.dtype(dtype))


def _triangle(m, k=0):
    if not isinstance(m, numpy.ndarray) or m.ndim < 2:
        return None
    return meta_backend.meta_array(m.shape, m.dtype)


def _repeat(a, repeats, axis=None):
    if not isinstance(a, numpy.ndarray):
        return None
    return a.repeat(repeats, axis)


_FUNCTIONS = {
    numpy.empty_like: _like,
    numpy.zeros_like: _like,
    numpy.ones_like: _like,
    numpy.full_like: lambda a, fill_value, *args, **kwargs: _like(a, *args, **kwargs),
    numpy.tril: _triangle,
    numpy.triu: _triangle,
    numpy.repeat: _repeat,
    numpy.take: _take,
    numpy.take_along_axis: _take_along_axis,
    numpy.where: _where,
    numpy.concatenate: _concatenate,
    numpy.pad: _pad,
    numpy.sort: _same_shape(lambda a: a.dtype),
    numpy.argsort: _same_shape(lambda a: numpy.dtype(numpy.intp)),
    numpy.argmax: _arg_reduction,
    numpy.argmin: _arg_reduction,
    numpy.cumsum: _cumulative,
    numpy.cumprod: _cumulative,
}


def array_function(func, args, kwargs):
    """The data-less answer of NumPy function ``func``, or None where the caller runs NumPy. ``copyto`` answers
    True (it returns nothing). NumPy's own Python-written functions (``stack``, ``mean``...) run with the meta
    arrays, so the NumPy calls inside them come back here and to the ufunc hook."""
    if func is numpy.copyto:
        return _copyto(*args, **kwargs)
    shape_function = _FUNCTIONS.get(func)
    if shape_function is not None:
        try:
            return shape_function(*args, **kwargs)
        except TypeError:
            return None
    return None
