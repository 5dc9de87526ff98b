"""PyTorch's CPU random stream, bit for bit: the generator behind every CPU draw.

PyTorch's CPU generator (``CPUGeneratorImpl``) is a 32-bit Mersenne Twister (mt19937) seeded by
``init_genrand(seed & 0xffffffff)``; ``random()`` is one 32-bit output, ``random64()`` two (the first is the
high word). NumPy's ``MT19937`` bit generator runs the same recurrence, so its ``random_raw`` gives the same
32-bit stream vectorized; this module turns raw words into PyTorch's numbers with PyTorch's transformations,
in PyTorch's order and precision (``ATen/core/TransformationHelper.h``, ``DistributionsHelper.h``,
``native/cpu/DistributionTemplates.h``):

- uniform float32: ``(r & (2**24 - 1)) * 2**-24`` from one word, float64: ``(r64 & (2**53 - 1)) * 2**-53``;
  float16 keeps 11 bits; then ``x * (to - from) + from``, which PyTorch's compiler fuses into one FMA
  (emulated exactly here: ``_fma32``/``_fma64``).
- normal: a contiguous tensor of 16 or more elements is filled with uniforms then Box-Muller in blocks of 16
  (``u1 = 1 - data[j]``, ``u2 = data[j + 8]``), the tail recomputing the last 16 with 16 fresh uniforms;
  float32 goes through ``normal_fill_AVX2`` (x86 dispatch: the AVX512 build registers no normal kernel and
  falls back to AVX2), whose ``log256_ps``/``sincos256_ps`` (Cephes polynomials) are replayed operation by
  operation in float32, with the FMAs the compiler makes of them. Smaller tensors use the scalar
  ``normal_distribution<double>`` (two float64 uniforms, the second normal cached in the generator).
- integers: ``random() % range + from`` (``random64()`` when the range reaches 2**32); ``random_()`` takes the
  dtype's range; ``randperm`` is PyTorch's Fisher-Yates on ``random() % (n - i)``.
- bernoulli with a float p: float64 uniform ``< p`` (the non-MKL kernel, which PyTorch uses on AMD CPUs;
  Intel CPUs take MKL's MCG31 stream: see the README); with a tensor p: float64 uniforms for float64 p,
  float32 uniforms otherwise; exponential: ``-1/lambda * log1p(-u)`` from float64 uniforms.

What PyTorch computes with the C library's float64 ``log``/``log1p``/``tan`` is computed here with ``math``'s (the
same C functions, called per value: NumPy's differ in the last bit now and then); ``cos``/``sin`` with NumPy's,
which agree with the C library's on every value checked.
"""
import math

import numpy

from .. import dtypes

#: PyTorch's seed for a new generator (``default_rng_seed_val``)
DEFAULT_SEED = 67280421310721
#: the size of PyTorch's CPU generator state (``torch.get_rng_state().numel()``)
STATE_BYTES = 5056
_STATE_N = 624

_F32 = numpy.float32
_F64 = numpy.float64
_BLOCKS_PER_SLICE = 2048  # 16 K values a slice: each pass over it stays in the L2 cache
_MASK24 = numpy.uint64(0xFFFFFF)
_MASK53 = numpy.uint64((1 << 53) - 1)
_MASK11 = numpy.uint64(0x7FF)
_GAMMA_SQUEEZE = float(numpy.float32(0.0331))  # ``0.0331f`` in sample_gamma's squeeze test


def _genrand_key(seed):
    """mt19937's ``init_genrand``: the 624 words of state for a 32-bit seed."""
    key = [seed & 0xFFFFFFFF]
    for index in range(1, _STATE_N):
        previous = key[-1]
        key.append((1812433253 * (previous ^ (previous >> 30)) + index) & 0xFFFFFFFF)
    return numpy.array(key, dtype=numpy.uint32)


