"""Differential fuzzer of nn layers and their functional forms (session 17, layers17): the same case list under
PyTorch and gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_layers17.py torch  OUT.json [FILTER]   # PyTorch
    .venv/bin/python tools/fuzz_layers17.py gradlib OUT.json [FILTER]            # gradlib
    python tools/fuzz_layers17.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases are drawn systematically (a fixed seed for the argument combinations it samples) per layer family:
convolutions (padding forms and modes, stride, dilation, groups, bias, unbatched input), transposed convolutions,
pooling (max/avg/lp/adaptive, unpooling), normalization (batch/layer/group/instance, running statistics),
embeddings, linear/bilinear, dropout in eval, pixel shuffle, resampling, padding, flatten, recurrent layers; each
as a float32 forward (``RUN``) or a float64 forward with input and parameter gradients (``GR``/``GF``), plus the
argument errors. The builders and the evaluation are tests/reference/layers17.py's; the cases that found a
difference are copied there.
"""
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import layers17 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

SPATIAL = {1: (7,), 2: (5, 6), 3: (4, 5, 3)}
POOL_SPATIAL = {1: (8,), 2: (5, 7), 3: (4, 5, 6)}


def _shape(*dims):
    return ", ".join(str(d) for d in dims)


def _conv(cases, rng):
    for d in (1, 2, 3):
        sp = SPATIAL[d]
        for n in range(500):
            k = rng.choice((1, 2, 3, (2, 3, 1)[:d] if d > 1 else 3))
            stride = rng.choice((1, 1, 2, (1, 2, 1)[:d] if d > 1 else 2))
            padding = rng.choice((0, 1, 2, "'same'", "'valid'", (1, 0, 2)[:d] if d > 1 else 1))
            dilation = rng.choice((1, 1, 2))
            groups = rng.choice((1, 2))
            bias = rng.choice((True, False))
            mode = rng.choice(("zeros", "reflect", "replicate", "circular"))
            batched = rng.choice((True, True, False))
            shape = ((2,) if batched else ()) + (4,) + sp
            module = (f"nn.Conv{d}d(4, 6, {k}, stride={stride}, padding={padding}, dilation={dilation}, "
                      f"groups={groups}, bias={bias}, padding_mode='{mode}')")
            runner = rng.choice(("RUN", "GR"))
            cases[f"conv/{d}d/{n}"] = f"{runner}({module}, X({_shape(*shape)}))"
        # the functional form
        for n in range(80):
            k = rng.choice((1, 2, 3))
            stride = rng.choice((1, 2, (2,) * d))
            padding = rng.choice((0, 1, "'same'", "'valid'", (1,) * d))
            dilation = rng.choice((1, 2))
            groups = rng.choice((1, 2))
            bias = rng.choice(("None", f"X(6, v=2)"))
            shape = (2, 4) + sp if rng.random() < 0.7 else (4,) + sp
            weight = f"X(6, {4 // groups}, {_shape(*((k,) * d))}, v=1)"
            cases[f"fconv/{d}d/{n}"] = (f"GF(lambda x, w: F.conv{d}d(x, w, {bias}, stride={stride}, padding={padding},"
                                        f" dilation={dilation}, groups={groups}), X({_shape(*shape)}), {weight})")
        # errors
        big = (9,) * d
        errors = {
            "channels": f"RUN(nn.Conv{d}d(3, 6, 2), X(2, 4, {_shape(*sp)}))",
            "channels_unbatched": f"RUN(nn.Conv{d}d(3, 6, 2), X(4, {_shape(*sp)}))",
            "kernel_too_big": f"RUN(nn.Conv{d}d(4, 6, 9), X(2, 4, {_shape(*sp)}))",
            "kernel_too_big_pad": f"RUN(nn.Conv{d}d(4, 6, 9, padding=1), X(2, 4, {_shape(*sp)}))",
            "kernel_dilated_too_big": f"RUN(nn.Conv{d}d(4, 6, 3, dilation=4), X(2, 4, {_shape(*sp)}))",
            "even_same": f"GR(nn.Conv{d}d(4, 6, 2, padding='same'), X(2, 4, {_shape(*sp)}))",
            "even_same_dilated": f"GR(nn.Conv{d}d(4, 6, 4, padding='same', dilation=2), X(2, 4, {_shape(*sp)}))",
            "same_stride": f"RUN(nn.Conv{d}d(4, 6, 3, padding='same', stride=2), X(2, 4, {_shape(*sp)}))",
            "bad_string": f"RUN(nn.Conv{d}d(4, 6, 3, padding='full'), X(2, 4, {_shape(*sp)}))",
            "groups_in": f"RUN(nn.Conv{d}d(4, 6, 3, groups=3), X(2, 4, {_shape(*sp)}))",
            "groups_out": f"RUN(nn.Conv{d}d(4, 6, 3, groups=4), X(2, 4, {_shape(*sp)}))",
            "groups_zero": f"RUN(nn.Conv{d}d(4, 6, 3, groups=0), X(2, 4, {_shape(*sp)}))",
            "bad_mode": f"RUN(nn.Conv{d}d(4, 6, 3, padding_mode='constant'), X(2, 4, {_shape(*sp)}))",
            "reflect_too_big": f"RUN(nn.Conv{d}d(4, 6, 3, padding=5, padding_mode='reflect'), X(2, 4, {_shape(*sp)}))",
            "circular_too_big": f"RUN(nn.Conv{d}d(4, 6, 3, padding=9, padding_mode='circular'), "
                                f"X(2, 4, {_shape(*sp)}))",
            "replicate_big": f"RUN(nn.Conv{d}d(4, 6, 3, padding=5, padding_mode='replicate'), X(2, 4, {_shape(*sp)}))",
            "wrong_dims": f"RUN(nn.Conv{d}d(4, 6, 3), X(1, 2, 4, {_shape(*sp)}))",
            "wrong_dims_low": f"RUN(nn.Conv{d}d(4, 6, 3), X({_shape(*sp)}))",
            "f_weight_dims": f"F.conv{d}d(X(2, 4, {_shape(*sp)}), X(6, 4))",
            "f_bias_size": f"F.conv{d}d(X(2, 4, {_shape(*sp)}), X(6, 4, {_shape(*((1,) * d))}), X(5))",
            "f_stride_zero": f"F.conv{d}d(X(2, 4, {_shape(*sp)}), X(6, 4, {_shape(*((1,) * d))}), stride=0)",
            "f_padding_negative": f"F.conv{d}d(X(2, 4, {_shape(*sp)}), X(6, 4, {_shape(*((1,) * d))}), padding=-1)",
            "f_dilation_zero": f"F.conv{d}d(X(2, 4, {_shape(*sp)}), X(6, 4, {_shape(*((1,) * d))}), dilation=0)",
            "f_stride_len": f"F.conv{d}d(X(2, 4, {_shape(*sp)}), X(6, 4, {_shape(*((1,) * d))}), stride=(1,) * {d + 1})",
            "f_dtype_mix": f"F.conv{d}d(X(2, 4, {_shape(*sp)}), X(6, 4, {_shape(*((1,) * d))}, dt='float64'))",
            "f_int": f"F.conv{d}d(X(2, 4, {_shape(*sp)}, dt='int64'), X(6, 4, {_shape(*((1,) * d))}, dt='int64'))",
            "f_empty_batch": f"GF(lambda x, w: F.conv{d}d(x, w), X(0, 4, {_shape(*sp)}), X(6, 4, {_shape(*((1,) * d))}))",
            "f_zero_channels": f"F.conv{d}d(X(2, 0, {_shape(*sp)}), X(6, 0, {_shape(*((1,) * d))}))",
            "module_zero_out": f"RUN(nn.Conv{d}d(4, 0, 1), X(2, 4, {_shape(*sp)}))",
            "big_kernel_same": f"GR(nn.Conv{d}d(4, 2, {_shape(*big)}, padding='same'), X(1, 4, {_shape(*sp)}))",
            "float16": f"RUN(nn.Conv{d}d(4, 6, 3).half(), X(2, 4, {_shape(*sp)}, dt='float16'))",
            "input_dtype_mismatch": f"RUN(nn.Conv{d}d(4, 6, 3), X(2, 4, {_shape(*sp)}, dt='float64'))",
            "padding_mode_same": f"GR(nn.Conv{d}d(4, 6, 3, padding='same', padding_mode='reflect'), "
                                 f"X(2, 4, {_shape(*sp)}))",
            "padding_mode_same_even": f"GR(nn.Conv{d}d(4, 6, 2, padding='same', padding_mode='circular'), "
                                      f"X(2, 4, {_shape(*sp)}))",
        }
        for name, expression in errors.items():
            cases[f"conv_edge/{d}d/{name}"] = expression


