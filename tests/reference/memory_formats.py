"""Record what PyTorch prints about memory formats and strides (``record()``, section 'memory_formats'): a sweep
of 4-D and 5-D shapes (dims of size 1 and 0 included) times layouts (row-major, channels-last made four ways,
permuted, transposed, sliced, expanded) times what is made from them (clone, the ``*_like`` factories,
contiguous, to, elementwise ops with row-major, channels-last and broadcast partners, conv2d, batch_norm,
pooling, gradients), plus the channels-last tutorial's lines, view/reshape, save/load, data_ptr, nn.Module.to and
PyTorch's errors. Writes ``tests/reference/torch_memory_formats.json``: {snippet: printed text};
tests/test_memory_formats.py runs each with gradlib in place of torch and compares the text."""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_memory_formats.json"

SHAPES_4D = [(2, 3, 4, 5), (2, 1, 4, 5), (2, 3, 1, 1), (1, 3, 4, 5), (2, 3, 1, 5), (1, 1, 1, 1), (2, 3, 4, 1),
             (1, 3, 1, 1), (3, 1, 1, 4), (0, 3, 4, 5), (2, 0, 4, 5)]

# Each layout builds ``x`` of shape (N, C, H, W) from ``torch``.
LAYOUTS_4D = {
    "contiguous": "x = torch.arange(float(N * C * H * W)).reshape(N, C, H, W)",
    "contiguous_cl": "x = torch.arange(float(N * C * H * W)).reshape(N, C, H, W)"
                     ".contiguous(memory_format=torch.channels_last)",
    "to_cl": "x = torch.arange(float(N * C * H * W)).reshape(N, C, H, W).to(memory_format=torch.channels_last)",
    "empty_cl": "x = torch.empty(N, C, H, W, memory_format=torch.channels_last)\nx.copy_(torch.arange(float(x.numel()))"
                ".reshape(N, C, H, W))",
    "permuted": "x = torch.arange(float(N * C * H * W)).reshape(N, H, W, C).permute(0, 3, 1, 2)",
    "transposed": "x = torch.arange(float(N * C * H * W)).reshape(N, C, W, H).transpose(2, 3)",
    "sliced": "x = torch.arange(float(N * C * H * W * 2)).reshape(N, C, H, W * 2)[..., ::2]",
    "sliced_cl": "x = torch.arange(float(N * C * H * W * 2)).reshape(N, H, W * 2, C).permute(0, 3, 1, 2)[..., ::2]",
    "expanded": "x = torch.arange(float(N * C * H)).reshape(N, C, H, 1).expand(N, C, H, W)",
}

# What is printed of each: strides of what is made from ``x`` (``c`` a row-major tensor of its shape, ``b`` one of
# (C, 1, 1) that broadcasts).
SWEEP_4D = """cl = torch.channels_last
c = torch.ones(N, C, H, W)
b = torch.ones(C, 1, 1)
print(x.stride(), x.is_contiguous(), x.is_contiguous(memory_format=cl))
print('clone', x.clone().stride(), x.clone(memory_format=cl).stride(), x.clone(memory_format=torch.contiguous_format).stride())
print('like', torch.empty_like(x).stride(), torch.zeros_like(x).stride(), torch.ones_like(x, memory_format=cl).stride(),
      torch.full_like(x, 2.).stride(), torch.empty_like(x, memory_format=torch.contiguous_format).stride())
print('contiguous', x.contiguous().stride(), x.contiguous(memory_format=cl).stride(),
      x.contiguous(memory_format=cl).is_contiguous(memory_format=cl))
print('to', x.to(memory_format=cl).stride(), x.to(torch.float64).stride(), x.double().stride(),
      x.to(torch.float64, memory_format=cl).stride(), x.to(memory_format=torch.contiguous_format).stride())
print('unary', (-x).stride(), x.sin().stride(), x.relu().stride(), torch.sigmoid(x).stride(), x.abs().stride())
print('scalar', (x + 1).stride(), (x * 2).stride(), (2 - x).stride(), (x > 0).stride(), (x ** 2).stride())
print('binary', (x + c).stride(), (c + x).stride(), (x * x).stride(), (x + b).stride(), (b * x).stride())
print('where', torch.where(x > 0, x, c).stride(), torch.maximum(c, x).stride(), x.clamp(0, 1).stride())
print('values', torch.equal((x + c).contiguous(), x.contiguous() + 1), torch.equal(x.clone(), x))
"""

