"""Snippets of complex tensors (helper complex8, issue 15): dtypes and promotion, creation and PyTorch's random
stream, printing, elementwise ops and their gradients under PyTorch's convention (the conjugate Wirtinger
derivative), real/imag/conj/angle/abs/polar/complex/view_as_real/view_as_complex, and the ops PyTorch refuses
for complex inputs. Run with ``torch`` bound to PyTorch by ``complex8.py`` (``python tests/reference/record_torch.py
complex8`` writes ``torch_complex8.json``) and to gradlib by ``tests/test_complex8.py``. Each snippet leaves its
observations in ``result`` or raises. Fixed data only (plus seeded draws)."""

_Z = ("z = torch.tensor([1+2j, 3-1j, -0.5+0.25j], requires_grad=True)\n"
      "w = torch.tensor([0.5-1j, 2+0.5j, -1-1j], requires_grad=True)\n"
      "r = torch.tensor([1.5, -2., 0.75], requires_grad=True)\n")
_Z64 = ("z = torch.tensor([1+2j, 3-1j, -0.5+0.25j], dtype=torch.complex128, requires_grad=True)\n"
        "w = torch.tensor([0.5-1j, 2+0.5j, -1-1j], dtype=torch.complex128, requires_grad=True)\n"
        "r = torch.tensor([1.5, -2., 0.75], dtype=torch.float64, requires_grad=True)\n")


def _grads(expression, inputs="z, w"):
    """A case: the expression's value and the gradients of its real loss ``loss`` with respect to ``inputs``."""
    return (f"out = {expression}\nloss = out.abs().sum() if out.is_complex() else out.sum()\n"
            f"grads = torch.autograd.grad(loss, [{inputs}], allow_unused=True)\n"
            "result = {'out': out, 'grads': [g for g in grads]}")