def _conv_transpose(cases, rng):
    for d in (1, 2):
        sp = SPATIAL[d]
        for n in range(300):
            k = rng.choice((1, 2, 3))
            stride = rng.choice((1, 2, 3))
            padding = rng.choice((0, 1, 2))
            output_padding = rng.choice((0, 0, 1, 2))
            dilation = rng.choice((1, 2))
            groups = rng.choice((1, 2))
            bias = rng.choice((True, False))
            batched = rng.choice((True, True, False))
            shape = ((2,) if batched else ()) + (4,) + sp
            module = (f"nn.ConvTranspose{d}d(4, 6, {k}, stride={stride}, padding={padding}, "
                      f"output_padding={output_padding}, dilation={dilation}, groups={groups}, bias={bias})")
            runner = rng.choice(("RUN", "GR"))
            cases[f"convt/{d}d/{n}"] = f"{runner}({module}, X({_shape(*shape)}))"
        for n in range(60):
            stride = rng.choice((1, 2, 3))
            extra = rng.choice((0, 1, 2, 3, -1))
            out = [(s - 1) * stride + 3 - 2 + extra for s in sp]
            form = rng.choice(("list", "full"))
            size = str(out) if form == "list" else str([2, 6] + out)
            cases[f"convt_size/{d}d/{n}"] = (f"GR(nn.ConvTranspose{d}d(4, 6, 3, stride={stride}, padding=1), "
                                             f"X(2, 4, {_shape(*sp)}), {size})")
        for n in range(30):
            stride = rng.choice((1, 2))
            output_padding = rng.choice((0, 1))
            groups = rng.choice((1, 2))
            cases[f"fconvt/{d}d/{n}"] = (f"GF(lambda x, w: F.conv_transpose{d}d(x, w, stride={stride}, "
                                         f"output_padding={output_padding}, groups={groups}), X(2, 4, {_shape(*sp)}), "
                                         f"X(4, 3, {_shape(*((2,) * d))}, v=1))")
        errors = {
            "output_padding_big": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, stride=2, output_padding=2), "
                                  f"X(2, 4, {_shape(*sp)}))",
            "output_padding_dilation": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, stride=1, dilation=2, output_padding=1),"
                                       f" X(2, 4, {_shape(*sp)}))",
            "padding_same": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, padding='same'), X(2, 4, {_shape(*sp)}))",
            "padding_mode": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, padding_mode='reflect'), X(2, 4, {_shape(*sp)}))",
            "channels": f"RUN(nn.ConvTranspose{d}d(3, 6, 3), X(2, 4, {_shape(*sp)}))",
            "groups": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, groups=4), X(2, 4, {_shape(*sp)}))",
            "size_too_small": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, stride=2), X(2, 4, {_shape(*sp)}), "
                              f"{[1] * d})",
            "size_too_big": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, stride=2), X(2, 4, {_shape(*sp)}), "
                            f"{[40] * d})",
            "size_wrong_len": f"RUN(nn.ConvTranspose{d}d(4, 6, 3, stride=2), X(2, 4, {_shape(*sp)}), [5, 5, 5, 5])",
            "negative_out": f"RUN(nn.ConvTranspose{d}d(4, 6, 1, padding=4), X(2, 4, {_shape(*sp)}))",
            "unbatched_size": f"GR(nn.ConvTranspose{d}d(4, 6, 3, stride=2), X(4, {_shape(*sp)}), "
                              f"{[(s - 1) * 2 + 4 for s in sp]})",
            "f_output_padding_big": f"F.conv_transpose{d}d(X(2, 4, {_shape(*sp)}), X(4, 3, {_shape(*((2,) * d))}), "
                                    f"stride=2, output_padding=2)",
        }
        for name, expression in errors.items():
            cases[f"convt_edge/{d}d/{name}"] = expression