SHAPES_5D = [(2, 3, 4, 5, 6), (2, 1, 4, 5, 6), (2, 3, 1, 1, 1), (1, 3, 2, 1, 2)]
LAYOUTS_5D = {
    "contiguous": "x = torch.arange(float(N * C * D * H * W)).reshape(N, C, D, H, W)",
    "to_cl3d": "x = torch.arange(float(N * C * D * H * W)).reshape(N, C, D, H, W)"
               ".to(memory_format=torch.channels_last_3d)",
    "empty_cl3d": "x = torch.empty(N, C, D, H, W, memory_format=torch.channels_last_3d)\n"
                  "x.copy_(torch.arange(float(x.numel())).reshape(N, C, D, H, W))",
    "permuted": "x = torch.arange(float(N * C * D * H * W)).reshape(N, D, H, W, C).permute(0, 4, 1, 2, 3)",
}
SWEEP_5D = """cl3 = torch.channels_last_3d
c = torch.ones(N, C, D, H, W)
print(x.stride(), x.is_contiguous(), x.is_contiguous(memory_format=cl3), x.is_contiguous(memory_format=torch.channels_last))
print(x.clone().stride(), torch.empty_like(x).stride(), x.contiguous(memory_format=cl3).stride(), x.to(memory_format=cl3).stride())
print((-x).stride(), (x + 1).stride(), (x + c).stride(), (c + x).stride(), x.exp().stride())
"""

CL = "cl = torch.channels_last\n"
NCHW = CL + "x = torch.arange(120.).reshape(2, 3, 4, 5).contiguous(memory_format=cl)\n"

