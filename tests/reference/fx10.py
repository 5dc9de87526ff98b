"""``torch.fx`` as the FX tutorials use it (issue 15, fx10): symbolic tracing of modules and functions, the printed
``gm.code`` and ``print(gm.graph)``, node fields, graph edits (insert, replace, erase, dead code, lint), the
Interpreter and Transformer, ``fx.wrap`` and the tracing errors, written once for gradlib and PyTorch (``lib``).

The record of a case is its result ``r`` (text, lists, rounded values) or its exception (class and message).
Parameters are set to fixed values (``init``) so that results compare across the two libraries.
"""
import json
import operator
import pathlib

PRELUDE = """
nn = lib.nn
F = lib.nn.functional
fx = lib.fx


def init(module):
    with lib.no_grad():
        for name, value in sorted(module.state_dict().items()):
            if value.dtype.is_floating_point:
                value.copy_(lib.linspace(-0.5, 0.7, value.numel()).reshape(value.shape))
    return module


def rounded(t):
    return [float(f'{v:.4g}') for v in t.detach().reshape(-1).tolist()]


class Lin(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 3)

    def forward(self, x):
        return F.relu(self.linear(x)) + 1


class ConvBnRelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.bn(self.conv(x)))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)

    def forward(self, x):
        out = lib.relu(self.conv1(x))
        out = self.conv2(out)
        return (out + x).relu()


class CatFlatten(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = nn.Sequential(nn.Conv2d(3, 2, 1), nn.ReLU())
        self.fc = nn.Linear(2 * 4 * 4 * 2, 5)
        self.register_buffer("offset", lib.ones(5))

    def forward(self, x):
        y = self.block(x)
        z = lib.cat([y, y * 2], dim=1)
        z = lib.flatten(z, 1)
        out = self.fc(z) - self.offset
        return out.view(x.shape[0], -1).transpose(0, 1).sum(dim=0, keepdim=True)


class Methods(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(lib.tensor([2.0]))

    def forward(self, x, y):
        a = x.relu() * self.scale
        b = lib.matmul(a, y.t())
        c = b.softmax(dim=-1).mean(0)
        return c[:2], -a.sum(), x.size(1), operator.add(a, 1).abs()


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Lin()
        self.layers = nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 2))

    def forward(self, x):
        return F.dropout(self.layers(self.inner(x)), p=0.1, training=self.training)


def function(x, y):
    return lib.sigmoid(x) * y + lib.sum(x, dim=1, keepdim=True)


x2 = lib.linspace(-1.0, 1.0, 8).reshape(2, 4)
x4 = lib.linspace(-1.0, 1.0, 2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
x44 = lib.linspace(-1.0, 1.0, 2 * 4 * 4 * 4).reshape(2, 4, 4, 4)
"""

MODELS = {"lin": ("Lin()", "x2"), "conv_bn_relu": ("ConvBnRelu().eval()", "x4"), "residual": ("Residual()", "x44"),
          "cat_flatten": ("CatFlatten()", "x4"), "methods": ("Methods()", "x2, x2 + 1"),
          "nested": ("Nested().eval()", "x2")}

CASES = {}
for _name, (_make, _inputs) in MODELS.items():
    CASES[f"code_{_name}"] = f"gm = fx.symbolic_trace(init({_make})); r = gm.code"
    CASES[f"graph_{_name}"] = f"gm = fx.symbolic_trace(init({_make})); r = str(gm.graph)"
    CASES[f"run_{_name}"] = (f"m = init({_make}); gm = fx.symbolic_trace(m); out = gm({_inputs}); "
                             f"ref = m({_inputs}); outs = out if isinstance(out, tuple) else (out,); "
                             "refs = ref if isinstance(ref, tuple) else (ref,); "
                             "r = [rounded(o) if isinstance(o, lib.Tensor) else o for o in outs] + "
                             "[rounded(o) if isinstance(o, lib.Tensor) else o for o in refs]")
    CASES[f"nodes_{_name}"] = (f"gm = fx.symbolic_trace(init({_make})); "
                               "r = [[n.op, n.name, n.target if isinstance(n.target, str) else n.target.__name__, "
                               "repr(n.args), repr(n.kwargs), [u.name for u in n.users], "
                               "[a.name for a in n.all_input_nodes], sorted(n.meta.get('nn_module_stack', {}))] "
                               "for n in gm.graph.nodes]")

