"""Differential fuzzer of printing (session 16, print16): the same case list under PyTorch and gradlib, then a
diff of the printed strings, exactly.

    /tmp/benchvenv/bin/python tools/fuzz_print16.py torch /tmp/p16_torch.json   # FUZZ_PRINT16_RANDOM=N: N random cases
    .venv/bin/python tools/fuzz_print16.py gradlib /tmp/p16_gradlib.json
    PYTHONPATH=tests/cupy_stand_in/site .venv/bin/python tools/fuzz_print16.py gradlib /tmp/p16_cuda.json cuda
    python3 tools/fuzz_print16.py diff /tmp/p16_torch.json /tmp/p16_gradlib.json [FILTER]

Cases (a fixed seed for the combinations it samples): repr/str of tensors of every dtype x shape x value kind,
with and without print options; format specs, f-strings and ``%`` of 0-d tensors; torch.Size, dtype, device,
finfo/iinfo reprs; every nn module gradlib has with non-default arguments, containers, optimizers, distributions,
``grad_fn.name()``. The builders are tests/reference/print16_cases.py's; the cases that found a difference are
copied to tests/reference/print16.py.
"""
import json
import os
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import print16_cases as C  # noqa: E402

SHAPES = ((), (0,), (2, 0), (0, 3, 1), (1,), (5,), (3, 4), (2, 3, 4), (2, 1, 2, 3), (30,), (12, 9), (1001,),
          (40, 30), (3, 400), (2, 3, 200))
KINDS = ("small", "ints", "mixed", "big", "tiny", "special", "nan", "extreme", "negzero")
OPTIONS = ("", "precision=2", "precision=8", "precision=0", "threshold=5", "edgeitems=1", "edgeitems=1, threshold=3",
           "linewidth=40", "linewidth=200", "sci_mode=True", "sci_mode=False", "profile='short'", "profile='full'",
           "precision=10, sci_mode=False", "linewidth=20, precision=1", "threshold=10, edgeitems=5", "edgeitems=0",
           "edgeitems=0, threshold=5", "sci_mode=False, precision=2", "sci_mode=True, precision=1")
SUFFIXES = ("{x}", "{x}.requires_grad_()", "({x} * 2)", "nn.Parameter({x})", "{x}.t()", "{x}[..., ::2]",
            "{x}.transpose(0, -1)", "{x}.flip(0)", "{x}.conj()", "(-{x})", "{x}.unsqueeze(0)", "{x}.squeeze()",
            "{x}.detach()", "{x}[None, ..., None]")


def tensor_cases(rng):
    cases = {}
    for dtype in C.DTYPES:
        for shape in SHAPES:
            for kind in KINDS:
                if dtype == "bool" and kind != "small":
                    continue
                if dtype.startswith(("int", "uint")) and kind not in ("small", "big", "extreme"):
                    continue
                x = f"V({dtype!r}, {shape!r}, {kind!r})"
                cases[f"repr/{dtype}/{shape}/{kind}"] = f"out = repr({x})"
                option = rng.choice(OPTIONS)
                if option:
                    cases[f"opts/{dtype}/{shape}/{kind}/{option}"] = f"OPTS({option})\nout = repr({x})"
                floating = dtype.startswith(("float", "bfloat", "complex"))
                form = rng.choice(SUFFIXES[:4] + SUFFIXES[8:] if len(shape) < 2 else SUFFIXES)
                if form == "(-{x})" and dtype == "bool":
                    form = "{x}"
                if "requires_grad" in form or "Parameter" in form or "* 2" in form:
                    if not floating or 0 in shape:
                        continue
                cases[f"form/{dtype}/{shape}/{kind}/{form}"] = f"out = str({form.format(x=x)})"
    for seed in range(1, int(os.environ.get("FUZZ_PRINT16_RANDOM", "300"))):  # more values: random dtype x shape x kind x option
        dtype, shape, kind = rng.choice(C.DTYPES[6:]), rng.choice(SHAPES), rng.choice(KINDS[:7])
        option = rng.choice(OPTIONS)
        cases[f"random/{seed}/{dtype}/{shape}/{kind}/{option}"] = (
            f"OPTS({option})\nout = repr(V({dtype!r}, {shape!r}, {kind!r}, {seed}).requires_grad_() * 1)")
    for option in OPTIONS[1:]:
        for dtype in ("float32", "float64", "complex64", "int64"):
            for kind in ("small", "ints", "mixed", "big"):
                cases[f"optsweep/{dtype}/{kind}/{option}"] = (
                    f"OPTS({option})\nout = repr(V({dtype!r}, (4, 6), {kind!r}, 3))")
    for dtype in ("float32", "float64", "complex64", "complex128", "int32", "float16"):
        for kind in ("small", "ints", "mixed"):
            cases[f"default64/{dtype}/{kind}"] = (
                "lib.set_default_dtype(lib.float64)\ntry:\n"
                f"    out = repr(V({dtype!r}, (3, 5), {kind!r}, 4)) + repr(V({dtype!r}, (0, 2), {kind!r}))\n"
                "finally:\n    lib.set_default_dtype(lib.float32)")
    return cases