def _pool(cases, rng):
    for d in (1, 2, 3):
        sp = POOL_SPATIAL[d]
        for n in range(250):
            k = rng.choice((1, 2, 3, 4))
            stride = rng.choice(("None", 1, 2, 3))
            padding = rng.choice((0, 0, 1, 2))
            dilation = rng.choice((1, 1, 2))
            ceil = rng.choice((True, False))
            indices = rng.choice((True, False))
            batched = rng.choice((True, False))
            shape = ((2,) if batched else ()) + (3,) + sp
            runner = rng.choice(("RUN", "GR"))
            cases[f"maxpool/{d}d/{n}"] = (f"{runner}(nn.MaxPool{d}d({k}, stride={stride}, padding={padding}, "
                                          f"dilation={dilation}, return_indices={indices}, ceil_mode={ceil}), "
                                          f"X({_shape(*shape)}))")
        for n in range(250):
            k = rng.choice((1, 2, 3, 4))
            stride = rng.choice(("None", 1, 2, 3))
            padding = rng.choice((0, 0, 1, 2))
            ceil = rng.choice((True, False))
            include = rng.choice((True, False))
            divisor = rng.choice(("None", "None", 3, 0))
            batched = rng.choice((True, False))
            shape = ((2,) if batched else ()) + (3,) + sp
            runner = rng.choice(("RUN", "GR"))
            extra = f", divisor_override={divisor}" if d > 1 else ""
            cases[f"avgpool/{d}d/{n}"] = (f"{runner}(nn.AvgPool{d}d({k}, stride={stride}, padding={padding}, "
                                          f"ceil_mode={ceil}, count_include_pad={include}{extra}), "
                                          f"X({_shape(*shape)}))")
        for n in range(60):
            size = rng.choice((1, 2, 3, 5, 9, "None", (None, 2, 3)[:d] if d > 1 else 4))
            if size == "None" and d == 1:
                size = 4
            batched = rng.choice((True, False))
            shape = ((2,) if batched else ()) + (3,) + sp
            runner = rng.choice(("RUN", "GR"))
            kind = rng.choice(("Avg", "Max"))
            indices = ", return_indices=True" if kind == "Max" and rng.random() < 0.4 else ""
            cases[f"adaptive/{d}d/{n}"] = (f"{runner}(nn.Adaptive{kind}Pool{d}d({size}{indices}), "
                                           f"X({_shape(*shape)}))")
        if d < 3:
            for n in range(60):
                norm = rng.choice((1, 2, 3, 1.5, "inf"))
                k = rng.choice((1, 2, 3))
                stride = rng.choice(("None", 1, 2))
                ceil = rng.choice((True, False))
                batched = rng.choice((True, False))
                shape = ((2,) if batched else ()) + (3,) + sp
                cases[f"lppool/{d}d/{n}"] = (f"GR(nn.LPPool{d}d({norm}, {k}, stride={stride}, ceil_mode={ceil}), "
                                             f"X({_shape(*shape)}).abs() + 0.25)")
        for n in range(40):
            k = rng.choice((2, 3))
            stride = rng.choice((1, 2, 3))
            padding = rng.choice((0, 1))
            size = rng.choice(("None", "'full'"))
            shape = (2, 3) + sp
            if size == "'full'":
                out_size = f"[{', '.join(str(s + 1) for s in sp)}]"
            else:
                out_size = "None"
            cases[f"unpool/{d}d/{n}"] = (
                f"GF(lambda x: (lambda o: F.max_unpool{d}d(o[0], o[1], {k}, stride={stride}, padding={padding}, "
                f"output_size={out_size}))(F.max_pool{d}d(x, {k}, stride={stride}, padding={padding}, "
                f"return_indices=True)), X({_shape(*shape)}))")
        errors = {
            "max_pad_half": f"RUN(nn.MaxPool{d}d(2, padding=2), X(2, 3, {_shape(*sp)}))",
            "avg_pad_half": f"RUN(nn.AvgPool{d}d(2, padding=2), X(2, 3, {_shape(*sp)}))",
            "max_kernel_big": f"RUN(nn.MaxPool{d}d(20), X(2, 3, {_shape(*sp)}))",
            "avg_kernel_big": f"RUN(nn.AvgPool{d}d(20), X(2, 3, {_shape(*sp)}))",
            "max_stride_zero": f"RUN(nn.MaxPool{d}d(2, stride=0), X(2, 3, {_shape(*sp)}))",
            "avg_stride_zero": f"RUN(nn.AvgPool{d}d(2, stride=0), X(2, 3, {_shape(*sp)}))",
            "max_dilation_zero": f"RUN(nn.MaxPool{d}d(2, dilation=0), X(2, 3, {_shape(*sp)}))",
            "max_kernel_zero": f"RUN(nn.MaxPool{d}d(0), X(2, 3, {_shape(*sp)}))",
            "avg_kernel_zero": f"RUN(nn.AvgPool{d}d(0), X(2, 3, {_shape(*sp)}))",
            "max_negative_pad": f"RUN(nn.MaxPool{d}d(2, padding=-1), X(2, 3, {_shape(*sp)}))",
            "max_wrong_dims": f"RUN(nn.MaxPool{d}d(2), X({_shape(*sp)}))" if d > 1 else
                              "RUN(nn.MaxPool1d(2), X(1, 2, 3, 8))",
            "avg_wrong_dims": f"RUN(nn.AvgPool{d}d(2), X(1, 1, 2, 3, {_shape(*sp)}))",
            "max_int": f"RUN(nn.MaxPool{d}d(2), X(2, 3, {_shape(*sp)}, dt='int64'))",
            "avg_int": f"RUN(nn.AvgPool{d}d(2), X(2, 3, {_shape(*sp)}, dt='int64'))",
            "max_empty_channels": f"RUN(nn.MaxPool{d}d(2), X(2, 0, {_shape(*sp)}))",
            "max_empty_batch": f"RUN(nn.MaxPool{d}d(2), X(0, 3, {_shape(*sp)}))",
            "avg_empty_batch": f"RUN(nn.AvgPool{d}d(2), X(0, 3, {_shape(*sp)}))",
            "max_ties": f"GR(nn.MaxPool{d}d(2, stride=1, return_indices=True), X(1, 1, {_shape(*sp)}).sign())",
            "max_nan": f"GR(nn.MaxPool{d}d(2, return_indices=True), X(1, 1, {_shape(*sp)}) / X(1, 1, {_shape(*sp)}, "
                       f"v=1).abs().round())",
            "max_inf": f"GR(nn.MaxPool{d}d(2, return_indices=True), X(1, 1, {_shape(*sp)}) / 0)",
            "adaptive_zero": f"RUN(nn.AdaptiveAvgPool{d}d(0), X(2, 3, {_shape(*sp)}))",
            "adaptive_max_zero": f"RUN(nn.AdaptiveMaxPool{d}d(0), X(2, 3, {_shape(*sp)}))",
            "adaptive_negative": f"RUN(nn.AdaptiveAvgPool{d}d(-1), X(2, 3, {_shape(*sp)}))",
            "adaptive_wrong_len": f"RUN(nn.AdaptiveAvgPool{d}d((2,) * {d + 1}), X(2, 3, {_shape(*sp)}))",
            "adaptive_max_wrong_len": f"RUN(nn.AdaptiveMaxPool{d}d((2,) * {d + 1}), X(2, 3, {_shape(*sp)}))",
            "adaptive_empty_spatial": f"RUN(nn.AdaptiveAvgPool{d}d(2), X(2, 3, {_shape(*((0,) * d))}))",
            "adaptive_max_empty_spatial": f"RUN(nn.AdaptiveMaxPool{d}d(2), X(2, 3, {_shape(*((0,) * d))}))",
            "adaptive_int": f"RUN(nn.AdaptiveAvgPool{d}d(2), X(2, 3, {_shape(*sp)}, dt='int64'))",
            "adaptive_max_int": f"RUN(nn.AdaptiveMaxPool{d}d(2), X(2, 3, {_shape(*sp)}, dt='int64'))",
            "unpool_bad_size": f"(lambda o: F.max_unpool{d}d(o[0], o[1], 2, output_size=[1] * {d}))"
                               f"(F.max_pool{d}d(X(2, 3, {_shape(*sp)}), 2, return_indices=True))",
            "unpool_bad_index": f"F.max_unpool{d}d(X(1, 1, {_shape(*((2,) * d))}), I([99] * {2 ** d})"
                                f".reshape(1, 1, {_shape(*((2,) * d))}), 2)",
            "unpool_float_index": f"F.max_unpool{d}d(X(1, 1, {_shape(*((2,) * d))}), X(1, 1, {_shape(*((2,) * d))}),"
                                  f" 2)",
            "unpool_module": f"GF(lambda x: (lambda o: nn.MaxUnpool{d}d(2)(o[0], o[1]))(F.max_pool{d}d(x, 2, "
                             f"return_indices=True)), X(2, 3, {_shape(*sp)}))",
            "unpool_module_size": f"GF(lambda x: (lambda o: nn.MaxUnpool{d}d(2)(o[0], o[1], output_size=x.shape))"
                                  f"(F.max_pool{d}d(x, 2, return_indices=True)), X(2, 3, {_shape(*sp)}))",
            "avg_divisor_zero": f"RUN(nn.AvgPool{d}d(2, divisor_override=0), X(2, 3, {_shape(*sp)}))" if d > 1 else
                                "F.avg_pool1d(X(2, 3, 8), 2, divisor_override=0)",
            "f_max_pool_indices": f"F.max_pool{d}d_with_indices(X(2, 3, {_shape(*sp)}), 2)" if d > 1 else
                                  "F.max_pool1d_with_indices(X(2, 3, 8), 2)",
            "lp_negative": f"GR(nn.LPPool{min(d, 2)}d(2, 2), X(2, 3, {_shape(*POOL_SPATIAL[min(d, 2)])}))",
            "lp_zero_norm": f"RUN(nn.LPPool{min(d, 2)}d(0, 2), X(2, 3, {_shape(*POOL_SPATIAL[min(d, 2)])}))",
        }
        for name, expression in errors.items():
            cases[f"pool_edge/{d}d/{name}"] = expression