# the strides of more ops' results on a channels-last input (row-major: softmax, layer_norm, keepdim reductions,
# masked_fill, scalar ** tensor; channels-last: padding, upsampling, pooling, in-place ops, dropout, ...)
MORE_OPS = "cl = torch.channels_last\nF = torch.nn.functional\ny = torch.arange(120.).reshape(2, 3, 4, 5).contiguous(memory_format=cl)\ntorch.manual_seed(0)\nfor name, f in [('softmax', lambda: y.softmax(1)), ('log_softmax', lambda: F.log_softmax(y, 1)), ('dropout', lambda: F.dropout(y, 0.5)),\n  ('dropout_eval', lambda: F.dropout(y, 0.5, training=False)), ('interp', lambda: F.interpolate(y, scale_factor=2)), ('interp_bil', lambda: F.interpolate(y, scale_factor=2, mode='bilinear')),\n  ('linear', lambda: torch.nn.Linear(5, 6)(y)), ('matmul', lambda: y @ torch.ones(5, 6)), ('sum1', lambda: y.sum(1)), ('mean_keep', lambda: y.mean((2, 3), keepdim=True)),\n  ('sum_keep1', lambda: y.sum(1, keepdim=True)), ('cat1', lambda: torch.cat([y, y], 1)), ('cat0', lambda: torch.cat([y, y], 0)), ('stack', lambda: torch.stack([y, y])),\n  ('groupnorm', lambda: torch.nn.GroupNorm(3, 3)(y)), ('layernorm', lambda: torch.nn.LayerNorm(5)(y)), ('flatten', lambda: y.flatten(1)),\n  ('pad', lambda: F.pad(y, (1, 1, 1, 1))), ('upsample_nearest', lambda: torch.nn.Upsample(scale_factor=2)(y)), ('hardswish', lambda: F.hardswish(y)),\n  ('relu_', lambda: F.relu(y.clone(), inplace=True)), ('add_', lambda: y.clone().add_(1)), ('mul_t', lambda: y * torch.ones(1, 3, 1, 1)),\n  ('bias_add', lambda: y + torch.ones(5)), ('where_s', lambda: torch.where(y > 3, y, 0.)), ('lerp', lambda: torch.lerp(y, y, 0.5)),\n  ('maxpool_k3', lambda: F.max_pool2d(y, 3, 1, 1)), ('avgpool_pad', lambda: F.avg_pool2d(y, 3, 1, 1)), ('adaptive_max', lambda: F.adaptive_max_pool2d(y, 1)),\n  ('conv_t', lambda: torch.nn.ConvTranspose2d(3, 2, 2)(y)), ('instnorm', lambda: torch.nn.InstanceNorm2d(3)(y)),\n  ('type_as', lambda: y.type_as(torch.ones(1, dtype=torch.float64))), ('detach', lambda: y.detach()), ('new_zeros', lambda: y.new_zeros(y.shape)),\n  ('expand_as', lambda: torch.ones(1, 3, 1, 1).expand_as(y)), ('masked_fill', lambda: y.masked_fill(y > 3, 0.)), ('abs_', lambda: y.clone().abs_()),\n  ('clamp_t', lambda: y.clamp(min=torch.zeros(1))), ('nan_to_num', lambda: y.nan_to_num()), ('sign', lambda: y.sign()), ('sqrt', lambda: y.sqrt()),\n  ('floor', lambda: y.floor()), ('round', lambda: y.round()), ('pow_t', lambda: y ** y), ('rpow', lambda: 2 ** y), ('neg', lambda: -y), ('bool', lambda: y.bool()), ('long', lambda: y.long()),\n  ('mse', lambda: F.mse_loss(y, y, reduction='none')), ('sigmoid_', lambda: y.clone().sigmoid_()), ('contig_grad', lambda: y.contiguous())]:\n    try:\n        print(name, f().stride())\n    except Exception as e:\n        print(name, type(e).__name__, str(e)[:80])\n"