CASES.update({
    "code_function": "gm = fx.symbolic_trace(function); r = [gm.code, str(gm.graph), type(gm).__name__]",
    "run_function": "gm = fx.symbolic_trace(function); r = rounded(gm(x2, x2 * 3))",
    "print_gm": "gm = fx.symbolic_trace(init(ConvBnRelu())); r = [str(gm), repr(gm), type(gm).__name__, "
                "isinstance(gm, fx.GraphModule), isinstance(gm, nn.Module)]",
    "print_nested_gm": "gm = fx.symbolic_trace(init(Nested())); r = [str(gm), list(gm.state_dict())]",
    "shared_state": "m = init(ConvBnRelu()); gm = fx.symbolic_trace(m); r = [gm.conv is m.conv, "
                    "gm.conv.weight is m.conv.weight, list(gm.state_dict()) == list(m.state_dict()), "
                    "[n for n, _ in gm.named_parameters()], gm.training]",
    "shared_state_train": "m = init(Lin()); gm = fx.symbolic_trace(m); "
                          "opt = lib.optim.SGD(gm.parameters(), lr=0.1); gm(x2).sum().backward(); opt.step(); "
                          "r = rounded(m.linear.weight)",
    "lambda_relu_variants": "def f(x):\n    return F.relu(x) + lib.relu(x) + x.relu() + operator.add(x, x)\n"
                            "gm = fx.symbolic_trace(f); r = [gm.code, str(gm.graph), rounded(gm(x2))]",
    "functional_forms": "def f(x):\n    a = F.max_pool2d(x, 2)\n    b = F.adaptive_avg_pool2d(x, (1, 1))\n"
                        "    c = F.softmax(x, dim=1)\n    d = F.leaky_relu(x, 0.2)\n    e = F.dropout(x, 0.0)\n"
                        "    return a, b, c, d, e\n"
                        "gm = fx.symbolic_trace(f); r = [gm.code, [rounded(v)[:4] for v in gm(x4)]]",
    "tensor_constant": "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                       "        self.const = lib.tensor([1.0, 2.0, 3.0, 4.0])\n"
                       "    def forward(self, x):\n        return x + self.const + lib.tensor([0.5])\n"
                       "gm = fx.symbolic_trace(M()); r = [gm.code, str(gm.graph), rounded(gm(x2)), "
                       "sorted(gm.state_dict())]",
    "getattr_shape": "def f(x):\n    return x.reshape(x.shape[0], -1) * x.size(-1) + x.ndim\n"
                     "gm = fx.symbolic_trace(f); r = [gm.code, rounded(gm(x4))[:3]]",
    "default_argument": "def f(x, y=None, z=2):\n    return x * z\n"
                        "gm = fx.symbolic_trace(f); r = [gm.code, str(gm.graph), rounded(gm(x2))]",
    "unpack": "def f(x):\n    a, b = lib.chunk(x, 2, dim=1)\n    return a - b\n"
              "gm = fx.symbolic_trace(f); r = [gm.code, rounded(gm(x2))]",
    "control_flow": "def f(x):\n    if x.sum() > 0:\n        return x\n    return -x\nfx.symbolic_trace(f)",
    "iterate": "def f(x):\n    return [v for v in x]\nfx.symbolic_trace(f)",
    "len_error": "def f(x):\n    return x * len(x)\nfx.symbolic_trace(f)",
    "trace_error_class": "r = [issubclass(fx.proxy.TraceError, ValueError), fx.proxy.TraceError.__module__.split('.')[1:]]",
    "wrap": "def scaled(x, k):\n    return x * k\nfx.wrap('scaled')\n"
            "def f(x):\n    return scaled(lib.relu(x), 3)\n"
            "gm = fx.symbolic_trace(f); r = [gm.code, str(gm.graph), rounded(gm(x2))]",
    "wrap_len": "fx.wrap('len')\ndef f(x):\n    return x * len(x)\n"
                "gm = fx.symbolic_trace(f); r = [str(gm.graph), rounded(gm(x2))]",
    "wrap_not_top_level": "def g():\n    fx.wrap('len')\ng()",
    "wrap_bad_type": "fx.wrap(3)",
    "leaf_module": "class T(fx.Tracer):\n    def is_leaf_module(self, m, name):\n        return isinstance(m, Lin) "
                   "or super().is_leaf_module(m, name)\n"
                   "graph = T().trace(init(Nested())); r = str(graph)",
    "tracer_trace": "tracer = fx.Tracer(); graph = tracer.trace(init(Lin())); "
                    "gm = fx.GraphModule(tracer.root, graph, 'Renamed'); r = [str(graph), type(gm).__name__, "
                    "gm.code, isinstance(graph, fx.Graph)]",
    "replace_relu": "gm = fx.symbolic_trace(init(Lin()))\n"
                    "for node in gm.graph.nodes:\n"
                    "    if node.op == 'call_function' and node.target is F.relu:\n"
                    "        with gm.graph.inserting_after(node):\n"
                    "            new = gm.graph.call_function(lib.sigmoid, node.args)\n"
                    "        node.replace_all_uses_with(new)\n"
                    "        gm.graph.erase_node(node)\n"
                    "gm.graph.lint(); gm.recompile(); r = [gm.code, str(gm.graph), rounded(gm(x2))]",
    "insert_before": "gm = fx.symbolic_trace(init(Lin()))\n"
                     "out = gm.graph.output_node if hasattr(gm.graph, 'output_node') and not "
                     "callable(gm.graph.output_node) else list(gm.graph.nodes)[-1]\n"
                     "with gm.graph.inserting_before(out):\n"
                     "    d = gm.graph.call_method('mul', (out.args[0], 10))\n"
                     "out.args = (d,)\ngm.recompile(); r = [gm.code, rounded(gm(x2))]",
    "create_node": "g = fx.Graph(); x = g.placeholder('x'); w = g.placeholder('w', default_value=2)\n"
                   "a = g.create_node('call_function', operator.mul, (x, w), name='scaled')\n"
                   "b = g.call_method('relu', (a,)); c = g.call_function(lib.add, (b, 1), {'alpha': 2})\n"
                   "g.output((c, b)); gm = fx.GraphModule(nn.Module(), g)\n"
                   "r = [str(g), gm.code, [rounded(v) for v in gm(x2)], [n.name for n in g.nodes], len(g.nodes), "
                   "[n.name for n in reversed(g.nodes)]]",
    "get_attr_module": "root = nn.Module(); root.lin = nn.Linear(4, 2); init(root); g = fx.Graph(); "
                       "x = g.placeholder('x'); y = g.call_module('lin', (x,)); "
                       "w = g.get_attr('lin.weight'); g.output(g.call_function(operator.add, (y, w.args or 1))); "
                       "gm = fx.GraphModule(root, g); r = [gm.code, str(gm)]",
    "graph_module_dict_root": "g = fx.Graph(); x = g.placeholder('x'); g.output(g.call_module('a.b', (x,))); "
                              "gm = fx.GraphModule({'a.b': nn.ReLU()}, g); r = [str(gm), rounded(gm(x2))]",
    "graph_module_missing_target": "g = fx.Graph(); x = g.placeholder('x'); g.output(g.call_module('a', (x,))); "
                                   "fx.GraphModule({}, g)",
    "erase_with_users": "gm = fx.symbolic_trace(init(Lin())); node = list(gm.graph.nodes)[1]; "
                        "gm.graph.erase_node(node)",
    "dead_code": "gm = fx.symbolic_trace(init(Lin())); x = list(gm.graph.nodes)[0]\n"
                 "with gm.graph.inserting_after(x):\n    gm.graph.call_function(lib.neg, (x,))\n"
                 "before = str(gm.graph); changed = gm.graph.eliminate_dead_code(); gm.recompile()\n"
                 "r = [before, changed, str(gm.graph), gm.graph.eliminate_dead_code()]",
    "lint_order": "g = fx.Graph(); x = g.placeholder('x'); a = g.call_method('relu', (x,)); "
                  "b = g.call_method('neg', (a,)); g.output(b); a.args = (b,); g.lint()",
    "lint_missing_target": "gm = fx.symbolic_trace(init(Lin())); "
                           "gm.graph.call_module('nothere', (list(gm.graph.nodes)[0],))",
    "node_api": "gm = fx.symbolic_trace(init(Lin())); nodes = list(gm.graph.nodes); relu = nodes[2]; "
                "r = [repr(relu), relu.format_node(), relu.next.name, relu.prev.name, list(relu.users), "
                "relu.all_input_nodes, relu.kwargs, relu.type, relu.meta, nodes[1].meta == {}]",
    "update_arg": "gm = fx.symbolic_trace(init(Lin())); add = list(gm.graph.nodes)[3]; add.update_arg(1, 5); "
                  "gm.recompile(); r = [gm.code, rounded(gm(x2))]",
    "interpreter": "gm = fx.symbolic_trace(init(ConvBnRelu()).eval()); r = rounded(fx.Interpreter(gm).run(x4))[:6]",
    "interpreter_subclass": "class Count(fx.Interpreter):\n    def __init__(self, m):\n        super().__init__(m)\n"
                            "        self.seen = []\n"
                            "    def run_node(self, n):\n        self.seen.append((n.op, n.name))\n"
                            "        return super().run_node(n)\n"
                            "    def call_function(self, target, args, kwargs):\n"
                            "        if target is F.relu:\n            return lib.zeros_like(args[0])\n"
                            "        return super().call_function(target, args, kwargs)\n"
                            "it = Count(fx.symbolic_trace(init(Lin()))); out = it.run(x2); "
                            "r = [it.seen, rounded(out)]",
    "interpreter_missing_input": "fx.Interpreter(fx.symbolic_trace(init(Lin()))).run()",
    "transformer": "class Swap(fx.Transformer):\n    def call_function(self, target, args, kwargs):\n"
                   "        if target is operator.add:\n            target = operator.mul\n"
                   "        return super().call_function(target, args, kwargs)\n"
                   "    def call_method(self, target, args, kwargs):\n"
                   "        if target == 'relu':\n            target = 'sigmoid'\n"
                   "        return super().call_method(target, args, kwargs)\n"
                   "gm = Swap(fx.symbolic_trace(init(Residual()))).transform(); "
                   "r = [gm.code, type(gm).__name__, rounded(gm(x44))[:6]]",
    "transformer_module": "gm = fx.Transformer(fx.symbolic_trace(init(Nested()).eval())).transform(); "
                          "r = [gm.code, str(gm.graph)]",
    "proxy_repr": "seen = []\ndef f(x):\n    y = x + 1\n    seen.append([repr(y), repr(x), type(y).__name__, "
                  "type(x.shape).__name__])\n    return y\n"
                  "fx.symbolic_trace(f); r = seen",
    "tensor_plus_proxy": "c = lib.tensor([1.0, 2.0, 3.0, 4.0])\ndef f(x):\n    return c + x, c * x\n"
                         "gm = fx.symbolic_trace(f); r = [gm.code, [rounded(v) for v in gm(x2)]]",
    "deepcopy": "import copy\ngm = fx.symbolic_trace(init(Lin())); gm2 = copy.deepcopy(gm); "
                "r = [gm2.code == gm.code, type(gm2).__name__, gm2.linear is gm.linear, rounded(gm2(x2))]",
    "map_arg": "g = fx.Graph(); x = g.placeholder('x'); y = g.placeholder('y'); "
               "r = repr(fx.map_arg(((x, 1), [y], {'k': x}), lambda n: n.name.upper()))",
})