def _norms(cases, rng):
    for n in range(300):
        kind = rng.choice(("1d2", "1d3", "2d", "3d"))
        cls = {"1d2": "BatchNorm1d", "1d3": "BatchNorm1d", "2d": "BatchNorm2d", "3d": "BatchNorm3d"}[kind]
        shape = {"1d2": (4, 3), "1d3": (2, 3, 5), "2d": (2, 3, 2, 3), "3d": (2, 3, 2, 1, 3)}[kind]
        momentum = rng.choice((0.1, "None", 0.5, 0.0, 1.0))
        affine = rng.choice((True, False))
        track = rng.choice((True, True, False))
        train = rng.choice(("train", "train", "eval"))
        steps = rng.choice((1, 2, 3))
        runner = rng.choice(("RUN", "GR"))
        module = f"nn.{cls}(3, momentum={momentum}, affine={affine}, track_running_stats={track}).{train}()"
        calls = ", ".join(f"{runner}(m, X({_shape(*shape)}, v={i}))" for i in range(steps))
        cases[f"batchnorm/{n}"] = f"(lambda m: [{calls}])({module})"
    for n in range(120):
        kind = rng.choice(("1d", "2d"))
        cls = "InstanceNorm1d" if kind == "1d" else "InstanceNorm2d"
        shape = rng.choice(((2, 3, 5), (3, 5))) if kind == "1d" else rng.choice(((2, 3, 2, 3), (3, 2, 3)))
        affine = rng.choice((True, False))
        track = rng.choice((True, False))
        train = rng.choice(("train", "eval"))
        runner = rng.choice(("RUN", "GR"))
        module = f"nn.{cls}(3, affine={affine}, track_running_stats={track}).{train}()"
        cases[f"instancenorm/{n}"] = f"(lambda m: [{runner}(m, X({_shape(*shape)})), {runner}(m, X({_shape(*shape)}, " \
                                     f"v=1))])({module})"
    for n in range(120):
        shape = rng.choice(((2, 3, 4), (3, 4), (2, 2, 3, 4), (4,)))
        form = rng.choice(("int", "list", "tuple", "size", "two"))
        if form == "int":
            ns = str(shape[-1])
        elif form == "list":
            ns = str(list(shape[-1:]))
        elif form == "tuple":
            ns = str(tuple(shape[-2:])) if len(shape) > 1 else str(tuple(shape))
        elif form == "size":
            ns = f"lib.Size({list(shape[-2:])})"
        else:
            ns = str(list(shape[-2:]))
        affine = rng.choice((True, False))
        bias = rng.choice((True, False))
        runner = rng.choice(("RUN", "GR"))
        cases[f"layernorm/{n}"] = (f"{runner}(nn.LayerNorm({ns}, elementwise_affine={affine}, bias={bias}), "
                                   f"X({_shape(*shape)}))")
    for n in range(80):
        groups = rng.choice((1, 2, 3, 6))
        affine = rng.choice((True, False))
        shape = rng.choice(((2, 6, 4), (2, 6, 2, 3), (1, 6), (2, 6, 1)))
        runner = rng.choice(("RUN", "GR"))
        cases[f"groupnorm/{n}"] = f"{runner}(nn.GroupNorm({groups}, 6, affine={affine}), X({_shape(*shape)}))"
    errors = {
        "bn_batch_one": "RUN(nn.BatchNorm1d(3), X(1, 3))",
        "bn_batch_one_3d": "RUN(nn.BatchNorm1d(3), X(1, 3, 1))",
        "bn_batch_one_ok": "RUN(nn.BatchNorm1d(3), X(1, 3, 2))",
        "bn_batch_one_eval": "RUN(nn.BatchNorm1d(3).eval(), X(1, 3))",
        "bn2d_one": "RUN(nn.BatchNorm2d(3), X(1, 3, 1, 1))",
        "bn_wrong_channels": "RUN(nn.BatchNorm1d(4), X(2, 3))",
        "bn_wrong_dims": "RUN(nn.BatchNorm1d(3), X(3))",
        "bn2d_wrong_dims": "RUN(nn.BatchNorm2d(3), X(2, 3, 4))",
        "bn3d_wrong_dims": "RUN(nn.BatchNorm3d(3), X(2, 3, 4, 5))",
        "bn_empty_batch": "RUN(nn.BatchNorm1d(3), X(0, 3))",
        "bn_int": "RUN(nn.BatchNorm1d(3), X(2, 3, dt='int64'))",
        "bn_float16": "RUN(nn.BatchNorm1d(3).half(), X(2, 3, dt='float16'))",
        "bn_f_no_stats_eval": "F.batch_norm(X(2, 3), None, None, training=False)",
        "bn_f_training_no_stats": "GF(lambda x: F.batch_norm(x, None, None, training=True), X(2, 3))",
        "bn_f_weight_size": "F.batch_norm(X(2, 3), X(3), X(3).abs(), X(4))",
        "bn_f_momentum": "(lambda rm, rv: [F.batch_norm(X(4, 3), rm, rv, training=True, momentum=0.3), rm, rv])"
                         "(X(3, v=1), X(3, v=2).abs())",
        "bn_f_eval_stats": "GF(lambda x, rm: F.batch_norm(x, rm, X(3, v=2, dt='float64').abs() + 1), X(4, 3), X(3))",
        "bn_num_batches_momentum_none": "(lambda m: [RUN(m, X(4, 3)), RUN(m, X(4, 3, v=1)), RUN(m, X(4, 3, v=2)), "
                                        "m.num_batches_tracked])(nn.BatchNorm1d(3, momentum=None))",
        "bn_eval_no_track": "RUN(nn.BatchNorm1d(3, track_running_stats=False).eval(), X(4, 3))",
        "ln_wrong_shape": "RUN(nn.LayerNorm(5), X(2, 4))",
        "ln_wrong_shape2": "RUN(nn.LayerNorm([3, 4]), X(2, 4, 3))",
        "ln_too_many": "RUN(nn.LayerNorm([2, 3, 4]), X(3, 4))",
        "ln_f_weight": "F.layer_norm(X(2, 4), [4], X(3))",
        "ln_f_int_shape": "GF(lambda x: F.layer_norm(x, 4), X(2, 4))",
        "ln_0d_shape": "RUN(nn.LayerNorm([]), X(2, 4))",
        "ln_empty": "RUN(nn.LayerNorm(4), X(0, 4))",
        "ln_int": "RUN(nn.LayerNorm(4), X(2, 4, dt='int64'))",
        "ln_eps": "GR(nn.LayerNorm(4, eps=10.0), X(2, 4))",
        "ln_constant": "GR(nn.LayerNorm(4), X(2, 4) * 0 + 1)",
        "gn_not_dividing": "RUN(nn.GroupNorm(4, 6), X(2, 6, 3))",
        "gn_input_channels": "RUN(nn.GroupNorm(2, 6), X(2, 4, 3))",
        "gn_input_channels_div": "RUN(nn.GroupNorm(2, 6), X(2, 8, 3))",
        "gn_1d_input": "RUN(nn.GroupNorm(2, 6), X(6))",
        "gn_f": "GF(lambda x: F.group_norm(x, 3), X(2, 6, 4))",
        "gn_f_not_dividing": "F.group_norm(X(2, 6, 4), 4)",
        "gn_zero_groups": "RUN(nn.GroupNorm(0, 6), X(2, 6, 3))",
        "gn_empty": "RUN(nn.GroupNorm(2, 6), X(0, 6, 3))",
        "in_one_spatial": "RUN(nn.InstanceNorm1d(3), X(2, 3, 1))",
        "in_wrong_dims": "RUN(nn.InstanceNorm1d(3), X(2, 3, 4, 5))",
        "in_wrong_dims2": "RUN(nn.InstanceNorm2d(3), X(3, 4))",
        "in_channels_warn": "RUN(nn.InstanceNorm1d(4, affine=False), X(2, 3, 5))",
        "in_channels_affine": "RUN(nn.InstanceNorm1d(4, affine=True), X(2, 3, 5))",
        "in_3d": "GR(nn.InstanceNorm3d(3, affine=True, track_running_stats=True), X(2, 3, 2, 2, 3))",
        "in_f": "GF(lambda x: F.instance_norm(x), X(2, 3, 5))",
        "in_f_stats": "(lambda rm, rv: [F.instance_norm(X(2, 3, 5), rm, rv, use_input_stats=True, momentum=0.5), "
                      "rm, rv])(X(3, v=1), X(3, v=2).abs())",
        "in_f_eval": "F.instance_norm(X(2, 3, 5), X(3, v=1), X(3, v=2).abs(), use_input_stats=False)",
        "in_f_eval_none": "F.instance_norm(X(2, 3, 5), None, None, use_input_stats=False)",
        "lrn": "GR(nn.LocalResponseNorm(2), X(2, 4, 3))",
        "rms": "GR(nn.RMSNorm([3]), X(2, 3))",
        "rms_eps_none": "GR(nn.RMSNorm(3, eps=None, elementwise_affine=False), X(2, 3))",
    }
    for name, expression in errors.items():
        cases[f"norm_edge/{name}"] = expression