def scalar_cases():
    cases = {}
    values = ("3.14159", "-2.5", "1e-7", "123456789.0", "float('nan')", "float('inf')", "-0.0", "7", "True",
              "2.5+1j")
    specs = ("", ".3f", ".2e", "10.4f", "g", ">12", ".1%", "d", "+.2f")
    for value in values:
        for dtype in ("", ", dtype=lib.float16", ", dtype=lib.float64", ", dtype=lib.int32"):
            t = f"lib.tensor({value}{dtype})"
            cases[f"format/{value}/{dtype}/str"] = f"out = '{{}}'.format({t})"
            cases[f"format/{value}/{dtype}/percent"] = f"out = '%s|%r' % ({t}, {t})"
            cases[f"format/{value}/{dtype}/item"] = f"out = repr({t}.item()) + ' ' + str({t}.tolist())"
            for spec in specs:
                cases[f"format/{value}/{dtype}/{spec}"] = f"out = format({t}, {spec!r})"
    cases["format/1d"] = "out = format(lib.tensor([1.5, 2.0]), '.2f')"
    cases["format/1d-empty-spec"] = "out = format(lib.tensor([1.5, 2.0]), '')"
    cases["format/grad"] = "out = f'{lib.tensor(2.5, requires_grad=True):.2f}'"
    cases["format/param0d"] = "out = format(nn.Parameter(lib.tensor(2.5)), '.2f')"
    for expr in ("lib.Size([2, 3])", "lib.Size([])", "lib.Size([5])", "lib.ones(2, 3).shape", "lib.ones(2).size()",
                 "lib.float32", "lib.bfloat16", "lib.complex128", "lib.bool", "lib.uint8", "lib.device('cpu')",
                 "lib.device('cuda', 1)", "lib.device('cuda')", "lib.device('cuda:0')", "lib.finfo(lib.float32)",
                 "lib.finfo(lib.float16)", "lib.finfo(lib.bfloat16)", "lib.finfo(lib.float64)", "lib.finfo()",
                 "lib.iinfo(lib.int32)", "lib.iinfo(lib.uint8)", "lib.iinfo(lib.int64)", "lib.iinfo(lib.bool)",
                 "lib.finfo(lib.complex64)", "lib.ones(2).dtype", "lib.Size([2, 3]).numel()",
                 "lib.ones(3, requires_grad=True).sum().grad_fn.name()",
                 "(lib.ones(3, requires_grad=True) * 2).grad_fn.name()",
                 "lib.ones(3, requires_grad=True).exp().mean().grad_fn.name()",
                 "lib.ones(2, 3, requires_grad=True).t().grad_fn.name()",
                 "lib.ones(2, 3, requires_grad=True)[0].grad_fn.name()",
                 "lib.ones(3, requires_grad=True).sum().grad_fn.next_functions[0][0].name()",
                 "lib.get_default_dtype()", "lib.ones(2).layout", "lib.contiguous_format",
                 "lib.channels_last", "lib.strided", "lib.ones(2, 3).stride()", "lib.Generator().device",
                 "type(lib.ones(2).shape)", "lib.Size([2, 3])[1:]", "lib.ones(2, 3).T.shape",
                 "lib.max(lib.tensor([[1., 3.], [2., 0.]]), 1)",
                 "lib.sort(lib.tensor([3., 1., 2.]))", "lib.tensor([1., 2.]).unique(return_counts=True)",
                 "lib.linalg.slogdet(lib.eye(2))", "lib.aminmax(lib.tensor([1, 5]))"):
            for form in ("repr", "str"):
                cases[f"misc/{form}/{expr}"] = f"out = {form}({expr})"
    return cases