def observe(lib, name):
    """Run case ``name`` with ``lib`` (gradlib or torch): its ``r``, or its exception's class and message."""
    scope = {"__name__": "fx10_case", "lib": lib, "operator": operator}
    try:
        exec(compile(PRELUDE, "<fx10 prelude>", "exec"), scope)
        exec(compile(CASES[name], f"<fx10 {name}>", "exec"), scope)
        seen = {"r": scope.get("r")}
    except Exception as error:  # the record is the exception
        seen = {"error": type(error).__name__, "message": str(error)}
    return json.loads(json.dumps(seen, default=repr))


def record():
    import torch
    recorded = {name: observe(torch, name) for name in CASES}
    path = pathlib.Path(__file__).parent / "torch_fx10.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")



CASES.update({
    "functional_natives": "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                          "        self.w = nn.Parameter(lib.linspace(-1, 1, 12).reshape(3, 4))\n"
                          "        self.k = nn.Parameter(lib.linspace(-1, 1, 2 * 3 * 9).reshape(2, 3, 3, 3))\n"
                          "    def forward(self, x, img):\n"
                          "        a = F.gelu(F.linear(x, self.w))\n"
                          "        b = F.avg_pool2d(F.conv2d(img, self.k, padding=1), 2)\n"
                          "        return a, F.softplus(b), F.prelu(a, lib.tensor([0.25]))\n"
                          "gm = fx.symbolic_trace(M()); r = [gm.code, str(gm.graph), "
                          "[rounded(v)[:5] for v in gm(x2, x4)]]",
    "dtype_arguments": "def f(x):\n    return x.to(lib.float64).contiguous(memory_format=lib.contiguous_format)"
                       " + lib.zeros(2, 4, dtype=lib.float64, device=x.device)\n"
                       "gm = fx.symbolic_trace(f); r = [gm.code, str(gm.graph), rounded(gm(x2)), str(gm(x2).dtype).split('.')[-1]]",
})