def _embeddings(cases, rng):
    for n in range(80):
        padding_idx = rng.choice(("None", 0, 2, -1, -5))
        max_norm = rng.choice(("None", "None", 1.0, 0.5))
        norm_type = rng.choice((2.0, 1.0, 3.0))
        scale = rng.choice((True, False))
        idx = rng.choice(("I([0, 2, 2, 4])", "I([[1, 2], [2, 0]])", "I(3)", "I([], 'int64')", "I([1, 4], 'int32')"))
        runner = rng.choice(("RUN", "GR"))
        cases[f"embedding/{n}"] = (f"(lambda m: [{runner}(m, {idx}), m.weight])(nn.Embedding(5, 3, "
                                   f"padding_idx={padding_idx}, max_norm={max_norm}, norm_type={norm_type}, "
                                   f"scale_grad_by_freq={scale}))")
    for n in range(80):
        mode = rng.choice(("sum", "mean", "max"))
        form = rng.choice(("2d", "offsets", "offsets_last"))
        psw = rng.choice((False, True)) and mode == "sum"
        padding_idx = rng.choice(("None", 1))
        if form == "2d":
            args = "I([[0, 1, 2], [1, 1, 4]])"
            weights = ", X(2, 3).abs()" if psw else ""
            last = False
        else:
            args = "I([0, 1, 2, 1, 4, 3]), I([0, 2, 2, 5])"
            weights = ", per_sample_weights=X(6).abs()" if psw else ""
            last = form == "offsets_last"
        runner = rng.choice(("RUN", "GR"))
        cases[f"embeddingbag/{n}"] = (f"{runner}(nn.EmbeddingBag(5, 3, mode='{mode}', include_last_offset={last}, "
                                      f"padding_idx={padding_idx}), {args}{weights})")
    errors = {
        "out_of_range": "RUN(nn.Embedding(5, 3), I([0, 5]))",
        "negative_index": "RUN(nn.Embedding(5, 3), I([0, -1]))",
        "float_index": "RUN(nn.Embedding(5, 3), X(2))",
        "int32_index": "GR(nn.Embedding(5, 3), I([0, 4], 'int32'))",
        "padding_idx_range": "nn.Embedding(5, 3, padding_idx=5)",
        "padding_idx_negative_range": "nn.Embedding(5, 3, padding_idx=-6)",
        "padding_idx_grad": "GF(lambda w: F.embedding(I([0, 2, 2]), w, padding_idx=2), X(5, 3))",
        "padding_idx_negative_f": "GF(lambda w: F.embedding(I([0, 2, 4]), w, padding_idx=-1), X(5, 3))",
        "max_norm_inplace": "(lambda w: [F.embedding(I([0, 2, 2]), w, max_norm=1.0), w])(X(5, 3))",
        "max_norm_f_grad": "GF(lambda w: F.embedding(I([0, 2]), w, max_norm=0.5), X(5, 3))",
        "from_pretrained": "RUN(nn.Embedding.from_pretrained(X(4, 2), padding_idx=1), I([1, 3]))",
        "from_pretrained_1d": "nn.Embedding.from_pretrained(X(4))",
        "sparse_grad": "(lambda m: (lambda g: [g.layout, g.to_dense()])(lib.autograd.grad(m(I([0, 2, 2])).sum(), "
                       "m.weight)[0]))(FIX(nn.Embedding(5, 3, sparse=True)))",
        "bag_bad_offsets": "RUN(nn.EmbeddingBag(5, 3), I([0, 1, 2]), I([1, 2]))",
        "bag_offsets_decreasing": "RUN(nn.EmbeddingBag(5, 3), I([0, 1, 2]), I([0, 2, 1]))",
        "bag_offsets_2d_input": "RUN(nn.EmbeddingBag(5, 3), I([[0, 1, 2]]), I([0]))",
        "bag_1d_no_offsets": "RUN(nn.EmbeddingBag(5, 3), I([0, 1, 2]))",
        "bag_psw_mean": "RUN(nn.EmbeddingBag(5, 3, mode='mean'), I([[0, 1]]), X(1, 2))",
        "bag_psw_shape": "RUN(nn.EmbeddingBag(5, 3, mode='sum'), I([[0, 1]]), X(2, 1))",
        "bag_bad_mode": "nn.EmbeddingBag(5, 3, mode='min')",
        "bag_out_of_range": "RUN(nn.EmbeddingBag(5, 3), I([[0, 7]]))",
        "bag_empty_bag_max": "GR(nn.EmbeddingBag(5, 3, mode='max'), I([0, 1]), I([0, 0]))",
        "bag_empty_bag_mean": "GR(nn.EmbeddingBag(5, 3, mode='mean'), I([0, 1]), I([0, 2]))",
        "bag_max_norm": "(lambda m: [RUN(m, I([[0, 1]])), m.weight])(nn.EmbeddingBag(5, 3, max_norm=0.5))",
        "bag_offsets_int32": "RUN(nn.EmbeddingBag(5, 3), I([0, 1, 2], 'int32'), I([0, 1], 'int32'))",
        "bag_offsets_mixed": "RUN(nn.EmbeddingBag(5, 3), I([0, 1, 2], 'int32'), I([0, 1]))",
        "bag_3d": "RUN(nn.EmbeddingBag(5, 3), I([[[0, 1]]]))",
        "f_embedding_bag": "GF(lambda w: F.embedding_bag(I([0, 1, 2, 1]), w, I([0, 2]), mode='max'), X(5, 3))",
    }
    for name, expression in errors.items():
        cases[f"embedding_edge/{name}"] = expression


