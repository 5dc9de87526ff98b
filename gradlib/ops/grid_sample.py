"""grid_sample and affine_grid nodes: PyTorch's ``GridSampler2DBackward0`` / ``GridSampler3DBackward0`` and
``AffineGridGeneratorBackward0``.

How grid_sample is written so that every order of gradient works: each output point reads the input at a few
corner cells (4 for bilinear in 2-D, 8 in 3-D, 16 taps for bicubic, 1 for nearest). Along each spatial dim the
sampling coordinate is a piecewise-linear function of the grid value (unnormalizing, then the padding mode's clip
or reflection; bicubic pads each tap's cell instead), so the forward records it as ``coord = slope * grid + offset`` with constant arrays ``slope`` (0 where clipped, negative
where reflected) and ``offset``, together with the floor of ``coord`` and each corner's in-bounds mask. Given
those constants the output is a polynomial in the grid values times a gather from the input, and the backward
formulas below (a gather, an index_add, products) are written against the primitives namespace: raw arrays on
the fast path, differentiable gradlib functions under create_graph.
"""
import itertools

from .. import _creation

from ._op import Op

__all__ = ["GridSampler2DBackward0", "GridSampler3DBackward0", "AffineGridGeneratorBackward0", "base_grid"]


def _clip(xp, coord, size):
    """PyTorch's clip_coordinates_set_grad: (clipped coord, its slope): 0 at and beyond the borders."""
    inside = (coord > 0) & (coord < size - 1)
    clipped = xp.where(coord <= 0, 0, xp.where(coord >= size - 1, size - 1, coord))
    return clipped.astype(coord.dtype), inside.astype(coord.dtype)


def _reflect(xp, coord, twice_low, twice_high):
    """PyTorch's reflect_coordinates_set_grad: (reflected coord, its slope +-1)."""
    if twice_low == twice_high:
        return xp.zeros_like(coord), xp.zeros_like(coord)
    low = twice_low / 2
    span = (twice_high - twice_low) / 2
    shifted = coord - low
    sign = xp.where(shifted < 0, -1, 1).astype(coord.dtype)
    shifted = shifted * sign
    flips = xp.floor(shifted / span)
    extra = xp.fmod(shifted, span)
    even = flips % 2 == 0
    reflected = xp.where(even, extra + low, span - extra + low).astype(coord.dtype)
    return reflected, xp.where(even, sign, -sign)


def _coordinates(xp, grid_values, size, padding_mode, align_corners, planar):
    """(source coordinate, slope d coord / d grid) along one dim, as PyTorch's grid_sampler_compute_source_index.

    The coordinate is rounded as PyTorch's CPU kernels round it: for a 2-D float32/float64 grid (``planar``) its
    vectorized kernel computes ``(g + 1) * (size / 2) - 0.5`` as one fused multiply-add (``(g + 1) *
    ((size - 1) / 2)`` with ``align_corners``), the generic kernel (3-D, float16) ``((g + 1) * size - 1) / 2``
    (``((g + 1) / 2) * (size - 1)``). They differ in the last bit, and a grid point on a cell center (an identity
    ``affine_grid``) then floors to one cell or its neighbour: which side of the bilinear kink the gradient
    takes."""
    dtype = grid_values.dtype
    scale = (size - 1) / 2 if align_corners else size / 2
    if planar and dtype in (xp.float32, xp.float64):  # the vectorized kernel's types; float16 takes the generic one
        shifted = grid_values + 1
        if align_corners:
            coord = shifted * xp.asarray(scale, dtype=dtype)
        elif dtype == xp.float64:
            coord = _creation.fused_multiply_add(xp, shifted, xp.asarray(scale, dtype=dtype), -0.5)
        else:  # float32: the product and the difference are exact in float64, rounded once
            coord = shifted.astype(xp.float64) * scale - 0.5
    elif align_corners:
        coord = ((grid_values + 1) / 2) * (size - 1)
    else:
        coord = ((grid_values + 1) * size - 1) / 2
    slope = xp.full(grid_values.shape, scale, dtype=dtype)
    coord = coord.astype(dtype)
    if padding_mode == "border":
        coord, clip_slope = _clip(xp, coord, size)
        slope = slope * clip_slope
    elif padding_mode == "reflection":
        if align_corners:
            coord, reflect_slope = _reflect(xp, coord, 0, 2 * (size - 1))
        else:
            coord, reflect_slope = _reflect(xp, coord, -1, 2 * size - 1)
        coord, clip_slope = _clip(xp, coord, size)
        slope = slope * reflect_slope * clip_slope
    return coord, slope