FUSER = """
import copy


def fuse_conv_bn(conv, bn):
    fused = copy.deepcopy(conv)
    scale = bn.weight / lib.sqrt(bn.running_var + bn.eps)
    with lib.no_grad():
        fused.weight.copy_(conv.weight * scale.reshape(-1, 1, 1, 1))
        fused.bias.copy_((conv.bias - bn.running_mean) * scale + bn.bias)
    return fused


def _parent_name(target):
    *parent, name = target.rsplit('.', 1)
    return parent[0] if parent else '', name


def fuse(model):
    model = copy.deepcopy(model)
    fx_model = fx.symbolic_trace(model)
    modules = dict(fx_model.named_modules())
    for node in fx_model.graph.nodes:
        if node.op != 'call_module':
            continue
        if type(modules[node.target]) is nn.BatchNorm2d and isinstance(node.args[0], fx.Node) and \\
                node.args[0].op == 'call_module' and type(modules[node.args[0].target]) is nn.Conv2d:
            if len(node.args[0].users) > 1:
                continue
            parent, name = _parent_name(node.args[0].target)
            setattr(modules[parent], name, fuse_conv_bn(modules[node.args[0].target], modules[node.target]))
            node.replace_all_uses_with(node.args[0])
            fx_model.graph.erase_node(node)
    fx_model.graph.lint()
    fx_model.recompile()
    return fx_model


class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.block = nn.Sequential(nn.Conv2d(4, 4, 1), nn.BatchNorm2d(4), nn.ReLU())

    def forward(self, x):
        return self.block(lib.relu(self.bn(self.conv(x)))).mean(dim=(2, 3))


stem = init(Stem()).eval()
with lib.no_grad():
    for m in stem.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.fill_(0.1)
            m.running_var.fill_(1.5)
fused = fuse(stem)
"""