CASES = {
    # ----- dtypes and promotion -------------------------------------------------------------------------------------
    "dtype/attributes": "c = torch.complex64\nd = torch.cdouble\nresult = {'fp': c.is_floating_point, "
                        "'complex': c.is_complex, 'signed': c.is_signed, 'itemsize': c.itemsize, 'd_itemsize': "
                        "d.itemsize, 'repr': repr(c), 'alias': torch.cfloat == c, 'real': c.to_real(), "
                        "'d_real': d.to_real(), 'f_complex': torch.float64.to_complex(), 'f_real': "
                        "torch.float32.to_real()}",
    "dtype/promote_types": "result = {str(a).split('.')[-1] + '+' + str(b).split('.')[-1]: torch.promote_types(a, b) "
                           "for a in (torch.complex64, torch.complex128) for b in (torch.float16, torch.float32, "
                           "torch.float64, torch.int64, torch.uint8, torch.bool, torch.complex64, torch.complex128)}",
    "dtype/scalars": "f = torch.ones(2)\nd = torch.ones(2, dtype=torch.float64)\ni = torch.ones(2, dtype=torch.int64)\n"
                     "c = torch.ones(2, dtype=torch.complex128)\n"
                     "result = {'f*1j': (f * 1j).dtype, 'd*1j': (d * 1j).dtype, 'i*1j': (i * 1j).dtype, "
                     "'1j*f': 1j * f, '1j+i': 1j + i, 'f/1j': f / 1j, 'c*2.5': (c * 2.5).dtype, "
                     "'f+c': (f + torch.ones(2, dtype=torch.complex64)).dtype, 'd+c64': (d + "
                     "torch.ones(2, dtype=torch.complex64)).dtype, 'c+0d': (torch.ones(2, dtype=torch.complex64) + "
                     "torch.tensor(1., dtype=torch.float64)).dtype, 'b*1j': torch.tensor([True, False]) * 1j}",
    "dtype/predicates": "z = torch.tensor([1j])\nresult = {'is_complex': z.is_complex(), 'torch.is_complex': "
                        "torch.is_complex(z), 'fp': z.is_floating_point(), 'torch.fp': torch.is_floating_point(z), "
                        "'real_is_complex': torch.tensor([1.]).is_complex(), 'is_conj': z.conj().is_conj() and "
                        "False, 'resolved': z.conj().resolve_conj()}",
    # ----- creation -------------------------------------------------------------------------------------------------
    "create/tensor": "result = {'list': torch.tensor([1+2j, 3-1j]), 'mixed': torch.tensor([1, 2.5, 3j]), "
                     "'0d': torch.tensor(1+2j), 'c128': torch.tensor([1, 2], dtype=torch.complex128), "
                     "'item': torch.tensor([1+2j]).item(), 'tolist': torch.tensor([[1j, 2]]).tolist()}",
    "create/factories": "result = {'zeros': torch.zeros(2, dtype=torch.cfloat), 'ones': torch.ones(2, 2, "
                        "dtype=torch.cdouble), 'full': torch.full((2,), 1-1j), 'full64': torch.full((2,), 2j, "
                        "dtype=torch.complex128), 'zeros_like': torch.zeros_like(torch.tensor([1j])), 'empty0': "
                        "torch.zeros(0, dtype=torch.cfloat), 'arange_to': torch.arange(3).to(torch.complex64)}",
    "create/randn": "torch.manual_seed(0)\na = torch.randn(3, dtype=torch.cfloat)\nb = torch.randn(20, "
                    "dtype=torch.cfloat)\nc = torch.randn(2, 3, dtype=torch.cdouble)\nd = torch.randn(9, "
                    "dtype=torch.cdouble)\nresult = {'a': a, 'b': b, 'c': c, 'd': d}",
    "create/rand": "torch.manual_seed(3)\nresult = {'a': torch.rand(3, dtype=torch.cfloat), 'b': torch.rand(10, "
                   "dtype=torch.cdouble)}",
    "create/requires_grad": "result = {'t': torch.zeros(2, dtype=torch.cdouble, requires_grad=True), 'r': "
                            "torch.tensor([1j]).requires_grad_().requires_grad}",
    # ----- printing -------------------------------------------------------------------------------------------------
    "print/widths": "result = {'a': repr(torch.tensor([1.5+2j, -0.25j, 100+0j])), 'b': repr(torch.tensor([[1e-5+1j, "
                    "3e6j]])), 'c': repr(torch.tensor([float('nan')+1j, float('inf')-2j])), 'd': "
                    "repr(torch.tensor([1e10+1j])), 'e': repr(torch.tensor([1.123456789+1j])), 'f': "
                    "repr(torch.arange(30.).reshape(3, 10) * (1+0.5j)), 'g': repr(torch.arange(3000.) * (1-0.5j)), "
                    "'h': repr(torch.tensor([-0.0-0.0j, 1e-8j])), 'i': str(torch.tensor(2-3j, "
                    "dtype=torch.complex128))}",
    "print/grad": _Z + "result = {'mul': repr(z * w), 'conj': repr(z.conj()), 'real': repr(z.real), "
                       "'imag': repr(z.imag), 'angle': repr(z.angle()), 'abs': repr(z.abs())}",
    # ----- values ---------------------------------------------------------------------------------------------------
    "values/unary": "z = torch.tensor([1+2j, 3-1j, -0.5+0.25j, 0j], dtype=torch.complex128)\nresult = {'exp': "
                    "z.exp(), 'log': z[:3].log(), 'abs': z.abs(), 'angle': z.angle(), 'conj': z.conj(), 'sqrt': "
                    "z.sqrt(), 'sgn': z.sgn(), 'neg': -z, 'sq': z ** 2, 'recip': 1 / z[:3], 'pow': z[:3] ** "
                    "(0.5+1j), 'sin': z.sin(), 'tanh': z.tanh()}",
    "values/real_angle": "x = torch.tensor([-1., 0., 2., -0.0, float('nan')])\nresult = {'angle': x.angle(), "
                         "'int_angle': torch.tensor([-3, 0, 4]).angle(), 'real': torch.real(x), 'sgn': x.sgn()}",
    "values/reductions": _Z64 + "result = {'sum': z.sum(), 'mean': z.mean(), 'prod': z.prod(), 'sum0': "
                                "torch.stack([z, w]).sum(0), 'mm': z.reshape(3, 1) @ w.reshape(1, 3), 'dot': "
                                "z @ w, 'H': torch.stack([z, w]).mH}",
    "values/views": "z = torch.tensor([[1+2j, 3-1j], [0.5j, -2+0j]])\nv = torch.view_as_real(z)\nresult = {"
                    "'view_as_real': v, 'back': torch.view_as_complex(v), 'shape': list(v.shape), 'real': z.real, "
                    "'imag': z.imag, 'complex': torch.complex(torch.tensor([1., 2.]), torch.tensor([3., 4.])), "
                    "'polar': torch.polar(torch.tensor([1., 2.], dtype=torch.float64), torch.tensor([0., 1.], "
                    "dtype=torch.float64)), 'stride': v.stride(), 'vc0d': torch.view_as_complex(torch.tensor([1., "
                    "2.]))}",
    "values/view_writes": "z = torch.tensor([1+2j, 3-1j])\nz.real.mul_(10)\nz.imag[0] = 7\nv = "
                          "torch.view_as_real(z)\nv[1, 1] = -5\nresult = {'z': z}",
    # ----- gradients: PyTorch's convention --------------------------------------------------------------------------
    "grad/abs": _Z + _grads("z.abs()", "z"),
    "grad/imag": _Z + _grads("z.imag", "z"),
    "grad/real": _Z + _grads("z.real", "z"),
    "grad/angle": _Z + _grads("z.angle()", "z"),
    "grad/conj_imag": _Z + _grads("z.conj().imag", "z"),
    "grad/mul": _Z64 + _grads("z * w"),
    "grad/div": _Z64 + _grads("z / w"),
    "grad/add": _Z64 + _grads("z + 2 * w - 1j"),
    "grad/sub": _Z64 + _grads("z - w"),
    "grad/mixed_real": _Z64 + _grads("z * r + r", "z, r"),
    "grad/exp": _Z64 + _grads("z.exp().real", "z"),
    "grad/log": _Z64 + _grads("z.log()", "z"),
    "grad/pow": _Z64 + _grads("z ** 2 + z ** w", "z, w"),
    "grad/pow_scalar": _Z64 + _grads("z ** 0.5", "z"),
    "grad/sum": _Z64 + _grads("z.sum()", "z"),
    "grad/mean": _Z64 + _grads("z.mean()", "z"),
    "grad/matmul": _Z64 + _grads("z.reshape(3, 1) @ w.reshape(1, 3)"),
    "grad/scalar_mul": _Z64 + _grads("z * 1j", "z"),
    "grad/complex": _Z64 + _grads("torch.complex(r, r * 2)", "r"),
    "grad/polar": _Z64 + _grads("torch.polar(r, r * 0.5)", "r"),
    "grad/view_as_real": _Z64 + _grads("torch.view_as_real(z)", "z"),
    "grad/view_as_complex": _Z64 + _grads("torch.view_as_complex(torch.stack([r, r * r], -1))", "r"),
    "grad/to_complex": _Z64 + _grads("r.to(torch.complex128).exp()", "r"),
    "grad/sgn": _Z64 + _grads("z.sgn() * w + z", "z, w"),
    "grad/sqrt": _Z64 + _grads("z.sqrt()", "z"),
    "grad/backward_abs": "x = torch.tensor([3+4j, -1j], requires_grad=True)\nx.abs().sum().backward()\n"
                         "result = {'grad': x.grad}",
    "grad/grad_fn": _Z + "result = {'mul': (z * w).grad_fn.name(), 'conj': z.conj().grad_fn.name(), 'real': "
                         "z.real.grad_fn.name(), 'angle': z.angle().grad_fn.name(), 'abs': z.abs().grad_fn.name(), "
                         "'complex': torch.complex(r, r).grad_fn.name(), 'polar': torch.polar(r, r).grad_fn.name(), "
                         "'var': torch.view_as_real(z).grad_fn.name(), 'vac': torch.view_as_complex(torch.stack([r, "
                         "r], -1)).grad_fn.name()}",
    # ----- PyTorch's refusals ---------------------------------------------------------------------------------------
    "error/backward_complex": _Z + "(z * w).sum().backward()",
    "error/lt": _Z + "z < w",
    "error/ge_scalar": _Z + "z >= 1",
    "error/max": _Z + "z.max()",
    "error/max_dim": _Z + "z.max(0)",
    "error/min": _Z + "z.min()",
    "error/amax": _Z + "z.amax()",
    "error/argmax": _Z + "z.argmax()",
    "error/relu": _Z + "torch.relu(z)",
    "error/clamp": _Z + "z.clamp(0, 1)",
    "error/maximum": _Z + "torch.maximum(z, w)",
    "error/imag_real": "torch.tensor([1.]).imag",
    "error/view_as_real_real": "torch.view_as_real(torch.tensor([1.]))",
    "error/view_as_complex_shape": "torch.view_as_complex(torch.ones(2, 3))",
    "error/view_as_complex_stride": "torch.view_as_complex(torch.ones(2, 4)[:, ::2])",
    "error/view_as_complex_dtype": "torch.view_as_complex(torch.ones(2, 2, dtype=torch.int64))",
    "error/complex_dtypes": "torch.complex(torch.ones(2), torch.ones(2, dtype=torch.float64))",
    "error/complex_int": "torch.complex(torch.ones(2, dtype=torch.int64), torch.ones(2, dtype=torch.int64))",
    "error/requires_grad_int": "torch.tensor([1, 2]).requires_grad_()",
}
CASES.update({
    "error/grad_output_real_for_complex": _Z + "torch.autograd.grad(z * 2, z, torch.ones(3))",
    "error/grad_output_complex_for_real": _Z + "torch.autograd.grad(z.abs(), z, torch.ones(3, dtype=torch.cfloat))",
    "grad/custom_function": _Z64 + "class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x, a):\n"
                                   "        ctx.save_for_backward(a)\n        return x * a\n    @staticmethod\n"
                                   "    def backward(ctx, g):\n        (a,) = ctx.saved_tensors\n"
                                   "        return g * a.conj(), None\n"
                                   "out = F.apply(z, w.detach())\nout.abs().sum().backward()\n"
                                   "result = {'out': out, 'grad': z.grad}",
})