class CPUGenerator:
    """One PyTorch CPU generator: an mt19937 stream, its seed and the cached second normal sample."""

    __slots__ = ("_bits", "_numpy", "_seed", "_fresh", "next_double_normal", "next_float_normal")

    def __init__(self, seed=DEFAULT_SEED):
        self._bits = numpy.random.MT19937(0)
        self._numpy = numpy.random.Generator(self._bits)  # draws NumPy's distributions from the same stream
        self.manual_seed(seed)

    # ----- seeding and state -----------------------------------------------------------------------------------
    def manual_seed(self, seed):
        seed = int(seed) & 0xFFFF_FFFF_FFFF_FFFF
        self._seed = seed
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": _genrand_key(seed), "pos": _STATE_N}}
        self._fresh = True  # PyTorch's state says next=0 until the first draw (left=1 either way)
        self.next_double_normal = None
        self.next_float_normal = None
        return self

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """PyTorch's 5056-byte CPU state (``CPUGeneratorImplState``) as a NumPy uint8 array."""
        state = numpy.zeros(STATE_BYTES, dtype=numpy.uint8)
        bits = self._bits.state["state"]
        position = int(bits["pos"])
        header = numpy.array([self._seed], dtype=numpy.uint64).view(numpy.uint8)
        state[0:8] = header
        state[8:12] = numpy.array([_STATE_N + 1 - position], dtype=numpy.int32).view(numpy.uint8)  # left
        state[12:16] = numpy.array([1], dtype=numpy.int32).view(numpy.uint8)  # seeded
        state[16:24] = numpy.array([0 if self._fresh else position], dtype=numpy.uint64).view(numpy.uint8)
        state[24:24 + 8 * _STATE_N] = numpy.asarray(bits["key"], dtype=numpy.uint64).view(numpy.uint8)
        if self.next_double_normal is not None:
            state[5024:5032] = numpy.array([self.next_double_normal], dtype=_F64).view(numpy.uint8)  # normal_y
            state[5040:5044] = numpy.array([1], dtype=numpy.int32).view(numpy.uint8)  # normal_is_valid
        if self.next_float_normal is not None:
            state[5048:5052] = numpy.array([self.next_float_normal], dtype=_F32).view(numpy.uint8)
            state[5052] = 1
        return state

    def set_state(self, state):
        """Restore a state from ``get_state`` (or PyTorch's ``get_rng_state``); ValueError for a bad one."""
        state = numpy.ascontiguousarray(state, dtype=numpy.uint8).reshape(-1)
        if state.size not in (STATE_BYTES, 5048):
            raise ValueError("RNG state is wrong size")
        seed = int(state[0:8].view(numpy.uint64)[0])
        left = int(state[8:12].view(numpy.int32)[0])
        next_position = int(state[16:24].view(numpy.uint64)[0])
        if not 1 <= left <= _STATE_N or next_position > _STATE_N:
            raise ValueError("The invalid state")
        key = state[24:24 + 8 * _STATE_N].view(numpy.uint64).astype(numpy.uint32)
        self._seed = seed
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": _STATE_N + 1 - left}}
        self._fresh = left == 1 and next_position == 0
        valid = int(state[5040:5044].view(numpy.int32)[0])
        self.next_double_normal = float(state[5024:5032].view(_F64)[0]) if valid else None
        self.next_float_normal = None
        if state.size == STATE_BYTES and state[5052]:
            self.next_float_normal = float(state[5048:5052].view(_F32)[0])

    # ----- raw words ---------------------------------------------------------------------------------------------
    def raw32(self, count):
        """``count`` draws of ``random()`` (uint64 array of 32-bit values)."""
        self._fresh = False
        return self._bits.random_raw(count)

    def raw64(self, count):
        """``count`` draws of ``random64()``: two words each, the first the high one."""
        words = self.raw32(2 * count)
        return (words[0::2] << numpy.uint64(32)) | words[1::2]

    def numpy_generator(self):
        """A NumPy Generator drawing from this stream (for distributions PyTorch's numbers are not reproduced
        for: they still advance the same stream)."""
        self._fresh = False
        return self._numpy

    # ----- uniform -------------------------------------------------------------------------------------------
    def uniform01(self, count, np_dtype):
        """PyTorch's ``uniform_real_distribution<T>(0, 1)`` values: float64 for float64, float32 otherwise
        (float16 draws float32 values, rounded when stored)."""
        if np_dtype == _F64:
            return (self.raw64(count) & _MASK53).astype(_F64) * _F64(2.0 ** -53)
        return (self.raw32(count) & _MASK24).astype(_F32) * _F32(2.0 ** -24)

    def uniform(self, shape, np_dtype, low=0.0, high=1.0):
        """``uniform_(low, high)`` on a new tensor of ``shape`` and floating ``np_dtype``."""
        np_dtype = numpy.dtype(np_dtype)
        count = math.prod(shape)
        values = self.uniform01(count, np_dtype)
        if np_dtype == _F64:
            if (low, high) != (0.0, 1.0):
                values = _fma64(values, _F64(high) - _F64(low), _F64(low))
        else:
            start = _F32(low)  # float16 computes in float32 from float32 bounds, then rounds
            width = _F32(_F32(high) - start)
            if (low, high) != (0.0, 1.0):
                values = _fma32(values, _F32(width), _F32(start))
        values = values.astype(np_dtype, copy=False)
        if np_dtype.itemsize == 2:  # rounded up to ``high``: PyTorch keeps [low, high) by giving ``low``
            values[values == np_dtype.type(high)] = np_dtype.type(low)
        return values.reshape(shape)

    # ----- normal --------------------------------------------------------------------------------------------
    def normal(self, shape, np_dtype, mean=0.0, std=1.0, contiguous=True):
        """``normal_(mean, std)`` on a new tensor of ``shape`` and floating ``np_dtype``."""
        np_dtype = numpy.dtype(np_dtype)
        count = math.prod(shape)
        if count >= 16 and contiguous and dtypes.is_low_extension(np_dtype):
            # bfloat16: PyTorch's CPU kernel fills whole blocks of 16 in float32 (float32's kernel), the last
            # block from 16 fresh uniforms placed over the last 16 values, then rounds once (measured: it draws
            # no uniforms for the remainder before the last block, unlike float32's normal_fill)
            blocks = -(-count // 16) * 16
            values = self.normal((blocks,), _F32, mean, std)
            if blocks != count:
                values = numpy.concatenate((values[:count - 16], values[blocks - 16:]))
            return values.astype(np_dtype).reshape(shape)
        if np_dtype.itemsize == 2 and count >= 16 and contiguous:
            # float16: float32's kernel, then rounded (PyTorch's last block differs when count % 16: README)
            return self.normal(shape, _F32, mean, std).astype(np_dtype)
        if count >= 16 and contiguous:
            if np_dtype == _F32:
                values = self._normal_fill_avx2(count, _F32(mean), _F32(std))
            else:
                values = self._normal_fill(count, np_dtype, mean, std)
        else:
            values = numpy.array([self.scalar_normal(mean, std) for _ in range(count)], dtype=_F64)
            if np_dtype.itemsize == 2:  # static_cast<BFloat16>(double): through float, as c10's constructor
                values = values.astype(_F32)
        return values.astype(np_dtype, copy=False).reshape(shape)

    def scalar_normal(self, mean=0.0, std=1.0):
        """One ``normal_distribution<double>(mean, std)`` draw (Box-Muller, the sine half cached)."""
        if self.next_double_normal is not None:
            cached = self.next_double_normal
            self.next_double_normal = None
            return _fma_scalar(cached, std, mean)
        u1, u2 = self.uniform01(2, _F64).tolist()
        radius = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        self.next_double_normal = radius * math.sin(theta)
        return _fma_scalar(radius * math.cos(theta), std, mean)

    def _normal_fill(self, count, np_dtype, mean, std):
        return self._blocks_of_16(count, np_dtype, lambda u1, u2: _box_muller(u1, u2, np_dtype, mean, std))

    def _normal_fill_avx2(self, count, mean, std):
        return self._blocks_of_16(count, _F32, lambda u1, u2: _box_muller_avx2(u1, u2, mean, std))

    def _blocks_of_16(self, count, np_dtype, transform):
        """PyTorch's ``normal_fill``: ``count`` uniforms, each block of 16 turned into normals by ``transform``
        (its first 8 and last 8 values), then the last 16 redone from 16 fresh uniforms when ``count % 16``.
        Done a slice of blocks at a time, so the many passes over the data stay in cache."""
        data = self.uniform01(count, np_dtype)
        blocks = data[:count - count % 16].reshape(-1, 16)
        for start in range(0, len(blocks), _BLOCKS_PER_SLICE):
            part = blocks[start:start + _BLOCKS_PER_SLICE]
            first, second = transform(part[:, :8].reshape(-1), part[:, 8:].reshape(-1))
            part[:, :8] = first.reshape(-1, 8)
            part[:, 8:] = second.reshape(-1, 8)
        if count % 16:
            tail = self.uniform01(16, np_dtype)
            data[count - 16:count - 8], data[count - 8:] = transform(tail[:8], tail[8:])
        return data

    # ----- integers ------------------------------------------------------------------------------------------
    def integers(self, low, high, shape, np_dtype=numpy.int64):
        """``random_(low, high)``: ``random() % (high - low) + low`` (``random64()`` for ranges of 2**32 or
        more, for 64-bit and float dtypes as PyTorch)."""
        np_dtype = numpy.dtype(np_dtype)
        count = math.prod(shape) if not isinstance(shape, int) else shape
        span = int(high) - int(low)
        wide = span >= 1 << 32 and np_dtype in (numpy.dtype(numpy.int64), numpy.dtype(_F64), numpy.dtype(_F32))
        words = self.raw64(count) if wide else self.raw32(count)
        offsets = (words % numpy.uint64(span)).astype(numpy.int64)
        values = offsets + numpy.int64(low) if low else offsets
        return _cast_integers(values, np_dtype).reshape(shape)

    def full_range(self, shape, np_dtype):
        """``random_()`` without bounds: the dtype's range (``[0, 2**mantissa]`` for floats)."""
        np_dtype = numpy.dtype(np_dtype)
        count = math.prod(shape)
        if np_dtype == numpy.bool_:
            return (self.raw32(count) & numpy.uint64(1)).astype(numpy.bool_).reshape(shape)
        if np_dtype in (numpy.dtype(numpy.int64), numpy.dtype(_F64)):
            words = self.raw64(count)
        else:
            words = self.raw32(count)
        if dtypes.floating_np(np_dtype):
            modulus = (1 << {2: 11, 4: 24, 8: 53}[np_dtype.itemsize]) + 1
        else:
            modulus = int(numpy.iinfo(np_dtype).max) + 1
        values = words % numpy.uint64(modulus)
        return values.astype(np_dtype).reshape(shape)

    def randperm(self, n):
        """PyTorch's CPU randperm: Fisher-Yates swapping ``i`` with ``i + random() % (n - i)``."""
        order = list(range(n))
        if n < 2:
            return numpy.array(order, dtype=numpy.int64)
        if n >= 0xFFFFFFFF // 20:
            raise NotImplementedError("randperm(n) for n >= 2**32 / 20 (PyTorch's random64 path) is not reproduced")
        picks = (self.raw32(n - 1) % numpy.arange(n, 1, -1, dtype=numpy.uint64)).tolist()
        for i, pick in enumerate(picks):
            j = i + pick
            order[i], order[j] = order[j], order[i]
        return numpy.array(order, dtype=numpy.int64)

    # ----- other distributions -------------------------------------------------------------------------------
    def bernoulli(self, shape, p):
        """``bernoulli_(p)`` for a float ``p``: float64 uniforms ``< p`` (booleans)."""
        return (self.uniform01(math.prod(shape), _F64) < p).reshape(shape)

    def bernoulli_tensor(self, probability):
        """``bernoulli_(p)`` for a probability array: float64 uniforms for float64 ``p``, float32 ones
        otherwise, compared with each element in order (booleans)."""
        kind = _F64 if probability.dtype == _F64 else _F32
        uniforms = self.uniform01(probability.size, kind).reshape(probability.shape)
        return uniforms < probability.astype(kind, copy=False)

    def exponential(self, shape, lambd=1.0):
        """``exponential_(lambd)`` values in float64: ``-1/lambd * log1p(-u)``, float64 uniforms."""
        uniforms = self.uniform01(math.prod(shape), _F64)
        return (_F64(-1.0) / _F64(lambd) * _libm(math.log1p, -uniforms)).reshape(shape)

    def cauchy(self, shape, median, sigma):
        """``cauchy_``: ``median + sigma * tan(pi * (u - 0.5))`` from float64 uniforms (float64)."""
        uniforms = self.uniform01(math.prod(shape), _F64)
        angles = _F64(math.pi) * (uniforms - _F64(0.5))
        return _fma64(_libm(math.tan, angles), sigma, median).reshape(shape)

    def log_normal(self, shape, mean, std):
        """``log_normal_``: ``exp`` of one scalar ``normal_distribution<double>`` draw per element (float64)."""
        draws = [_exp(self.scalar_normal(mean, std)) for _ in range(math.prod(shape))]
        return numpy.array(draws, dtype=_F64).reshape(shape)

    def geometric(self, shape, p):
        """``geometric_``: ``ceil(log(u) / log1p(-p))`` from float64 uniforms (float64)."""
        uniforms = self.uniform01(math.prod(shape), _F64)
        return numpy.ceil(_libm(math.log, uniforms) / math.log1p(-p)).reshape(shape)

    def multinomial_with_replacement(self, weights, count):
        """PyTorch's CPU ``multinomial(..., replacement=True)`` for 2-D ``weights`` (float32/float64):
        per row, the cumulative sum normalized in the weights' dtype, then for each sample a float64 uniform
        searched for the first bucket it does not exceed (the last bucket forced to 1)."""
        rows, categories = weights.shape
        picked = numpy.empty((rows, count), dtype=numpy.int64)
        for row in range(rows):
            cumulative = numpy.cumsum(weights[row])
            cumulative = cumulative / cumulative[-1]
            cumulative[-1] = 1
            draws = self.uniform01(count, _F64)
            picked[row] = numpy.searchsorted(cumulative.astype(_F64), draws, side="left")
        return picked

    def poisson(self, rates):
        """PyTorch's CPU ``poisson``: per element in order, Knuth's product of uniforms below 10, Hoermann's
        transformed rejection (PTRS) from 10 up."""
        flat = numpy.asarray(rates, dtype=_F64).reshape(-1).tolist()
        out = []
        for rate in flat:  # PyTorch checks each rate as it comes: the draws before a bad one are spent
            if not rate >= 0:
                raise RuntimeError(POISSON_RATE_MESSAGE)
            out.append(self._sample_poisson(rate))
        return numpy.array(out, dtype=_F64).reshape(numpy.shape(rates))

    def _uniform_scalar(self):
        return float((self.raw64(1)[0] & _MASK53) * _F64(2.0 ** -53))

    def _sample_poisson(self, rate):
        if rate >= 10:
            slam = math.sqrt(rate)
            loglam = math.log(rate)
            b = 0.931 + 2.53 * slam
            a = -0.059 + 0.02483 * b
            invalpha = 1.1239 + 1.1328 / (b - 3.4)
            vr = 0.9277 - 3.6224 / (b - 2)
            while True:
                u = self._uniform_scalar() - 0.5
                v = self._uniform_scalar()
                us = 0.5 - abs(u)
                k = _to_int64((2 * a / us + b) * u + rate + 0.43)
                if us >= 0.07 and v <= vr:
                    return k
                if k < 0 or (us < 0.013 and v > us):
                    continue
                if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)) <= (
                        -rate + k * loglam - math.lgamma(k + 1)):
                    return k
        if rate == 0:
            return 0
        limit = math.exp(-rate)
        count = 0
        product = 1.0
        while True:
            product *= self._uniform_scalar()
            if product > limit:
                count += 1
            else:
                return count

    # ----- NumPy-Generator names for the remaining callers -------------------------------------------------
    def random(self, size=None, dtype=_F64):
        shape = () if size is None else (size if isinstance(size, tuple) else tuple(numpy.atleast_1d(size)))
        return self.uniform(shape, dtype)

    def standard_normal(self, size=None, dtype=_F64):
        shape = () if size is None else (size if isinstance(size, tuple) else tuple(numpy.atleast_1d(size)))
        return self.normal(shape, dtype)

    def permutation(self, n):
        return self.randperm(int(n))

    def standard_exponential(self, size):
        return self.exponential(size if isinstance(size, tuple) else (int(size),))

    def standard_gamma(self, shape_parameter):
        """``torch._standard_gamma``'s CPU draws: PyTorch's ``sample_gamma`` (Marsaglia-Tsang, ATen's
        ``native/Distributions.h``) per element in C order, from scalar ``uniform_real_distribution<double>`` and
        ``normal_distribution<double>`` draws; float32 ``alpha`` does its own steps in float32 as the C++ does
        (``1.0f / alpha``, ``alpha += 1.0f``, ``alpha - 1.0f / 3.0f``), then ``max(FLT_MIN, (float) sample)``.
        A float64 array gives Dirichlet's draws (``_sample_dirichlet`` samples in double whatever the dtype)."""
        alpha = numpy.asarray(shape_parameter)
        single = alpha.dtype != _F64
        values = [self._sample_gamma(float(a), single) for a in alpha.reshape(-1).tolist()]
        out = numpy.array(values, dtype=_F32 if single else _F64).reshape(alpha.shape)
        return numpy.maximum(out, numpy.finfo(out.dtype).tiny)

    def _sample_gamma(self, alpha, single):
        scale = 1.0
        if single:
            alpha = _F32(alpha)
        if alpha < 1.0:
            if alpha == 0.0:
                return 0.0
            exponent = float(_F32(1.0) / alpha) if single else 1.0 / alpha
            scale *= math.pow(1 - self.uniform01(1, _F64)[0], exponent)
            alpha = alpha + (_F32(1.0) if single else 1.0)
        d = float(alpha - _F32(1.0 / 3.0)) if single else alpha - float(_F32(1.0 / 3.0))
        c = 1.0 / math.sqrt(9.0 * d)
        while True:
            while True:
                x = self.scalar_normal()
                y = 1.0 + c * x
                if y > 0:
                    break
            v = y * y * y
            u = 1 - float(self.uniform01(1, _F64)[0])
            xx = x * x
            if u < 1.0 - _GAMMA_SQUEEZE * xx * xx:
                return scale * d * v
            if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
                return scale * d * v

    def binomial(self, n, p):
        return self.numpy_generator().binomial(n, p)

    def choice(self, *args, **kwargs):
        return self.numpy_generator().choice(*args, **kwargs)