def _linear_and_small(cases, rng):
    linear = {
        "linear_wrong": "RUN(nn.Linear(3, 4), X(2, 5))",
        "linear_1d": "GR(nn.Linear(3, 4), X(3))",
        "linear_0d": "RUN(nn.Linear(3, 4), X(3)[0])",
        "linear_3d": "GR(nn.Linear(3, 4, bias=False), X(2, 2, 3))",
        "linear_empty": "GR(nn.Linear(3, 4), X(0, 3))",
        "linear_zero_in": "GR(nn.Linear(0, 4), X(2, 0))",
        "linear_int": "RUN(nn.Linear(3, 4), X(2, 3, dt='int64'))",
        "linear_dtype": "RUN(nn.Linear(3, 4), X(2, 3, dt='float64'))",
        "f_linear_bias": "F.linear(X(2, 3), X(4, 3), X(5))",
        "f_linear_weight_1d": "GF(lambda x, w: F.linear(x, w), X(2, 3), X(3))",
        "f_linear_weight_3d": "F.linear(X(2, 3), X(1, 4, 3))",
        "f_linear_bias_2d": "GF(lambda x, w, b: F.linear(x, w, b), X(2, 3), X(4, 3), X(2, 4))",
        "bilinear": "GR(nn.Bilinear(3, 2, 4), X(5, 3), X(5, 2, v=1))",
        "bilinear_no_bias": "GR(nn.Bilinear(3, 2, 4, bias=False), X(2, 2, 3), X(2, 2, 2, v=1))",
        "bilinear_1d": "GR(nn.Bilinear(3, 2, 4), X(3), X(2, v=1))",
        "bilinear_wrong1": "RUN(nn.Bilinear(3, 2, 4), X(5, 4), X(5, 2))",
        "bilinear_wrong2": "RUN(nn.Bilinear(3, 2, 4), X(5, 3), X(5, 3))",
        "bilinear_batch": "RUN(nn.Bilinear(3, 2, 4), X(5, 3), X(4, 2))",
        "bilinear_dims": "RUN(nn.Bilinear(3, 2, 4), X(5, 3), X(1, 5, 2))",
        "f_bilinear_bias": "F.bilinear(X(5, 3), X(5, 2), X(4, 3, 2), X(3))",
        "f_bilinear_weight": "F.bilinear(X(5, 3), X(5, 2), X(4, 3))",
        "identity": "GR(nn.Identity(3, foo=1), X(2, 3))",
    }
    for name, expression in linear.items():
        cases[f"linear_edge/{name}"] = expression
    dropouts = ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout")
    shapes = ((4,), (2, 3), (2, 3, 4), (2, 3, 2, 2), (2, 3, 2, 2, 2))
    for cls in dropouts:
        for shape in shapes:
            for p in (0.5, 1.0):
                cases[f"dropout/{cls}/{len(shape)}/{p}"] = f"GR(nn.{cls}({p}).eval(), X({_shape(*shape)}))"
            cases[f"dropout/{cls}/{len(shape)}/train0"] = f"GR(nn.{cls}(0.0), X({_shape(*shape)}))"
        cases[f"dropout/{cls}/p_negative"] = f"nn.{cls}(-0.1)"
        cases[f"dropout/{cls}/p_big"] = f"nn.{cls}(1.5)"
        cases[f"dropout/{cls}/p_one_train"] = f"RUN(nn.{cls}(1.0), X(2, 3, 2, 2))"
    for name in ("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"):
        for shape in shapes:
            cases[f"fdropout/{name}/{len(shape)}"] = f"GF(lambda x: F.{name}(x, 0.5, training=False), " \
                                                     f"X({_shape(*shape)}))"
            cases[f"fdropout/{name}/{len(shape)}/p1"] = f"GF(lambda x: F.{name}(x, 1.0, training=True), " \
                                                        f"X({_shape(*shape)}))"
        cases[f"fdropout/{name}/p_big"] = f"F.{name}(X(2, 3, 4), 1.5, training=False)"
    for r in (1, 2, 3):
        for shape in ((1, 4, 2, 3), (2, 8, 1, 2), (4, 2, 2), (2, 9, 2, 2), (2, 1, 3, 2, 2), (4, 6), (1, 4, 4, 6)):
            cases[f"pixel/shuffle/{r}/{shape}"] = f"GR(nn.PixelShuffle({r}), X({_shape(*shape)}))"
            cases[f"pixel/unshuffle/{r}/{shape}"] = f"GR(nn.PixelUnshuffle({r}), X({_shape(*shape)}))"
    cases["pixel/shuffle_zero"] = "RUN(nn.PixelShuffle(0), X(1, 4, 2, 2))"
    cases["pixel/unshuffle_zero"] = "RUN(nn.PixelUnshuffle(0), X(1, 4, 2, 2))"
    cases["pixel/shuffle_int"] = "RUN(nn.PixelShuffle(2), X(1, 4, 2, 2, dt='int64'))"
    flats = {
        "flatten": "GR(nn.Flatten(), X(2, 3, 4))",
        "flatten_1d": "RUN(nn.Flatten(), X(4))",
        "flatten_0d": "RUN(nn.Flatten(), X(1)[0])",
        "flatten_dims": "RUN(nn.Flatten(0, -1), X(2, 3, 4))",
        "flatten_bad": "RUN(nn.Flatten(2, 1), X(2, 3, 4))",
        "flatten_out": "RUN(nn.Flatten(1, 5), X(2, 3, 4))",
        "unflatten": "GR(nn.Unflatten(1, (2, 2)), X(3, 4))",
        "unflatten_minus": "RUN(nn.Unflatten(1, (2, -1)), X(3, 4))",
        "unflatten_bad": "RUN(nn.Unflatten(1, (3, 2)), X(3, 4))",
        "unflatten_two_minus": "RUN(nn.Unflatten(1, (-1, -1)), X(3, 4))",
        "unflatten_size": "RUN(nn.Unflatten(-1, lib.Size([2, 2])), X(3, 4))",
        "unflatten_list": "nn.Unflatten(1, [2, 2])",
        "unflatten_named": "nn.Unflatten('x', (2, 2))",
        "unflatten_empty": "RUN(nn.Unflatten(1, ()), X(3, 4))",
        "unflatten_zero": "RUN(nn.Unflatten(1, (0, -1)), X(3, 0))",
    }
    for name, expression in flats.items():
        cases[f"flatten_edge/{name}"] = expression