CASES.update({
    "fuser": FUSER + "r = [fused.code, str(fused), rounded(fused(x4)), rounded(stem(x4)), "
                     "[n for n, _ in fused.named_modules()]]",
    "print_readable": "gm = fx.symbolic_trace(init(Nested())); r = [gm.print_readable(print_output=False), "
                      "fx.symbolic_trace(lambda x: x + 1).print_readable(False)]",
    "print_readable_nested_gm": "inner = fx.symbolic_trace(init(Lin())); root = nn.Module(); root.inner = inner; "
                                "g = fx.Graph(); x = g.placeholder('x'); g.output(g.call_module('inner', (x,))); "
                                "gm = fx.GraphModule(root, g, 'Outer'); r = gm.print_readable(False)",
})

CASES.update({
    "concrete_args": "def f(x, flag, opt=None):\n    if flag:\n        return x + 1\n    return x - 1\n"
                     "gm = fx.symbolic_trace(f, concrete_args={'flag': True, 'opt': None}); "
                     "r = [gm.code, str(gm.graph), rounded(gm(x2, True, None))]",
    "concrete_args_violated": "def f(x, flag):\n    return x + 1 if flag else x\n"
                              "fx.symbolic_trace(f, concrete_args={'flag': True})(x2, False)",
    "concrete_args_none_violated": "def f(x, opt):\n    return x\n"
                                   "fx.symbolic_trace(f, concrete_args={'opt': None})(x2, 3)",
    "concrete_args_dce": "def f(x, flag):\n    return x * 2\n"
                         "gm = fx.symbolic_trace(f, concrete_args={'flag': 3}); "
                         "r = [gm.graph.eliminate_dead_code(), str(gm.graph)]",
    "torch_assert": "lib._assert(True, 'fine'); lib._assert(lib.tensor(False), 'tensor said no')",
    "varargs": "def f(x, *args, **kwargs):\n    return x + args[0] * kwargs['k']\n"
               "gm = fx.symbolic_trace(f); r = str(gm.graph)",
})