POISSON_RATE_MESSAGE = "invalid Poisson rate, expected rate to be non-negative"


def _to_int64(value):
    """C's ``(int64_t)std::floor(value)`` on x86-64: out of range or NaN (an infinite rate) gives INT64_MIN."""
    if value != value or not -2.0**63 <= value < 2.0**63:
        return -2**63
    return math.floor(value)


def _exp(value):
    """C's ``exp``: inf where the result overflows (``math.exp`` raises OverflowError there)."""
    try:
        return math.exp(value)
    except OverflowError:
        return math.inf


def _libm(function, values):
    """``function`` (one of ``math``'s: the C library's, as PyTorch's kernels call it) on each value: NumPy's own
    float64 ``log``/``log1p`` differ from the C library's in the last bit now and then."""
    return numpy.fromiter(map(function, values.reshape(-1).tolist()), dtype=_F64, count=values.size).reshape(
        values.shape)


def _cast_integers(values, np_dtype):
    if np_dtype == numpy.bool_:
        return values != 0
    if np_dtype.kind in "iu":
        return values.astype(np_dtype)  # wraps as C's static_cast does
    return values.astype(np_dtype)


# ----- exact fused multiply-add (what PyTorch's compiled kernels compute) ----------------------------------------
def _round_to_odd(total, error):
    """``total`` (a float64 rounding of a sum whose rounding error is ``error``) rounded to odd instead: when
    inexact and even, step one ulp toward the exact value. Rounding to odd in float64 then to nearest in a
    narrower format (or adding a larger term) is correctly rounded (Boldo & Melquiond)."""
    inexact_even = (error != 0) & ((total.view(numpy.int64) & 1) == 0)
    if inexact_even.any():
        toward = numpy.where(error > 0, numpy.inf, -numpy.inf)
        total = numpy.where(inexact_even, numpy.nextafter(total, toward), total)
    return total