# the tutorial's "converting existing models" check: every callable of torch.Tensor, torch.nn.functional and
# torch wrapped to raise where a channels-last input gives a 4-D result that is not channels-last, around a small
# CNN's training step (torchvision's resnet in the tutorial)
TUTORIAL_CHECK = 'def contains_cl(args):\n    for t in args:\n        if isinstance(t, torch.Tensor):\n            if t.is_contiguous(memory_format=torch.channels_last) and not t.is_contiguous():\n                return True\n        elif isinstance(t, list) or isinstance(t, tuple):\n            if contains_cl(list(t)):\n                return True\n    return False\n\ndef print_inputs(args, indent=""):\n    for t in args:\n        if isinstance(t, torch.Tensor):\n            print(indent, t.stride(), t.shape, t.device, t.dtype)\n        elif isinstance(t, list) or isinstance(t, tuple):\n            print(indent, type(t))\n            print_inputs(list(t), indent=indent + "    ")\n        else:\n            print(indent, t)\n\ndef check_wrapper(fn):\n    name = fn.__name__\n    def check_cl(*args, **kwargs):\n        was_cl = contains_cl(args)\n        try:\n            result = fn(*args, **kwargs)\n        except Exception as e:\n            print("`{}` inputs are:".format(name))\n            print_inputs(args)\n            print("-------------------")\n            raise e\n        failed = False\n        if was_cl:\n            if isinstance(result, torch.Tensor):\n                if result.dim() == 4 and not result.is_contiguous(memory_format=torch.channels_last):\n                    print("`{}` got channels_last input, but output is not channels_last:".format(name),\n                          result.shape, result.stride(), result.device, result.dtype)\n                    failed = True\n        if failed and True:\n            print("`{}` inputs are:".format(name))\n            print_inputs(args)\n            raise Exception("Operator `{}` lost channels_last property".format(name))\n        return result\n    return check_cl\n\nold_attrs = dict()\n\ndef attribute(m):\n    old_attrs[m] = dict()\n    for i in dir(m):\n        e = getattr(m, i)\n        exclude_functions = ["is_cuda", "has_names", "numel", "stride", "Tensor", "is_contiguous", "__class__"]\n        if i not in exclude_functions and not i.startswith("_") and "__call__" in dir(e):\n            try:\n                old_attrs[m][i] = e\n                setattr(m, i, check_wrapper(e))\n            except Exception as e:\n                print(i)\n                print(e)\n\nattribute(torch.Tensor)\nattribute(torch.nn.functional)\nattribute(torch)\n\ntry:\n    torch.manual_seed(0)\n    model = torch.nn.Sequential(\n        torch.nn.Conv2d(3, 16, 3, padding=1), torch.nn.BatchNorm2d(16), torch.nn.ReLU(inplace=True), torch.nn.MaxPool2d(2),\n        torch.nn.Conv2d(16, 32, 3, padding=1, bias=False), torch.nn.BatchNorm2d(32), torch.nn.ReLU(), torch.nn.Dropout(0.1),\n        torch.nn.AdaptiveAvgPool2d((1, 1)), torch.nn.Flatten(), torch.nn.Linear(32, 10))\n    model = model.to(memory_format=torch.channels_last)\n    input = torch.randn(4, 3, 16, 16).to(memory_format=torch.channels_last)\n    out = model(input)\n    print(out.shape, out.stride())\n    loss = torch.nn.functional.cross_entropy(out, torch.tensor([1, 2, 3, 4]))\n    loss.backward()\n    print(model[0].weight.grad.stride(), model[0].weight.grad.is_contiguous(memory_format=torch.channels_last))\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n    optimizer.step()\n    print(model[0].weight.stride(), model[0].weight.is_contiguous(memory_format=torch.channels_last))\n    print(optimizer.state[model[0].weight]["momentum_buffer"].stride())\nfinally:\n    for (m, attrs) in old_attrs.items():\n        for (k, v) in attrs.items():\n            setattr(m, k, v)\nprint(torch.add(torch.ones(1), 1))\n'

# conversions, Tensor.new_*, views and more reductions of a channels-last tensor (not here, where gradlib differs:
# nonzero's (1, N) strides)
CONVERSIONS = "cl = torch.channels_last\ny = torch.arange(120.).reshape(2, 3, 4, 5).contiguous(memory_format=cl)\nfor name, f in [('new_empty', lambda: y.new_empty(y.shape)), ('new_zeros', lambda: y.new_zeros(2, 3, 4, 5)), ('new_ones', lambda: y.new_ones(y.shape)), ('new_full', lambda: y.new_full(y.shape, 2.)),\n  ('new_tensor', lambda: y.new_tensor(y)), ('float', lambda: y.float()), ('half', lambda: y.half()), ('bool', lambda: y.bool()), ('int', lambda: y.int()), ('cpu', lambda: y.cpu()),\n  ('to_other', lambda: y.to(torch.ones(1, dtype=torch.float64))), ('type', lambda: y.type(torch.float64)), ('torch_clone', lambda: torch.clone(y)), ('clone_pres', lambda: y.clone(memory_format=torch.preserve_format)),\n  ('empty_like_dtype', lambda: torch.empty_like(y, dtype=torch.int64)), ('zeros_like_dt', lambda: torch.zeros_like(y, dtype=torch.float64)), ('requires_grad_', lambda: y.clone().requires_grad_()),\n  ('tensor_copy', lambda: torch.tensor(y.cpu().numpy())), ('as_tensor', lambda: torch.as_tensor(y)), ('from_numpy', lambda: torch.from_numpy(y.cpu().numpy())), ('contig_fmt', lambda: y.contiguous(memory_format=torch.contiguous_format)),\n  ('copy_', lambda: torch.empty(2, 3, 4, 5).copy_(y)), ('copy_cl', lambda: torch.empty_like(y).copy_(torch.ones(2, 3, 4, 5))), ('index', lambda: y[:, :, 1:3]), ('select', lambda: y[0]),\n  ('unsqueeze', lambda: y[0].unsqueeze(0)), ('squeeze', lambda: y[:1].squeeze(0)), ('narrow', lambda: y.narrow(1, 0, 2)), ('expand', lambda: y[:1].expand(2, 3, 4, 5)),\n  ('permute_c', lambda: y.permute(0, 2, 3, 1).contiguous()), ('tolist', lambda: torch.tensor(y.tolist())),\n  ('cumsum', lambda: y.cumsum(1)), ('roll', lambda: y.roll(1, 1)), ('chunk', lambda: y.chunk(3, 1)[1]), ('split', lambda: y.split(2, 2)[0]),\n  ('repeat', lambda: y.repeat(1, 1, 1, 1)), ('max_dim', lambda: y.max(1, keepdim=True)[0]), ('argmax', lambda: y.argmax(1, keepdim=True)), ('var', lambda: y.var(1, keepdim=True)),\n  ('std', lambda: y.std((2, 3), keepdim=True)), ('amax', lambda: y.amax((2, 3), keepdim=True)), ('norm', lambda: y.norm(dim=1, keepdim=True)), ('prod', lambda: y.prod(1, keepdim=True))]:\n    try:\n        r = f()\n        print(name, r.stride(), r.is_contiguous(memory_format=cl))\n    except Exception as e:\n        print(name, type(e).__name__, str(e)[:80])\nprint(y)\n"