MODULES = (
    "nn.Linear(3, 4, bias=False)", "nn.Linear(3, 4)", "nn.Bilinear(2, 3, 4, bias=False)", "nn.Identity(3, k=2)",
    "nn.Conv1d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False, padding_mode='reflect')",
    "nn.Conv2d(4, 8, (3, 5), stride=(2, 1), padding='same', padding_mode='circular')",
    "nn.Conv2d(4, 8, 3, padding=(1, 2), dilation=(2, 1), groups=4)", "nn.Conv2d(1, 1, 1)",
    "nn.Conv2d(2, 2, 3, padding='valid')", "nn.Conv3d(2, 4, 3, stride=2, padding_mode='replicate')",
    "nn.ConvTranspose1d(2, 4, 3, stride=2, output_padding=1)",
    "nn.ConvTranspose2d(4, 8, 3, stride=2, padding=1, output_padding=1, groups=2, bias=False, dilation=2)",
    "nn.ConvTranspose3d(2, 2, 2)", "nn.LazyLinear(5)", "nn.LazyConv2d(4, 3)", "nn.LazyConv1d(4, 3, bias=False)",
    "nn.LazyConvTranspose1d(2, 3)", "nn.LazyConvTranspose2d(2, 3, stride=2)", "nn.LazyBatchNorm1d()",
    "nn.LazyBatchNorm2d(eps=1e-3)",
    "nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False, track_running_stats=False)",
    "nn.BatchNorm2d(3, momentum=0.3)", "nn.BatchNorm3d(2)", "nn.InstanceNorm1d(3, affine=True)",
    "nn.InstanceNorm2d(3, track_running_stats=True)", "nn.InstanceNorm3d(3)", "nn.GroupNorm(2, 4, affine=False)",
    "nn.GroupNorm(2, 4, eps=1e-3)", "nn.LayerNorm(4)", "nn.LayerNorm((3, 4), eps=1e-6, elementwise_affine=False)",
    "nn.LayerNorm(4, bias=False)", "nn.RMSNorm(4)", "nn.RMSNorm([2, 3], eps=1e-5, elementwise_affine=False)",
    "nn.LocalResponseNorm(3)", "nn.LocalResponseNorm(2, alpha=1e-3, beta=0.5, k=2.0)",
    "nn.Dropout(0.3, inplace=True)", "nn.Dropout()", "nn.Dropout1d(0.1)", "nn.Dropout2d(inplace=True)",
    "nn.Dropout3d(0.2)", "nn.AlphaDropout(0.2)", "nn.FeatureAlphaDropout(0.1, True)",
    "nn.ReLU(inplace=True)", "nn.ReLU()", "nn.ReLU6(True)", "nn.LeakyReLU(0.2, inplace=True)", "nn.LeakyReLU()",
    "nn.ELU(alpha=0.5, inplace=True)", "nn.CELU(2.0)", "nn.SELU(True)", "nn.GELU(approximate='tanh')", "nn.GELU()",
    "nn.SiLU(inplace=True)", "nn.Mish(True)", "nn.Sigmoid()", "nn.Tanh()", "nn.Softplus(beta=2, threshold=10)",
    "nn.Softplus(beta=0.5)", "nn.Softshrink(0.3)", "nn.Hardshrink()", "nn.Hardtanh(-2, 2, True)", "nn.Hardtanh()",
    "nn.Hardsigmoid(inplace=True)", "nn.Hardswish()", "nn.Threshold(0.1, 20.0, inplace=True)", "nn.GLU(-2)",
    "nn.LogSigmoid()", "nn.Softsign()", "nn.Tanhshrink()", "nn.PReLU(3, init=0.1)", "nn.PReLU()",
    "nn.RReLU(0.1, 0.3, inplace=True)", "nn.RReLU()", "nn.Softmax(dim=1)", "nn.Softmax()", "nn.LogSoftmax(-1)",
    "nn.Softmin(0)", "nn.Softmax2d()", "nn.MaxPool1d(3, stride=2, padding=1, dilation=2, return_indices=True, "
    "ceil_mode=True)", "nn.MaxPool2d(2)", "nn.MaxPool2d((2, 3), (1, 2))", "nn.MaxPool3d(2, padding=1)",
    "nn.AvgPool1d(3, 2, 1, ceil_mode=True, count_include_pad=False)", "nn.AvgPool2d(2, divisor_override=3)",
    "nn.AvgPool2d((2, 3))", "nn.AvgPool3d(2)", "nn.LPPool1d(2, 3)", "nn.LPPool2d(1.5, (2, 2), stride=1, "
    "ceil_mode=True)", "nn.AdaptiveAvgPool1d(5)", "nn.AdaptiveAvgPool2d((None, 7))", "nn.AdaptiveAvgPool2d(3)",
    "nn.AdaptiveAvgPool3d((2, 3, 4))", "nn.AdaptiveMaxPool1d(4, return_indices=True)",
    "nn.AdaptiveMaxPool2d((2, 2))", "nn.MaxUnpool1d(2)", "nn.MaxUnpool2d((2, 2), stride=1, padding=1)",
    "nn.ConstantPad1d(2, 3.5)", "nn.ConstantPad2d((1, 2, 3, 4), -1)", "nn.ConstantPad3d(1, 0)",
    "nn.ZeroPad1d((1, 2))", "nn.ZeroPad2d(2)", "nn.ZeroPad3d((1, 1, 2, 2, 0, 1))", "nn.ReflectionPad1d(2)",
    "nn.ReflectionPad2d((1, 0, 2, 0))", "nn.ReflectionPad3d(1)", "nn.ReplicationPad1d((3, 1))",
    "nn.ReplicationPad2d(1)", "nn.ReplicationPad3d(2)", "nn.CircularPad1d(1)", "nn.CircularPad2d((1, 1, 2, 0))",
    "nn.CircularPad3d(1)", "nn.Embedding(10, 3, padding_idx=0, max_norm=1.0, scale_grad_by_freq=True)",
    "nn.Embedding(5, 2)", "nn.Embedding(5, 2, sparse=True)", "nn.Embedding(5, 2, max_norm=2.0, norm_type=1.0)",
    "nn.EmbeddingBag(10, 3, mode='sum', padding_idx=1)", "nn.EmbeddingBag(10, 3)",
    "nn.EmbeddingBag(10, 3, max_norm=1.0, include_last_offset=True)",
    "nn.RNN(3, 4, num_layers=2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.5, "
    "bidirectional=True)", "nn.RNN(3, 4)", "nn.LSTM(3, 4, proj_size=2)", "nn.LSTM(3, 4, 2, batch_first=True)",
    "nn.GRU(3, 4, bidirectional=True)", "nn.RNNCell(3, 4, nonlinearity='relu')", "nn.RNNCell(3, 4, bias=False)",
    "nn.LSTMCell(3, 4)", "nn.GRUCell(3, 4, bias=False)", "nn.Flatten()", "nn.Flatten(0, 2)",
    "nn.Unflatten(1, (2, 5))", "nn.Unflatten('features', (('C', 2), ('H', 3)))",
    "nn.Unflatten(1, [2, 5])", "nn.Unflatten(-1, lib.Size([2, 5]))", "nn.Unflatten(1, 10)", "nn.Fold((4, 5), 2)",
    "nn.Fold(output_size=(3, 3), kernel_size=(2, 2), dilation=1, padding=1, stride=2)", "nn.Unfold(2, padding=1)",
    "nn.Unfold((2, 3), dilation=(1, 2), stride=2)", "nn.PixelShuffle(2)", "nn.PixelUnshuffle(3)",
    "nn.ChannelShuffle(2)", "nn.Upsample(scale_factor=2)", "nn.Upsample(size=(4, 4), mode='bilinear', "
    "align_corners=True)", "nn.Upsample(scale_factor=1.5, mode='nearest')", "nn.UpsamplingNearest2d(scale_factor=2)",
    "nn.UpsamplingBilinear2d(size=4)", "nn.CosineSimilarity(dim=0, eps=1e-6)", "nn.CosineSimilarity()",
    "nn.PairwiseDistance(p=1.0, eps=1e-5, keepdim=True)", "nn.PairwiseDistance()",
    "nn.MSELoss(reduction='sum')", "nn.MSELoss()", "nn.L1Loss()", "nn.CrossEntropyLoss(label_smoothing=0.1, "
    "ignore_index=3)", "nn.CrossEntropyLoss()", "nn.NLLLoss(reduction='none')", "nn.BCELoss()",
    "nn.BCEWithLogitsLoss(pos_weight=lib.ones(2))", "nn.KLDivLoss(reduction='batchmean', log_target=True)",
    "nn.HuberLoss(delta=0.5)", "nn.SmoothL1Loss(beta=2.0)", "nn.SoftMarginLoss()", "nn.CosineEmbeddingLoss(0.5)",
    "nn.MarginRankingLoss(margin=1.0)", "nn.HingeEmbeddingLoss()", "nn.TripletMarginLoss(margin=2.0, p=1)",
    "nn.TripletMarginWithDistanceLoss(margin=0.5)", "nn.PoissonNLLLoss(log_input=False, full=True)",
    "nn.GaussianNLLLoss(full=True, eps=1e-3)", "nn.CTCLoss(blank=1, zero_infinity=True)",
    "nn.MultiMarginLoss(p=2, margin=0.5)", "nn.MultiLabelMarginLoss()", "nn.MultiLabelSoftMarginLoss()",
    "nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8], div_value=2.0)",
    "nn.MultiheadAttention(8, 2)", "nn.MultiheadAttention(8, 2, dropout=0.1, bias=False, kdim=4, vdim=6, "
    "batch_first=True)", "nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True, "
    "norm_first=True)", "nn.TransformerDecoderLayer(8, 2, 16, activation='gelu')",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, enable_nested_tensor=False)",
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 1, norm=nn.LayerNorm(8))",
    "nn.Transformer(8, 2, 1, 1, 16)",
    "nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Tanh(), nn.Linear(3, 1)))", "nn.Sequential()",
    "nn.Sequential(__import__('collections').OrderedDict([('fc', nn.Linear(2, 2)), ('act', nn.ReLU())]))",
    "nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Linear(1, 1), nn.Linear(1, 1), nn.Linear(1, 2)])",
    "nn.ModuleList([nn.ModuleList([nn.Tanh()]), nn.ModuleList([nn.Tanh()])])",
    "nn.ModuleDict({'a': nn.Linear(2, 2), 'b': nn.ModuleList([nn.ReLU()])})", "nn.ModuleDict()",
    "nn.ParameterList([nn.Parameter(lib.ones(3)), nn.Parameter(lib.zeros(2, 2, dtype=lib.float64))])",
    "nn.ParameterList([nn.Parameter(lib.ones(3), requires_grad=False), lib.ones(2)])",
    "nn.ParameterList()", "nn.ParameterDict({'w': nn.Parameter(lib.ones(3)), 'b': nn.Parameter(lib.ones(1, "
    "dtype=lib.float16))})", "nn.ParameterDict()",
    "nn.Sequential(nn.Linear(2, 2), nn.ParameterList([nn.Parameter(lib.ones(2))]))",
)
OPTIMIZERS = (
    "SGD(P(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)", "SGD(P())", "Adam(P(), amsgrad=True)",
    "Adam(P(), lr=lib.tensor(0.01))", "AdamW(P(), betas=(0.8, 0.9))", "Adamax(P())", "NAdam(P(), "
    "decoupled_weight_decay=True)", "RAdam(P())", "Adagrad(P(), lr_decay=0.1)", "Adadelta(P())", "ASGD(P())",
    "RMSprop(P(), centered=True, momentum=0.5)", "Rprop(P(), etas=(0.4, 1.3))", "LBFGS(P(), history_size=5)",
    "SparseAdam(P())", "SGD([{'params': P()}, {'params': P(), 'lr': 0.5}], lr=0.1)",
    "Adam([{'params': P(), 'weight_decay': 0.1}, {'params': P()}], foreach=False)",
    "SGD(P(), lr=0.1, maximize=True, differentiable=False, fused=None)",
)
DISTRIBUTIONS = (
    "Normal(lib.tensor([0.0, 1.0]), lib.tensor([1.0, 2.0]))", "Normal(0.0, 1.0)", "Normal(lib.tensor(0.), 1.0)",
    "Bernoulli(probs=lib.tensor([0.3, 0.7]))", "Bernoulli(logits=lib.tensor(0.5))", "Categorical(lib.tensor([0.2, "
    "0.8]))", "Categorical(logits=lib.zeros(2, 3))", "Uniform(0.0, 2.0)", "Uniform(lib.zeros(3), lib.ones(3))",
    "Beta(lib.tensor([2.0]), lib.tensor([3.0]))", "Gamma(2.0, 3.0)", "Exponential(lib.tensor([1.5, 2.5]))",
    "Poisson(lib.tensor(4.0))", "Binomial(10, lib.tensor([0.2, 0.4]))", "Laplace(0.0, 1.0)", "Cauchy(0.0, 1.0)",
    "Dirichlet(lib.tensor([0.5, 0.5]))", "MultivariateNormal(lib.zeros(2), lib.eye(2))",
    "Independent(Normal(lib.zeros(3), lib.ones(3)), 1)", "LogNormal(0.0, 1.0)", "StudentT(3.0)",
    "Geometric(lib.tensor([0.3]))", "OneHotCategorical(lib.tensor([0.1, 0.9]))", "Chi2(lib.tensor(3.0))",
    "HalfNormal(1.0)", "Gumbel(0.0, 1.0)", "VonMises(0.0, 1.0)", "Weibull(1.0, 2.0)", "Pareto(1.0, 2.0)",
    "Multinomial(5, lib.tensor([0.5, 0.5]))", "NegativeBinomial(3, lib.tensor(0.5))",
    "Normal(lib.randn(20), lib.ones(20))",
)