def _two_sum(a, b):
    total = a + b
    b_part = total - a
    error = (a - (total - b_part)) + (b - b_part)
    return total, error


def _fma32_exact(a, b, c):
    product = numpy.asarray(a, dtype=_F32).astype(_F64) * numpy.asarray(b, dtype=_F32).astype(_F64)
    total, error = _two_sum(product, numpy.asarray(c, dtype=_F32).astype(_F64))
    return _round_to_odd(total, error).astype(_F32)


_MIDPOINT_MASK = numpy.int64((1 << 29) - 1)
_MIDPOINT = numpy.int64(1 << 28)


def _fma32(a, b, c):
    """float32 ``a * b + c`` with one rounding. The product of two float32 is exact in float64 and the float64
    sum is the exact one rounded; rounding that to float32 is the exact result rounded unless the float64 sum
    fell exactly on a float32 midpoint (a float32 midpoint between the exact sum and its float64 rounding would
    be a closer float64): only those few are redone with rounding to odd."""
    a = numpy.asarray(a, dtype=_F32)
    total = a * _F64(b) + _F64(c) if numpy.ndim(b) == 0 else a * numpy.asarray(b, dtype=_F32).astype(_F64) + c
    result = total.astype(_F32)
    ties = (total.view(numpy.int64) & _MIDPOINT_MASK) == _MIDPOINT
    if ties.any():
        a, b, c = numpy.broadcast_arrays(a, numpy.asarray(b, dtype=_F32), numpy.asarray(c, dtype=_F32))
        result[ties] = _fma32_exact(a[ties], b[ties], c[ties])
    return result