class GridSampler2DBackward0(Op):
    """y = grid_sample(x, grid) for (N, C, *in_spatial) ``x`` and (N, *out_spatial, dims) ``grid`` (dims 2 or 3,
    ``grid[..., 0]`` indexing the last input dim), ``mode`` 'bilinear', 'nearest' or 'bicubic' (2-D)."""

    __slots__ = ("corners", "dims", "mode")
    saved_names = ('input', 'grid')
    # PyTorch's GridSamplerInterpolation enum; padding_mode and align_corners are not kept
    saved_scalars = {"interpolation_mode": lambda node: ("bilinear", "nearest", "bicubic").index(node.mode)}
    promote = False
    float16_in_float32 = False  # PyTorch's CPU grid_sampler computes Half step by step (Op.float16_in_float32)

    @staticmethod
    def forward(ctx, xp, x, grid, mode, padding_mode, align_corners):
        n, c = x.shape[:2]
        spatial = x.shape[2:]
        dims = len(spatial)
        out_spatial = grid.shape[1:-1]
        ctx.dims, ctx.mode = dims, mode
        if x.size == 0 or grid.size == 0:  # nothing to read or nothing to write: zeros, gradients zeros
            ctx.corners = None
            ctx.save_for_backward(x, grid)
            return xp.zeros((n, c) + tuple(out_spatial), dtype=x.dtype)
        points = grid.reshape(n, -1, dims)
        slopes, offsets, floors = [], [], []
        for axis in range(dims):  # grid value ``axis`` indexes input dim -(axis + 1)
            values = points[:, :, axis]
            # bicubic pads each tap's cell, not the coordinate (PyTorch's get_value_bounded)
            coord_padding = "zeros" if mode == "bicubic" else padding_mode
            coord, slope = _coordinates(xp, values, spatial[dims - 1 - axis], coord_padding, align_corners,
                                        dims == 2)
            slopes.append(slope)
            offsets.append(coord - slope * values)
            floors.append(xp.rint(coord) if mode == "nearest" else xp.floor(coord))
        rows = x.reshape(n, c, -1).swapaxes(1, 2).reshape(-1, c)  # (N * cells, C)
        batch_start = (xp.arange(n) * _cells(spatial)).reshape(n, 1)
        corners = []  # (flat row index, in-bounds mask) per corner
        for bits in _corner_bits(dims, mode):
            index = batch_start
            valid = None
            stride = 1
            for axis in range(dims):
                size = spatial[dims - 1 - axis]
                cell = floors[axis] + bits[axis]
                if mode == "bicubic":  # taps at floor - 1 .. floor + 2, each padded as a coordinate
                    cell = cell - 1
                    if padding_mode != "zeros":
                        cell = xp.trunc(_coordinates_of_cell(xp, cell, size, padding_mode, align_corners))
                inside = (cell >= 0) & (cell <= size - 1)
                valid = inside if valid is None else valid & inside
                index = index + xp.where(inside, cell, 0).astype(xp.int64) * stride
                stride *= size
            corners.append((xp.where(valid, index, 0).reshape(-1), valid.astype(x.dtype)))
        ctx.corners = [index for index, _ in corners]
        masks = xp.stack([mask for _, mask in corners])
        fractions = [points[:, :, axis] * slopes[axis] + offsets[axis] - floors[axis] for axis in range(dims)]
        out = None
        for k, bits in enumerate(_corner_bits(dims, mode)):
            weight = _weight(fractions, bits, mode) if mode != "nearest" else 1
            read = rows[corners[k][0]].reshape(n, -1, c)
            # a corner outside reads nothing (not 0 times the cell its index was clamped to, which may be NaN)
            term = xp.where(masks[k][:, :, None] != 0, read * xp.asarray(weight, dtype=x.dtype)[..., None], 0)
            out = term if out is None else out + term
        ctx.save_for_backward(x, grid, masks, xp.stack(slopes), xp.stack(offsets), xp.stack(floors))
        return out.astype(x.dtype, copy=False).swapaxes(1, 2).reshape((n, c) + tuple(out_spatial))

    @staticmethod
    def backward(ctx, P, grad):
        needs = ctx.needs_input_grad
        if ctx.corners is None:
            x, grid = P.saved(ctx)
            return P.zeros_like(x) if needs[0] else None, P.zeros_like(grid) if needs[1] else None
        x, grid, masks, slopes, offsets, floors = P.saved(ctx)
        dims = ctx.dims
        n, c = tuple(x.shape[:2])
        spatial = tuple(x.shape[2:])
        out_grad = P.swapaxes(P.reshape(grad, (n, c, -1)), 1, 2)  # (N, points, C)
        bits_list = _corner_bits(dims, ctx.mode)
        if ctx.mode == "nearest":
            fractions = None
            weights = [masks[k] for k in range(len(bits_list))]
        else:
            points = P.reshape(grid, (n, -1, dims))
            fractions = [points[:, :, axis] * slopes[axis] + offsets[axis] - floors[axis] for axis in range(dims)]
            weights = [_weight(fractions, bits, ctx.mode) * masks[k] for k, bits in enumerate(bits_list)]
        grad_x = grad_grid = None
        if needs[0]:
            xp = ctx.xp
            index = xp.concatenate(ctx.corners)
            values = P.cat([P.reshape(out_grad * P.expand_dims(w, -1), (-1, c)) for w in weights], 0)
            rows = P.index_add((n * _cells(spatial), c), (index,), values, True)
            grad_x = P.reshape(P.swapaxes(P.reshape(rows, (n, -1, c)), 1, 2), tuple(x.shape))
        if len(needs) > 1 and needs[1]:
            if fractions is None:  # nearest: the output does not move with the grid
                grad_grid = P.zeros_like(grid)
            else:
                rows = P.reshape(P.swapaxes(P.reshape(x, (n, c, -1)), 1, 2), (-1, c))
                per_axis = [None] * dims
                for k, bits in enumerate(bits_list):
                    read = P.reshape(rows[(ctx.corners[k],)], (n, -1, c))
                    along = P.where(masks[k] != 0, P.sum(out_grad * read, -1), 0.0)  # d loss / d weight_k
                    for axis in range(dims):
                        term = along * _weight_slope(fractions, bits, axis, ctx.mode)
                        per_axis[axis] = term if per_axis[axis] is None else per_axis[axis] + term
                columns = [P.expand_dims(per_axis[axis] * slopes[axis], -1) for axis in range(dims)]
                grad_grid = P.reshape(P.cat(columns, -1), tuple(grid.shape))
        return grad_x, grad_grid