# the strides views give dims of size 1: unsqueeze and None put the size times the stride of the next dim
# (1 at the end), not NumPy's 0
SIZE_ONE_VIEWS = "x = torch.arange(24.).reshape(2, 3, 4)\ny = x.permute(0, 2, 1)\nfor name, f in [('unsq0', lambda: x.unsqueeze(0)), ('unsq1', lambda: x.unsqueeze(1)), ('unsq3', lambda: x.unsqueeze(3)), ('none_mid', lambda: x[:, None]),\n  ('none_end', lambda: x[..., None]), ('view1', lambda: x.view(2, 1, 3, 4)), ('view1e', lambda: x.view(2, 3, 4, 1)), ('reshape1', lambda: x.reshape(1, 24, 1)),\n  ('y_unsq1', lambda: y.unsqueeze(1)), ('y_unsq3', lambda: y.unsqueeze(3)), ('y_none', lambda: y[:, None]), ('sl1', lambda: x[:, 1:2]), ('sel', lambda: x[:, 1]),\n  ('squeeze', lambda: x[:, 1:2].squeeze(1)), ('t_unsq', lambda: x[0].t().unsqueeze(0)), ('scalar_unsq', lambda: torch.tensor(1.).unsqueeze(0)),\n  ('expand_unsq', lambda: torch.ones(3).expand(2, 3).unsqueeze(1)), ('flatten1', lambda: x[:, :1].flatten(1)), ('keep', lambda: x.sum(1, keepdim=True)),\n  ('mean_keep', lambda: x.mean(-1, keepdim=True)), ('zeros1', lambda: torch.zeros(2, 1, 3)), ('cat1', lambda: torch.cat([x[:, :1], x[:, :1]], 2)),\n  ('stack', lambda: torch.stack([x[0], x[1]], 1)), ('bcast_add', lambda: x[:, :1] + x), ('unsq_t', lambda: x.unsqueeze(1).transpose(1, 2)), ('movedim', lambda: x.movedim(0, 2))]:\n    r = f()\n    print(name, tuple(r.shape), r.stride(), r.is_contiguous())\n"

# flip and sort keep a dense input's strides (empty_like's rule)
FLIP_SORT = 'cl = torch.channels_last\ny = torch.arange(120.).reshape(2, 3, 4, 5).contiguous(memory_format=cl)\nt = torch.arange(12.).reshape(3, 4).t()\nprint(y.flip(1).stride(), y.flip(2, 3).stride(), y.sort(1)[0].stride(), y.sort(1)[1].stride(), y.sort(-1, descending=True)[0].stride())\nprint(t.flip(0).stride(), t.sort(0)[0].stride(), t.sort(1)[1].stride(), torch.equal(y.flip(1), y.contiguous().flip(1)), torch.equal(y.sort(1)[0], y.contiguous().sort(1)[0]))\nprint(y[:, :, ::2].flip(1).stride(), torch.ones(3, 1).expand(3, 4).flip(0).stride(), torch.tensor(1.).flip(0).stride())\n'