_SPLITTER = _F64(134217729.0)  # 2**27 + 1


def _split(a):
    scaled = _SPLITTER * a
    high = scaled - (scaled - a)
    return high, a - high


def _fma64(a, b, c):
    """float64 ``a * b + c`` with one rounding (Boldo & Melquiond's emulation: an exact product by Dekker's
    splitting, an exact sum, the small terms rounded to odd). Finite, moderate values only (uniforms)."""
    a = numpy.asarray(a, dtype=_F64)
    b = numpy.broadcast_to(numpy.asarray(b, dtype=_F64), a.shape)
    product = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    product_error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    high, low = _two_sum(numpy.asarray(c, dtype=_F64), product)
    middle, middle_error = _two_sum(low, product_error)
    return high + _round_to_odd(middle, middle_error)


def _fma_scalar(a, b, c):
    return float(_fma64(numpy.array([a]), b, c)[0])


# ----- Box-Muller ----------------------------------------------------------------------------------------------
def _box_muller(first, second, np_dtype, mean, std):
    """``normal_fill_16`` (scalar code) for each row of 8 + 8 float64 uniforms."""
    if np_dtype == _F64:
        radius = numpy.sqrt(-2.0 * _libm(math.log, 1.0 - first))
        theta = 2.0 * math.pi * second
        # NumPy's float64 cos/sin equal the C library's (2 million values checked); its log does not always
        return _fma64(radius * numpy.cos(theta), std, mean), _fma64(radius * numpy.sin(theta), std, mean)
    raise TypeError(f"normal_fill: {np_dtype}")