class GridSampler3DBackward0(GridSampler2DBackward0):
    """grid_sample of (N, C, D, H, W) input: the same node under PyTorch's 3-D name."""

    __slots__ = ()
    saved_names = ('input', 'grid')


def _cells(spatial):
    total = 1
    for size in spatial:
        total *= size
    return total


def _coordinates_of_cell(xp, cell, size, padding_mode, align_corners):
    """PyTorch's compute_coordinates of a bicubic tap's (integer) cell: clipped ('border') or reflected and
    clipped ('reflection')."""
    if padding_mode == "reflection":
        if align_corners:
            cell, _ = _reflect(xp, cell, 0, 2 * (size - 1))
        else:
            cell, _ = _reflect(xp, cell, -1, 2 * size - 1)
    cell, _ = _clip(xp, cell, size)
    return cell


def _corner_bits(dims, mode):
    """Each corner's offset from the floor along each dim: 0 or 1 (bilinear), 0 to 3 for the taps at floor - 1 to
    floor + 2 (bicubic); nearest reads the rounded cell only."""
    if mode == "nearest":
        return [(0,) * dims]
    return list(itertools.product(range(4) if mode == "bicubic" else (0, 1), repeat=dims))


# bicubic: PyTorch's cubic convolution coefficients (A = -0.75) of the four taps as polynomials in the fraction t
# (get_cubic_upsample_coefficients), and their derivatives
_A = -0.75