def library_cases():
    cases = {}
    for module in MODULES:
        cases[f"module/{module}"] = f"out = repr({module})"
    for opt in OPTIMIZERS:
        code = ("def P():\n    return [nn.Parameter(lib.ones(2))]\n"
                f"out = repr(lib.optim.{opt})")
        cases[f"optim/{opt}"] = code
    for dist in DISTRIBUTIONS:
        cases[f"dist/{dist}"] = f"D = lib.distributions\nglobals().update(vars(D))\nout = repr(D.{dist})"
    return cases


def all_cases():
    rng = random.Random(16)
    cases = tensor_cases(rng)
    cases.update(scalar_cases())
    cases.update(library_cases())
    return cases


def main():
    mode = sys.argv[1]
    if mode == "diff":
        torch_out = json.loads(pathlib.Path(sys.argv[2]).read_text())
        ours = json.loads(pathlib.Path(sys.argv[3]).read_text())
        pattern = sys.argv[4] if len(sys.argv) > 4 else ""
        bad = [name for name in torch_out if pattern in name and torch_out[name] != ours.get(name)]
        for name in bad:
            print(f"=== {name}\n--- torch\n{torch_out[name]}\n--- gradlib\n{ours.get(name)}")
        print(f"{len(bad)} of {len(torch_out)} differ")
        return
    if mode == "torch":
        import torch as lib
        lib.nn.Module.__module__  # noqa: B018
    else:
        import gradlib as lib
        if len(sys.argv) > 3:  # the cases' tensors on this default device (cuda: the CuPy stand-in will do)
            lib.set_default_device(sys.argv[3])
    lib.manual_seed(0)
    results = {name: C.run_case(lib, code) for name, code in all_cases().items()}
    pathlib.Path(sys.argv[2]).write_text(json.dumps(results, indent=0))
    print(f"{len(results)} cases")


if __name__ == "__main__":
    main()