_LOG_POLYNOMIAL = [_F32(v) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                                     1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                                     3.3333331174E-1)]
_LOG_Q1 = _F32(-2.12194440e-4)
_LOG_Q2 = _F32(0.693359375)
_SQRT_HALF = _F32(0.707106781186547524)
_MIN_NORMAL = numpy.array(0x00800000, dtype=numpy.int32).view(_F32)
_DP = [_F32(-0.78515625), _F32(-2.4187564849853515625e-4), _F32(-3.77489497744594108e-8)]
_SIN_POLYNOMIAL = [_F32(-1.9515295891E-4), _F32(8.3321608736E-3), _F32(-1.6666654611E-1)]
_COS_POLYNOMIAL = [_F32(2.443315711809948E-005), _F32(-1.388731625493765E-003), _F32(4.166664568298827E-002)]
_FOUR_OVER_PI = _F32(1.27323954473516)
_ONE = _F32(1)
_HALF = _F32(0.5)


def _log256(x):
    """avx_mathfun's ``log256_ps`` for x in (0, 1]: Cephes' logf polynomial, with the compiler's FMAs."""
    x = numpy.maximum(x, _MIN_NORMAL)
    exponent = (x.view(numpy.int32) >> 23) - 0x7F
    x = ((x.view(numpy.int32) & ~0x7F800000) | _HALF.view(numpy.int32)).view(_F32)
    e = exponent.astype(_F32) + _ONE
    below = x < _SQRT_HALF
    x = (x - _ONE) + numpy.where(below, x, _F32(0))
    e = e - numpy.where(below, _ONE, _F32(0))
    z = x * x
    y = numpy.full_like(x, _LOG_POLYNOMIAL[0])
    for coefficient in _LOG_POLYNOMIAL[1:]:
        y = _fma32(y, x, coefficient)
    y = _fma32(y * x, z, e * _LOG_Q1)
    y = y - z * _HALF  # z * 0.5 is exact: fused or not, one rounding
    return _fma32(e, _LOG_Q2, x + y)