def _resample(cases, rng):
    modes = {1: ("nearest", "nearest-exact", "linear", "area"),
             2: ("nearest", "nearest-exact", "bilinear", "bicubic", "area"),
             3: ("nearest", "nearest-exact", "trilinear", "area")}
    for d in (1, 2, 3):
        sp = SPATIAL[d]
        for n in range(150):
            mode = rng.choice(modes[d])
            form = rng.choice(("scale", "size", "scale_tuple"))
            align = rng.choice(("None", True, False))
            recompute = rng.choice(("None", True, False))
            if form == "scale":
                arg = f"scale_factor={rng.choice((2, 0.5, 1.5, 1.7, 3, 0.3, 1))}"
            elif form == "scale_tuple":
                arg = f"scale_factor={tuple(rng.choice((2, 0.5, 1.5)) for _ in range(d))}"
            else:
                arg = f"size={rng.choice((4, 9, 1, tuple(rng.choice((3, 8, 2)) for _ in range(d))))}"
            batched = rng.choice(("X(2, 3", "X(1, 2"))
            runner = rng.choice(("GF", "F"))
            call = f"F.interpolate(x, {arg}, mode='{mode}', align_corners={align}, recompute_scale_factor={recompute})"
            if runner == "GF":
                cases[f"interp/{d}d/{n}"] = f"GF(lambda x: {call}, {batched}, {_shape(*sp)}))"
            else:
                cases[f"interp/{d}d/{n}"] = f"(lambda x: {call})({batched}, {_shape(*sp)}))"
        errors = {
            "both": f"F.interpolate(X(1, 2, {_shape(*sp)}), size=3, scale_factor=2)",
            "neither": f"F.interpolate(X(1, 2, {_shape(*sp)}))",
            "size_len": f"F.interpolate(X(1, 2, {_shape(*sp)}), size=(3,) * {d + 1})",
            "scale_len": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=(2.0,) * {d + 1})",
            "align_nearest": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=2, align_corners=True)",
            "align_area": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=2, mode='area', align_corners=False)",
            "bad_mode": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=2, mode='cubic')",
            "wrong_mode_dims": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=2, "
                               f"mode='{'bilinear' if d != 2 else 'trilinear'}')",
            "unbatched": f"F.interpolate(X(2, {_shape(*sp)}), scale_factor=2)",
            "zero_size": f"F.interpolate(X(1, 2, {_shape(*sp)}), size=0)",
            "zero_scale": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=0.01)",
            "negative_scale": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=-2)",
            "int_input": f"F.interpolate(X(1, 2, {_shape(*sp)}, dt='int64'), scale_factor=2)",
            "uint8_nearest": f"F.interpolate(X(1, 2, {_shape(*sp)}, dt='int64').abs().to(lib.uint8), scale_factor=2)",
            "antialias_nearest": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor=0.5, antialias=True)",
            "upsample_module": f"GR(nn.Upsample(scale_factor=2), X(1, 2, {_shape(*sp)}))",
            "upsample_module_size": f"GR(nn.Upsample(size=4, mode='nearest'), X(1, 2, {_shape(*sp)}))",
            "upsample_module_align": f"GR(nn.Upsample(scale_factor=1.5, mode='{modes[d][2]}', align_corners=True), "
                                     f"X(1, 2, {_shape(*sp)}))",
            "upsample_module_both": f"RUN(nn.Upsample(size=3, scale_factor=2), X(1, 2, {_shape(*sp)}))",
            "upsampling_nearest": f"GR(nn.UpsamplingNearest2d(scale_factor=2), X(1, 2, {_shape(*SPATIAL[2])}))",
            "upsampling_bilinear": f"GR(nn.UpsamplingBilinear2d(scale_factor=2), X(1, 2, {_shape(*SPATIAL[2])}))",
            "f_upsample": f"F.upsample(X(1, 2, {_shape(*sp)}), scale_factor=2)",
            "f_upsample_nearest": f"F.upsample_nearest(X(1, 2, {_shape(*sp)}), scale_factor=2)",
            "scale_float_size_int": f"F.interpolate(X(1, 2, {_shape(*sp)}), size=2.5)",
            "size_list": f"F.interpolate(X(1, 2, {_shape(*sp)}), size={[3] * d})",
            "scale_list": f"F.interpolate(X(1, 2, {_shape(*sp)}), scale_factor={[2.0] * d})",
        }
        for name, expression in errors.items():
            cases[f"interp_edge/{d}d/{name}"] = expression


def _pad(cases, rng):
    for n in range(300):
        nd = rng.choice((1, 2, 3))
        mode = rng.choice(("constant", "reflect", "replicate", "circular"))
        pads = tuple(rng.choice((0, 1, 2, 3, -1, -2, 5)) for _ in range(2 * nd))
        batched = rng.choice((0, 1, 2))
        shape = (2, 3)[:batched] + (3, 4, 3)[:nd]
        if rng.random() < 0.3:
            shape = (2,) + shape
        value = ", value=1.5" if mode == "constant" and rng.random() < 0.5 else ""
        runner = rng.choice(("GF", "F"))
        call = f"F.pad(x, {pads}, mode='{mode}'{value})"
        if runner == "GF":
            cases[f"pad/{n}"] = f"GF(lambda x: {call}, X({_shape(*shape)}))"
        else:
            cases[f"pad/{n}"] = f"(lambda x: {call})(X({_shape(*shape)}))"
    errors = {
        "odd": "F.pad(X(2, 3), (1, 2, 3))",
        "too_many_constant": "F.pad(X(2, 3), (1, 1, 1, 1, 1, 1))",
        "bad_mode": "F.pad(X(2, 3), (1, 1), mode='wrap')",
        "value_reflect": "F.pad(X(1, 2, 3), (1, 1), mode='reflect', value=1.0)",
        "reflect_int": "F.pad(X(1, 2, 3, dt='int64'), (1, 1), mode='reflect')",
        "constant_int": "F.pad(X(1, 2, 3, dt='int64'), (1, 1), value=2.5)",
        "constant_bool": "F.pad(X(1, 2, 3, dt='int64') > 0, (1, 1), value=1)",
        "reflect_empty": "F.pad(X(1, 0, 3), (1, 1), mode='reflect')",
        "reflect_empty_dim": "F.pad(X(1, 2, 0), (1, 1), mode='reflect')",
        "replicate_empty_dim": "F.pad(X(1, 2, 0), (1, 1), mode='replicate')",
        "circular_empty_dim": "F.pad(X(1, 2, 0), (1, 1), mode='circular')",
        "negative_all": "GF(lambda x: F.pad(x, (-2, -2)), X(2, 3))",
        "negative_past": "F.pad(X(2, 3), (-2, -2, 0, 0))",
        "negative_to_zero": "GF(lambda x: F.pad(x, (-1, -2)), X(2, 3))",
        "reflect_too_big": "F.pad(X(1, 2, 3), (3, 0), mode='reflect')",
        "circular_too_big": "F.pad(X(1, 2, 3), (4, 0), mode='circular')",
        "circular_negative_too_big": "F.pad(X(1, 2, 3), (-4, 0), mode='circular')",
        "reflect_4d_on_2d": "F.pad(X(2, 3), (1, 1, 1, 1), mode='reflect')",
        "reflect_1d": "F.pad(X(3), (1, 1), mode='reflect')",
        "replicate_1d": "F.pad(X(3), (1, 1), mode='replicate')",
        "circular_1d": "F.pad(X(3), (1, 1), mode='circular')",
        "reflect_5d_3pairs": "GF(lambda x: F.pad(x, (1, 1, 1, 1, 1, 1), mode='reflect'), X(1, 1, 2, 3, 3))",
        "pad_list": "F.pad(X(2, 3), [1, 1])",
        "pad_float": "F.pad(X(2, 3), (1.0, 1))",
        "pad_0d": "F.pad(X(1)[0], (1, 1))",
        "pad_empty_pads": "F.pad(X(2, 3), ())",
        "module_reflection": "GR(nn.ReflectionPad1d((2, 1)), X(1, 2, 4))",
        "module_reflection_big": "RUN(nn.ReflectionPad2d(3), X(1, 2, 3, 3))",
        "module_replication3d": "GR(nn.ReplicationPad3d((1, 0, 0, 1, 2, 0)), X(1, 1, 2, 2, 2))",
        "module_zero": "GR(nn.ZeroPad2d((1, -1, 2, 0)), X(1, 2, 3, 3))",
        "module_constant": "GR(nn.ConstantPad1d(2, 3.5), X(2, 3))",
        "module_circular": "GR(nn.CircularPad2d((1, 2, 0, 1)), X(1, 2, 3, 3))",
        "module_circular_unbatched": "GR(nn.CircularPad1d(1), X(2, 3))",
        "module_wrong_dims": "RUN(nn.ReflectionPad2d(1), X(3))",
        "module_wrong_dims_zero": "RUN(nn.ZeroPad2d(1), X(3))",
    }
    for name, expression in errors.items():
        cases[f"pad_edge/{name}"] = expression