CASES.update({
    "functional_as_methods": "def f(x):\n    return F.sigmoid(x) + F.tanh(x)\n"
                             "gm = fx.symbolic_trace(f); r = [gm.code, rounded(gm(x2))]",
})

CASES.update({
    "replace_pattern": "def f(x, w1, w2):\n    a = lib.cat([w1, w2]).sum()\n    b = lib.cat([w1, w2]).sum()\n"
                       "    return x + lib.max(a) + lib.max(b)\n"
                       "def pattern(w1, w2):\n    return lib.cat([w1, w2]).sum()\n"
                       "def replacement(w1, w2):\n    return lib.stack([w1, w2])\n"
                       "gm = fx.symbolic_trace(f); matches = fx.replace_pattern(gm, pattern, replacement); "
                       "r = [len(matches), [m.anchor.name for m in matches], "
                       "[sorted((k.name, v.name) for k, v in m.nodes_map.items()) for m in matches], gm.code, "
                       "rounded(gm(x2, x2[0], x2[1]))]",
    "replace_pattern_add_relu": "def f(x):\n    y = lib.relu(x + 1)\n    z = lib.relu(y + 2)\n    w = y + 3\n"
                                "    return z * w\n"
                                "def pattern(a, b):\n    return lib.relu(a + b)\n"
                                "def replacement(a, b):\n    return lib.sigmoid(a - b)\n"
                                "gm = fx.symbolic_trace(f); n = len(fx.replace_pattern(gm, pattern, replacement)); "
                                "r = [n, gm.code, str(gm.graph), rounded(gm(x2))]",
    "replace_pattern_not_contained": "def f(x):\n    y = x + 1\n    return lib.relu(y) * y\n"
                                     "def pattern(a):\n    return lib.relu(a + 1)\n"
                                     "gm = fx.symbolic_trace(f); r = [len(fx.replace_pattern(gm, pattern, "
                                     "lambda a: a)), gm.code]",
    "replace_pattern_literals": "def f(x):\n    return (x * 2) + (x * 3)\n"
                                "gm = fx.symbolic_trace(f); n = len(fx.replace_pattern(gm, lambda a: a * 2, "
                                "lambda a: a + a)); r = [n, gm.code]",
})

CASES.update({
    "docs_add_to_mul": "class M(nn.Module):\n    def forward(self, x, y):\n        return lib.add(x, y) + lib.add(y, 1)\n"
                       "graph = fx.Tracer().trace(M())\n"
                       "for node in graph.nodes:\n"
                       "    if node.op == 'call_function' and node.target == lib.add:\n"
                       "        node.target = lib.mul\n"
                       "graph.lint(); gm = fx.GraphModule(M(), graph); r = [gm.code, rounded(gm(x2, x2 + 2))]",
    "docs_decompose": "def relu_decomposition(x):\n    return (x > 0) * x\n"
                      "rules = {F.relu: relu_decomposition}\n"
                      "def decompose(model):\n    graph = fx.Tracer().trace(model)\n    new_graph = fx.Graph()\n"
                      "    env = {}\n    tracer = fx.proxy.GraphAppendingTracer(new_graph)\n"
                      "    for node in graph.nodes:\n"
                      "        if node.op == 'call_function' and node.target in rules:\n"
                      "            args = [fx.Proxy(env[a.name], tracer) if isinstance(a, fx.Node) else a "
                      "for a in node.args]\n"
                      "            env[node.name] = rules[node.target](*args).node\n"
                      "        else:\n"
                      "            env[node.name] = new_graph.node_copy(node, lambda a: env[a.name])\n"
                      "    return fx.GraphModule(model, new_graph)\n"
                      "m = init(Lin()); gm = decompose(m); r = [gm.code, str(gm.graph), rounded(gm(x2)), rounded(m(x2))]",
    "graph_deepcopy": "import copy\ngm = fx.symbolic_trace(init(Lin())); g2 = copy.deepcopy(gm.graph); "
                      "r = [str(g2), [n.name for n in g2.nodes], g2.owning_module is None, "
                      "list(g2.nodes)[1] is not list(gm.graph.nodes)[1]]",
    "find_nodes": "gm = fx.symbolic_trace(init(Nested())); "
                  "r = [[n.name for n in gm.graph.find_nodes(op='call_module')], "
                  "[n.name for n in gm.graph.find_nodes(op='call_function', target=F.relu)], "
                  "gm.graph.output_node.name if not callable(gm.graph.output_node) else 'callable']",
})