_X = ("x = torch.tensor([1., 2., 3., 4., 0.5], dtype=torch.float64, requires_grad=True)\n"
      "m = torch.tensor([[1., 2., 0.5], [3., -1., 2.]], dtype=torch.float64, requires_grad=True)\n"
      "f32 = torch.tensor([1., -2., 0.25, 3.], requires_grad=True)\n")
CASES.update({
    "fft/fft": _X + _Z64 + _grads("torch.fft.fft(x)", "x"),
    "fft/fft_n8": _X + _Z64 + _grads("torch.fft.fft(x, n=8)", "x"),
    "fft/fft_n3_ortho": _X + _Z64 + _grads("torch.fft.fft(x, n=3, norm='ortho')", "x"),
    "fft/fft_complex_forward": _X + _Z64 + _grads("torch.fft.fft(torch.cat([z, w]), norm='forward')", "z, w"),
    "fft/ifft": _X + _Z64 + _grads("torch.fft.ifft(z)", "z"),
    "fft/ifft_n6_ortho": _X + _Z64 + _grads("torch.fft.ifft(z, n=6, norm='ortho')", "z"),
    "fft/ifft_real": _X + _Z64 + _grads("torch.fft.ifft(x)", "x"),
    "fft/rfft": _X + _Z64 + _grads("torch.fft.rfft(x)", "x"),
    "fft/rfft_n8_ortho": _X + _Z64 + _grads("torch.fft.rfft(x, n=8, norm='ortho')", "x"),
    "fft/rfft_n4_forward": _X + _Z64 + _grads("torch.fft.rfft(x, n=4, norm='forward')", "x"),
    "fft/irfft": _X + _Z64 + _grads("torch.fft.irfft(torch.cat([z, w]))", "z, w"),
    "fft/irfft_n5": _X + _Z64 + _grads("torch.fft.irfft(z, n=5)", "z"),
    "fft/irfft_n9_ortho": _X + _Z64 + _grads("torch.fft.irfft(z, n=9, norm='ortho')", "z"),
    "fft/irfft_n3_forward": _X + _Z64 + _grads("torch.fft.irfft(z, n=3, norm='forward')", "z"),
    "fft/fft2": _X + _Z64 + _grads("torch.fft.fft2(m)", "m"),
    "fft/ifft2_s": _X + _Z64 + _grads("torch.fft.ifft2(m, s=(3, 2))", "m"),
    "fft/fftn_ortho": _X + _Z64 + _grads("torch.fft.fftn(m, norm='ortho')", "m"),
    "fft/ifftn_dim0": _X + _Z64 + _grads("torch.fft.ifftn(m, dim=0)", "m"),
    "fft/fftn_complex": _X + _Z64 + _grads("torch.fft.fftn(torch.stack([z, w]), s=(3, 3))", "z, w"),
    "fft/float32": _X + _Z64 + _grads("torch.fft.rfft(f32)", "f32"),
    "fft/shift": _X + _Z64 + _grads("torch.fft.fftshift(m) * 1", "m"),
    "fft/ishift": _X + _Z64 + _grads("torch.fft.ifftshift(x, 0) * 1", "x"),
    "fft/freq": "result = {'a': torch.fft.fftfreq(5), 'b': torch.fft.fftfreq(4, d=0.1), 'c': torch.fft.rfftfreq(6, "
                "d=0.5), 'd': torch.fft.rfftfreq(5), 'e': torch.fft.fftfreq(3, dtype=torch.float64), 'f': "
                "torch.fft.fftfreq(1), 'g': torch.fft.fftshift(torch.fft.fftfreq(6))}",
    "fft/dtypes": "result = {'int': torch.fft.fft(torch.tensor([1, 2])).dtype, 'f32': "
                  "torch.fft.fft(torch.ones(2)).dtype, "
                  "'irfft': torch.fft.irfft(torch.ones(3)).dtype, 'irfft_c128': torch.fft.irfft(torch.ones(3, "
                  "dtype=torch.complex128)).dtype, 'roundtrip': torch.fft.irfft(torch.fft.rfft(torch.tensor([1., 2., "
                  "3., 4.])))}",
    "fft/error_norm": "torch.fft.fft(torch.ones(3), norm='bad')",
    "fft/error_rfft_complex": "torch.fft.rfft(torch.ones(3, dtype=torch.cfloat))",
    "fft/error_n0": "torch.fft.fft(torch.ones(3), n=0)",
})
CASES["fft/grad_fn"] = (_X + _Z64 + "F = torch.fft\nresult = {k: v.grad_fn.name() for k, v in {'fft': F.fft(x), "
                        "'fftz': F.fft(z), 'ifft': F.ifft(x), 'ifftz': F.ifft(z), 'rfft': F.rfft(x), 'irfft': "
                        "F.irfft(z), 'fft2': F.fft2(m), 'fftn': F.fftn(m), 'ifftn1': F.ifftn(m, dim=0), 'shift': "
                        "F.fftshift(m)}.items()}")
CASES.update({
    "convert/complex": "result = {'real': complex(torch.tensor(2.)), 'complex': complex(torch.tensor(1+2j)), "
                       "'float_of_real_complex': float(torch.tensor(3+0j).real)}",
    "error/float_of_complex": "float(torch.tensor(1+2j))",
    "error/int_of_complex": "int(torch.tensor(1+2j))",
})
CASES.update({
    "error/sign": "torch.sign(torch.tensor([1j]))",
    "error/floor": "torch.tensor([1j]).floor()",
    "error/ceil": "torch.tensor([1j]).ceil()",
    "error/trunc": "torch.tensor([1j]).trunc()",
    "error/round": "torch.tensor([1j]).round()",
    "error/frac": "torch.tensor([1j]).frac()",
    "error/erf": "torch.tensor([1j]).erf()",
    "values/sigmoid_isclose": _Z64 + "result = {'sigmoid': z.sigmoid(), 'grads': list(torch.autograd.grad("
                                     "z.sigmoid().abs().sum(), z)), 'close': torch.isclose(z, z + 0.001j), "
                                     "'close_tiny': torch.isclose(z, z + 1e-12j), 'allclose': torch.allclose(z, "
                                     "z.conj())}",
})