def _rnn(cases, rng):
    for n in range(160):
        cls = rng.choice(("RNN", "LSTM", "GRU"))
        layers = rng.choice((1, 2))
        bidi = rng.choice((True, False))
        first = rng.choice((True, False))
        bias = rng.choice((True, False))
        proj = ", proj_size=2" if cls == "LSTM" and rng.random() < 0.4 else ""
        nonlin = ", nonlinearity='relu'" if cls == "RNN" and rng.random() < 0.3 else ""
        form = rng.choice(("batched", "batched", "unbatched", "h0"))
        if form == "unbatched":
            x = "X(4, 3)"
            extra = ""
        else:
            x = "X(2, 4, 3)" if first else "X(4, 2, 3)"
            extra = ""
        if form == "h0":
            dirs = 2 if bidi else 1
            hs = 2 if proj else 5
            h = f"X({layers * dirs}, 2, {hs}, v=1)"
            if cls == "LSTM":
                extra = f", ({h}, X({layers * dirs}, 2, 5, v=2))"
            else:
                extra = f", {h}"
        runner = rng.choice(("RUN", "GR"))
        cases[f"rnn/{n}"] = (f"{runner}(nn.{cls}(3, 5, num_layers={layers}, bidirectional={bidi}, batch_first={first},"
                             f" bias={bias}{proj}{nonlin}), {x}{extra})")
    for cls in ("RNN", "LSTM", "GRU"):
        h = "X(1, 2, 5)" if cls != "LSTM" else "(X(1, 2, 5), X(1, 2, 5))"
        bad_h = "X(2, 2, 5)" if cls != "LSTM" else "(X(2, 2, 5), X(1, 2, 5))"
        errors = {
            "h0_layers": f"RUN(nn.{cls}(3, 5), X(4, 2, 3), {bad_h})",
            "h0_batch": f"RUN(nn.{cls}(3, 5), X(4, 2, 3), " + ("X(1, 3, 5))" if cls != "LSTM" else
                                                                 "(X(1, 3, 5), X(1, 3, 5)))"),
            "h0_hidden": f"RUN(nn.{cls}(3, 5), X(4, 2, 3), " + ("X(1, 2, 4))" if cls != "LSTM" else
                                                                  "(X(1, 2, 5), X(1, 2, 4)))"),
            "h0_unbatched_3d": f"RUN(nn.{cls}(3, 5), X(4, 3), {h})",
            "h0_batched_2d": f"RUN(nn.{cls}(3, 5), X(4, 2, 3), " + ("X(2, 5))" if cls != "LSTM" else
                                                                      "(X(2, 5), X(2, 5)))"),
            "input_size": f"RUN(nn.{cls}(3, 5), X(4, 2, 4))",
            "input_dims": f"RUN(nn.{cls}(3, 5), X(1, 4, 2, 3))",
            "input_1d": f"RUN(nn.{cls}(3, 5), X(3))",
            "zero_layers": f"nn.{cls}(3, 5, num_layers=0)",
            "zero_hidden": f"nn.{cls}(3, 0)",
            "dropout_one_layer": f"nn.{cls}(3, 5, dropout=0.5)",
            "dropout_big": f"nn.{cls}(3, 5, dropout=1.5)",
            "float_hidden": f"nn.{cls}(3, 5.0)",
            "empty_seq": f"RUN(nn.{cls}(3, 5), X(0, 2, 3))",
            "empty_batch": f"RUN(nn.{cls}(3, 5), X(4, 0, 3))",
            "dtype_mix": f"RUN(nn.{cls}(3, 5), X(4, 2, 3, dt='float64'))",
            "h0_dtype": f"RUN(nn.{cls}(3, 5), X(4, 2, 3), " + ("X(1, 2, 5, dt='float64'))" if cls != "LSTM" else
                                                                 "(X(1, 2, 5, dt='float64'), X(1, 2, 5)))"),
            "cell": f"GR(nn.{cls}Cell(3, 5), X(2, 3))",
            "cell_unbatched": f"GR(nn.{cls}Cell(3, 5), X(3))",
            "cell_bad_input": f"RUN(nn.{cls}Cell(3, 5), X(2, 4))",
            "cell_h_batch": f"RUN(nn.{cls}Cell(3, 5), X(2, 3), " + ("X(3, 5))" if cls != "LSTM" else
                                                                      "(X(3, 5), X(3, 5)))"),
            "cell_3d": f"RUN(nn.{cls}Cell(3, 5), X(1, 2, 3))",
            "cell_no_bias": f"GR(nn.{cls}Cell(3, 5, bias=False), X(2, 3))",
        }
        if cls == "LSTM":
            errors.update({
                "proj_big": "nn.LSTM(3, 5, proj_size=5)",
                "proj_negative": "nn.LSTM(3, 5, proj_size=-1)",
                "proj_h0": "RUN(nn.LSTM(3, 5, proj_size=2), X(4, 2, 3), (X(1, 2, 5), X(1, 2, 5)))",
                "proj_c0": "RUN(nn.LSTM(3, 5, proj_size=2), X(4, 2, 3), (X(1, 2, 2), X(1, 2, 2)))",
                "h0_not_tuple": "RUN(nn.LSTM(3, 5), X(4, 2, 3), X(1, 2, 5))",
            })
        else:
            errors["proj"] = f"nn.{cls}(3, 5, proj_size=2)"
            errors["h0_tuple"] = f"RUN(nn.{cls}(3, 5), X(4, 2, 3), (X(1, 2, 5), X(1, 2, 5)))"
        if cls == "RNN":
            errors["bad_nonlinearity"] = "nn.RNN(3, 5, nonlinearity='sigmoid')"
        for name, expression in errors.items():
            cases[f"rnn_edge/{cls}/{name}"] = expression


def generate():
    cases = {}
    rng = random.Random(17)
    _conv(cases, rng)
    _conv_transpose(cases, rng)
    _pool(cases, rng)
    _norms(cases, rng)
    _embeddings(cases, rng)
    _linear_and_small(cases, rng)
    _resample(cases, rng)
    _pad(cases, rng)
    _rnn(cases, rng)
    return cases


if __name__ == "__main__":
    main(generate, R.evaluate, group=lambda name, expression, c: name.split("/")[0] + ":" + c, same=R.same,
         before_each=lambda lib: lib.manual_seed(0))