CASES.update({
    "shape_prop": "from importlib import import_module\n"
                  "ShapeProp = import_module(lib.__name__ + '.fx.passes.shape_prop').ShapeProp\n"
                  "class L(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                  "        self.l = nn.Linear(4, 3)\n"
                  "    def forward(self, x):\n        return lib.relu(self.l(x)).sum(0), x.shape, (x > 0)\n"
                  "gm = fx.symbolic_trace(init(L())); out = ShapeProp(gm).propagate(x2)\n"
                  "r = [gm.print_readable(False), gm.code, [[n.name, list(n.meta['tensor_meta'].shape), "
                  "str(n.meta['tensor_meta'].dtype).split('.')[-1], n.meta['tensor_meta'].requires_grad, "
                  "list(n.meta['tensor_meta'].stride), str(n.meta['tensor_meta'].memory_format).split('.')[-1], "
                  "n.meta['type'].__name__] for n in gm.graph.nodes if n.op not in ('output',) and "
                  "'tensor_meta' in n.meta], type(list(gm.graph.nodes)[-1].meta['tensor_meta']).__name__, "
                  "type(list(gm.graph.nodes)[1].meta['tensor_meta']).__module__.split('.')[1:]]",
})

CASES.update({
    "annotations": "class A(nn.Module):\n"
                   "    def forward(self, x: lib.Tensor, k: int = 2) -> lib.Tensor:\n        return x * k\n"
                   "gm = fx.symbolic_trace(A()); r = [gm.code, str(gm.graph), rounded(gm(x2))]",
    "module_list_loop": "class B(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                        "        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])\n"
                        "        self.act = nn.ModuleDict({'relu': nn.ReLU()})\n"
                        "    def forward(self, x):\n        for layer in self.layers:\n"
                        "            x = self.act['relu'](layer(x))\n        return x + self.layers[0].bias\n"
                        "gm = fx.symbolic_trace(init(B())); r = [gm.code, str(gm), rounded(gm(x2))]",
    "method_on_tensor_attribute": "class C(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                                  "        self.w = nn.Parameter(lib.linspace(-1, 1, 16).reshape(4, 4))\n"
                                  "    def forward(self, x):\n        return x @ self.w.t() + self.w.sum()\n"
                                  "gm = fx.symbolic_trace(C()); r = [gm.code, str(gm.graph), rounded(gm(x2))]",
    "reused_submodule": "class D(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                        "        self.lin = nn.Linear(4, 4)\n"
                        "    def forward(self, x):\n        return self.lin(self.lin(x))\n"
                        "gm = fx.symbolic_trace(init(D())); r = [gm.code, [sorted(n.meta.get('nn_module_stack', {})) "
                        "for n in gm.graph.nodes]]",
    "nested_meta": "gm = fx.symbolic_trace(init(Nested())); "
                   "r = [[n.name, [[k, v[0], v[1].__name__] for k, v in n.meta.get('nn_module_stack', {}).items()]] "
                   "for n in gm.graph.nodes]",
})

CASES.update({
    "pickle_round_trip": "import pickle\nm = init(Nested()).eval(); gm = fx.symbolic_trace(m); "
                         "g2 = pickle.loads(pickle.dumps(gm)); "
                         "r = [type(g2).__name__, g2.code, str(g2.graph), rounded(g2(x2)) == rounded(gm(x2)), "
                         "list(g2.state_dict()), g2.training, isinstance(g2, fx.GraphModule), "
                         "[n.meta.get('nn_module_stack') is None for n in g2.graph.nodes]]",
    "pickle_wrapped_function": "import pickle\ngm = fx.symbolic_trace(function); g2 = pickle.loads(pickle.dumps(gm)); "
                               "r = [g2.code, rounded(g2(x2, x2))]",
})