SNIPPETS = [MORE_OPS, TUTORIAL_CHECK, CONVERSIONS, SIZE_ONE_VIEWS, FLIP_SORT,
    # the channels-last tutorial (PyTorch's "Channels Last Memory Format"), its printed lines
    "N, C, H, W = 10, 3, 32, 32\nx = torch.empty(N, C, H, W)\nprint(x.stride())\n"
    "x = x.contiguous(memory_format=torch.channels_last)\nprint(x.shape)\nprint(x.stride())\n"
    "x = x.contiguous(memory_format=torch.contiguous_format)\nprint(x.stride())\n"
    "x = x.to(memory_format=torch.channels_last)\nprint(x.stride())\n"
    "x = torch.empty(N, C, H, W, memory_format=torch.channels_last)\nprint(x.stride())\n"
    "print(x.is_contiguous(memory_format=torch.channels_last))\n"
    "special_x = torch.empty(4, 1, 4, 4)\nprint(special_x.is_contiguous(memory_format=torch.channels_last))\n"
    "print(special_x.is_contiguous(memory_format=torch.contiguous_format))",
    "x = torch.empty(10, 32, 32, 3).permute(0, 3, 1, 2)\nprint(x.stride(), x.is_contiguous(), "
    "x.is_contiguous(memory_format=torch.channels_last))",
    # the memory format values
    "print(torch.channels_last, torch.contiguous_format, torch.preserve_format, torch.channels_last_3d)\n"
    "print(repr(torch.channels_last), type(torch.channels_last).__name__, type(torch.strided).__name__)\n"
    "print(torch.channels_last == torch.channels_last, torch.channels_last == torch.contiguous_format)",
    "import pickle, copy\nprint(pickle.loads(pickle.dumps(torch.channels_last)) is torch.channels_last, "
    "copy.deepcopy(torch.preserve_format) is torch.preserve_format)",
    # modules and functional ops on a channels-last input
    NCHW + "torch.manual_seed(0)\nconv = torch.nn.Conv2d(3, 4, 3, padding=1)\nout = conv(x)\n"
    "print(out.stride(), out.is_contiguous(memory_format=cl), out.grad_fn.name())\n"
    "print(torch.allclose(out, conv(x.contiguous()), atol=1e-5), conv(x.contiguous()).stride())",
    NCHW + "torch.manual_seed(0)\nconv = torch.nn.Conv2d(3, 4, 3).to(memory_format=cl)\n"
    "print(conv.weight.stride(), conv.weight.is_contiguous(memory_format=cl), conv.bias.stride())\n"
    "print(conv(x).stride(), conv(x.contiguous()).stride(), conv(x.contiguous()).is_contiguous(memory_format=cl))",
    NCHW + "torch.manual_seed(0)\nconv = torch.nn.Conv2d(3, 4, 3).double()\nprint(conv(x.double()).stride())\n"
    "print(torch.nn.Conv2d(3, 6, 1, groups=3)(x).stride(), torch.nn.ConvTranspose2d(3, 2, 2)(x).stride())",
    NCHW + "bn = torch.nn.BatchNorm2d(3)\nprint(bn(x).stride())\nbn.eval()\nprint(bn(x).stride())\n"
    "print(torch.nn.functional.batch_norm(x.transpose(2, 3), None, None, training=True).stride())",
    NCHW + "F = torch.nn.functional\nprint(F.max_pool2d(x, 2).stride(), F.max_pool2d(x, 2, return_indices=True)[1].stride())\n"
    "print(F.avg_pool2d(x, 2).stride(), F.adaptive_avg_pool2d(x, 1).stride(), F.adaptive_avg_pool2d(x, (2, 3)).stride())\n"
    "print(F.adaptive_avg_pool2d(x, 1).is_contiguous(), F.adaptive_avg_pool2d(x.contiguous(), 1).stride())\n"
    "print(F.relu(x).stride(), F.gelu(x).stride(), F.leaky_relu(x, 0.1).stride(), F.silu(x).stride())\n"
    "print(F.max_pool2d(x.transpose(2, 3), 2).stride(), torch.equal(F.max_pool2d(x, 2), F.max_pool2d(x.contiguous(), 2)))",
    NCHW + "torch.manual_seed(0)\nmodel = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), "
    "torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 4, 1), torch.nn.AdaptiveAvgPool2d(1))\n"
    "model = model.to(memory_format=cl)\nout = model(x)\nprint(out.shape, out.stride(), out.is_contiguous(memory_format=cl))\n"
    "print(model[0].weight.stride(), model[4].weight.stride(), model[1].weight.stride())",
    # gradients: a leaf's .grad takes the leaf's layout
    NCHW + "x.requires_grad_()\ntorch.manual_seed(0)\nconv = torch.nn.Conv2d(3, 4, 3).to(memory_format=cl)\n"
    "(conv(x) ** 2).sum().backward()\nprint(x.grad.stride(), x.grad.is_contiguous(memory_format=cl))\n"
    "print(conv.weight.grad.stride(), conv.weight.grad.is_contiguous(memory_format=cl), conv.bias.grad.stride())",
    NCHW + "x.requires_grad_()\n(x.sin() * torch.arange(5.)).sum().backward()\nprint(x.grad.stride())\n"
    "y = torch.arange(12.).reshape(3, 4).t().requires_grad_()\n(y * 2).sum().backward()\nprint(y.grad.stride())\n"
    "x.grad = None\n(x * 3).sum().backward()\n(x * 3).sum().backward()\nprint(x.grad.stride(), x.grad[0, 0, 0])",
    CL + "x = torch.arange(24.).reshape(2, 3, 2, 2).requires_grad_()\ny = x.to(memory_format=cl)\n"
    "(y * y).sum().backward()\nprint(y.stride(), x.grad.stride(), y.grad_fn.name())",
    # view, reshape, flatten
    NCHW + "try:\n    x.view(2, -1)\nexcept RuntimeError as error:\n    print(error)\n"
    "print(x.reshape(2, -1).stride(), x.flatten(1).stride(), x.permute(0, 2, 3, 1).stride(), "
    "x.permute(0, 2, 3, 1).is_contiguous())\nprint(x.permute(0, 2, 3, 1).view(2, -1).stride(), x.view(2, 3, 4, 5).stride())",
    NCHW + "print(x[0].stride(), x[:, :2].stride(), x[:, :2].is_contiguous(memory_format=cl), x.detach().stride(), "
    "x.data.stride())\nprint(x.transpose(2, 3).is_contiguous(), x.sum(1).stride())",
    # data_ptr: no copy where PyTorch makes none
    NCHW + "p = x.data_ptr()\nprint(x.contiguous(memory_format=cl).data_ptr() == p, x.to(memory_format=cl).data_ptr() == p, "
    "x.to(memory_format=torch.preserve_format).data_ptr() == p, x.contiguous().data_ptr() == p)\n"
    "print(x.contiguous(memory_format=cl) is x, x.to(memory_format=cl) is x, x.to(torch.float32) is x)",
    CL + "x = torch.ones(4, 3, 1, 1)\nprint(x.is_contiguous(memory_format=cl), x.contiguous(memory_format=cl) is x, "
    "x.to(memory_format=cl) is x, x.to(memory_format=cl).stride())",
    # save and load
    NCHW + "import io\nbuffer = io.BytesIO()\ntorch.save({'x': x, 'view': x[:, 1:]}, buffer)\nbuffer.seek(0)\n"
    "loaded = torch.load(buffer)\nprint(loaded['x'].stride(), loaded['view'].stride(), torch.equal(loaded['x'], x))\n"
    "print(loaded['x'].is_contiguous(memory_format=cl), loaded['view'].storage_offset())",
    # random numbers are drawn in memory order
    CL + "torch.manual_seed(0)\na = torch.rand(2, 3, 2, 2)\ntorch.manual_seed(0)\nb = torch.rand_like(torch.empty(2, 3, 2, 2, memory_format=cl))\n"
    "print(b.stride(), torch.equal(a.reshape(-1), b.permute(0, 2, 3, 1).reshape(-1)))",
    CL + "torch.manual_seed(0)\nb = torch.randn_like(torch.empty(2, 3, 4, 2, memory_format=cl))\nprint(b.stride(), b)\n"
    "torch.manual_seed(0)\nprint(torch.randn_like(torch.empty(2, 3, 2, 2).transpose(0, 1)))",
    CL + "torch.manual_seed(0)\nb = torch.randint_like(torch.empty(2, 3, 2, 2, memory_format=cl), 10)\nprint(b.stride(), b)",
    # errors
    "torch.empty(2, 3, 4, memory_format=torch.channels_last)",
    "torch.empty(2, 3, 4, 5, memory_format=torch.channels_last_3d)",
    "torch.empty(2, 3, 4, 5, memory_format=torch.preserve_format)",
    "torch.empty(2, 3, 4).contiguous(memory_format=torch.channels_last)",
    "torch.empty(2, 3, 4).to(memory_format=torch.channels_last)",
    "torch.empty(2, 3, 4).clone(memory_format=torch.channels_last)",
    "torch.empty_like(torch.empty(2, 3, 4), memory_format=torch.channels_last)",
    "torch.zeros(2, 3, 4, 5, memory_format=torch.channels_last)",
    "x = torch.empty(2, 3, 4, 5)\nprint(x.is_contiguous(memory_format=torch.preserve_format), "
    "x.is_contiguous(memory_format=torch.channels_last_3d))\nprint(x.contiguous(memory_format=torch.preserve_format).stride())",
    "print(torch.empty(2, 3, 4, 5, memory_format=torch.contiguous_format).stride(), "
    "torch.empty((2, 3, 4, 5, 6), memory_format=torch.channels_last_3d).stride())",
    "for s in [(0, 3, 4, 5), (2, 0, 4, 5), (2, 3, 0, 5), (1, 1, 1, 1), (2, 1, 1, 1)]:\n"
    "    x = torch.empty(s, memory_format=torch.channels_last)\n"
    "    print(s, x.stride(), x.is_contiguous(), x.is_contiguous(memory_format=torch.channels_last), "
    "torch.empty(s).is_contiguous(memory_format=torch.channels_last))",
    # 2-D layouts: transposes keep their strides through clone, *_like, to and elementwise ops
    "x = torch.arange(12.).reshape(3, 4).t()\nprint(x.stride(), x.clone().stride(), torch.empty_like(x).stride(), "
    "x.to(torch.float64).stride(), (x + 1).stride(), x.contiguous().stride())\n"
    "print((x + torch.ones(4, 3)).stride(), (torch.ones(4, 3) + x).stride(), x.is_contiguous())",
]


def sweep_snippets():
    """The shape-times-layout sweep: one snippet per pair."""
    snippets = []
    for shape in SHAPES_4D:
        for name, layout in LAYOUTS_4D.items():
            header = "N, C, H, W = {}, {}, {}, {}\n".format(*shape)
            snippets.append(f"# {name}\n" + header + layout + "\n" + SWEEP_4D)
    for shape in SHAPES_5D:
        for name, layout in LAYOUTS_5D.items():
            header = "N, C, D, H, W = {}, {}, {}, {}, {}\n".format(*shape)
            snippets.append(f"# {name}\n" + header + layout + "\n" + SWEEP_5D)
    return snippets


ALL = SNIPPETS + sweep_snippets()


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, ALL, PATH)


if __name__ == "__main__":
    record()