def _cubic_near(x):  # cubic_convolution1, |x| <= 1
    return ((_A + 2) * x - (_A + 3)) * x * x + 1


def _cubic_near_slope(x):
    return (3 * (_A + 2) * x - 2 * (_A + 3)) * x


def _cubic_far(x):  # cubic_convolution2, 1 < |x| < 2
    return ((_A * x - 5 * _A) * x + 8 * _A) * x - 4 * _A


def _cubic_far_slope(x):
    return (3 * _A * x - 10 * _A) * x + 8 * _A


def _factor(t, bit, mode):
    if mode == "bicubic":
        return (_cubic_far(t + 1), _cubic_near(t), _cubic_near(1 - t), _cubic_far(2 - t))[bit]
    return t if bit else 1 - t


def _factor_slope(t, bit, mode):
    if mode == "bicubic":
        return (_cubic_far_slope(t + 1), _cubic_near_slope(t), -_cubic_near_slope(1 - t),
                -_cubic_far_slope(2 - t))[bit]
    return 1 if bit else -1


def _weight(fractions, bits, mode):
    """The corner's interpolation weight: the product over dims of its tap's factor (bilinear: the fraction past
    the floor where the corner is above it, else one less it)."""
    weight = None
    for axis, bit in enumerate(bits):
        factor = _factor(fractions[axis], bit, mode)
        weight = factor if weight is None else weight * factor
    return weight


def _weight_slope(fractions, bits, axis, mode):
    """d weight / d fraction[axis] for the corner ``bits``."""
    slope = _factor_slope(fractions[axis], bits[axis], mode)
    for other, bit in enumerate(bits):
        if other != axis:
            slope = _factor(fractions[other], bit, mode) * slope
    return slope


def base_grid(xp, spatial, dtype, align_corners):
    """PyTorch's affine_grid base: (cells, dims + 1) rows (x, y[, z], 1) with x along the last dim, each in
    [-1, 1] (cell centers when not ``align_corners``)."""
    dims = len(spatial)
    axes = []
    for size in spatial:
        if size <= 1:  # PyTorch's linspace_from_neg_one: a single cell sits at 0
            steps = xp.zeros((1,), dtype=dtype)
        else:
            # PyTorch's own linspace to the last bit: a grid point on a cell center picks the same side for the
            # gradient of bilinear sampling as in PyTorch (NumPy's linspace rounds some points the other way)
            steps = _creation.linspace_array(xp, -1, 1, size, dtype)
            if not align_corners:
                steps = steps * (size - 1) / size
        axes.append(steps)
    mesh = xp.meshgrid(*axes, indexing="ij")  # one array per input dim, first dim first
    columns = [mesh[dims - 1 - axis].reshape(-1) for axis in range(dims)]
    columns.append(xp.ones(_cells(spatial), dtype=dtype))
    return xp.stack(columns, axis=-1)


class AffineGridGeneratorBackward0(Op):
    """grid = affine_grid(theta, size): the base grid's rows times theta^T, (N, *spatial, dims). The gradient is
    grad^T times the base grid (matmuls, differentiable again)."""

    __slots__ = ("spatial",)
    float16_in_float32 = False  # the float16 grid as PyTorch's CPU kernels build it (Op.float16_in_float32)

    @staticmethod
    def forward(ctx, xp, theta, spatial, align_corners):
        base = base_grid(xp, spatial, theta.dtype, align_corners)
        ctx.spatial = spatial
        ctx.save_for_backward(base)
        out = xp.matmul(base, theta.swapaxes(1, 2))  # (N, cells, dims)
        return out.reshape((theta.shape[0],) + tuple(spatial) + (theta.shape[1],))

    @staticmethod
    def backward(ctx, P, grad):
        (base,) = P.saved(ctx)
        n, dims = ctx.input_shape(0)[:2]
        rows = P.reshape(grad, (n, -1, dims))
        return P.matmul(P.swapaxes(rows, 1, 2), base)