def _sincos256(x):
    """avx_mathfun's ``sincos256_ps`` for x >= 0 (Cephes' sinf/cosf), with the compiler's FMAs."""
    y = x * _FOUR_OVER_PI
    octant = (y.astype(numpy.int32) + 1) & ~1
    y = octant.astype(_F32)
    swap_sin = ((octant & 4) << 29).astype(numpy.int32)
    use_sin_polynomial = (octant & 2) == 0
    for part in _DP:
        x = _fma32(y, part, x)
    sign_cos = ((~(octant - 2) & 4) << 29).astype(numpy.int32)
    z = x * x
    cosine = _fma32(numpy.full_like(x, _COS_POLYNOMIAL[0]), z, _COS_POLYNOMIAL[1])
    cosine = _fma32(cosine, z, _COS_POLYNOMIAL[2])
    cosine = _fma32(cosine * z, z, -(z * _HALF)) + _ONE
    sine = _fma32(numpy.full_like(x, _SIN_POLYNOMIAL[0]), z, _SIN_POLYNOMIAL[1])
    sine = _fma32(sine, z, _SIN_POLYNOMIAL[2])
    sine = _fma32(sine * z, x, x)
    sin_value = numpy.where(use_sin_polynomial, sine, cosine)
    cos_value = numpy.where(use_sin_polynomial, cosine, sine)
    sin_value = (sin_value.view(numpy.int32) ^ swap_sin).view(_F32)
    cos_value = (cos_value.view(numpy.int32) ^ sign_cos).view(_F32)
    return sin_value, cos_value


def _box_muller_avx2(first, second, mean, std):
    """``normal_fill_16_AVX2`` for each row of 8 + 8 float32 uniforms."""
    radius = numpy.sqrt(_F32(-2) * _log256(_ONE - first))
    theta = _F32(2.0 * math.pi) * second
    sine, cosine = _sincos256(theta)
    return _fma32(radius * cosine, std, mean), _fma32(radius * sine, std, mean)
