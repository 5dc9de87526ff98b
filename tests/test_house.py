"""The structure issue 13 put in place: one recording path and saved-value record, the op author's contract, the
primitives vocabulary, and the small things written once. Each test runs on the device under test."""
import ast
import pathlib
import re
import sys

import pytest

import gradlib
from gradlib.autograd import anomaly, grad_mode, graph, inference, saved_hooks
from gradlib.ops import _primitives
from gradlib.ops._op import Op


def test_every_edge_comes_from_edge_of(device):
    leaf = gradlib.ones(2, device=device, requires_grad=True)
    plain = gradlib.ones(2, device=device)
    y = leaf * 2
    assert graph.edge_of(plain) is graph.NO_EDGE
    assert graph.edge_of(y) == (y.grad_fn, 0)
    assert graph.edge_of(leaf) == y.grad_fn.next_functions[0]
    assert isinstance(graph.edge_of(leaf)[0], graph.AccumulateGrad)


def test_builtin_ops_and_functions_keep_one_saved_value_record(device):
    class Square(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            out = x * x
            ctx.save_for_backward(x, out, None)
            return out

        @staticmethod
        def backward(ctx, grad):
            x, out, nothing = ctx.saved_tensors
            assert nothing is None and out.grad_fn is ctx
            return 2 * x * grad

    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    builtin = x.exp()
    custom = Square.apply(x)
    values = builtin.grad_fn._saved + custom.grad_fn._saved[:2]
    assert all(type(value) is saved_hooks.SavedValue for value in values)
    assert custom.grad_fn._saved[2] is None
    assert builtin.grad_fn._saved[0].output_nr == 0 and custom.grad_fn._saved[0].tensor is x
    (builtin.sum() + custom.sum()).backward()
    assert builtin.grad_fn._saved is graph.FREED and custom.grad_fn._saved is graph.FREED
    assert x.grad.tolist() == pytest.approx([2.718281828 + 2.0, 7.389056099 + 4.0])


def test_a_value_changed_in_place_is_refused_through_unpack(device):
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    y = x.exp()
    with gradlib.no_grad():
        y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_op_authors_use_the_contract(device):
    class ScaleBackward0(Op):
        __slots__ = ("seen",)

        @staticmethod
        def forward(ctx, xp, a):
            return a * 3

        @staticmethod
        def backward(ctx, P, grad):
            ctx.seen = (ctx.input_shape(0), ctx.input_dtype(0), ctx.xp.__name__)
            return P.broadcast_to(grad * 3, ctx.input_shape(0))

    x = gradlib.ones(2, 1, device=device, dtype=gradlib.float64, requires_grad=True)
    y = ScaleBackward0.apply(x)
    y.sum().backward()
    assert x.grad.tolist() == [[3.0], [3.0]]
    assert y.grad_fn.seen[:2] == ((2, 1), gradlib.float64.np)
    assert y.grad_fn.seen[2] in ("numpy", "cupy")
    with pytest.raises(TypeError, match="redefines 'input_shape'"):
        class Clash(Op):  # noqa: F841  (a slot named like a contract method would hide it)
            __slots__ = ("input_shape",)


def test_node_name_is_a_class_attribute(device):
    x = gradlib.ones(2, device=device, requires_grad=True)
    by_scalar, by_tensor = x * 2, x * x
    # PyTorch's type names (type(grad_fn).__name__ is what torchviz and tutorials print): the two classes of one
    # PyTorch node both read as it; gradlib's code tells them apart by class (and _impl_name)
    scalar_type, tensor_type = type(by_scalar.grad_fn), type(by_tensor.grad_fn)
    assert scalar_type is gradlib.ops.arithmetic.MulScalar and scalar_type is not tensor_type
    assert scalar_type._impl_name == "MulScalar" and tensor_type._impl_name == "MulBackward0"
    for kind in (scalar_type, tensor_type):
        assert (kind.__name__, kind.__qualname__, kind.__module__) == ("MulBackward0", "MulBackward0", "builtins")
        assert repr(kind) == "<class 'MulBackward0'>"
    assert by_scalar.grad_fn.name() == by_tensor.grad_fn.name() == "MulBackward0"
    assert "grad_fn=<MulBackward0>" in repr(by_scalar) and repr(by_scalar.grad_fn).startswith("<MulBackward0 object")


PACKAGE = pathlib.Path(gradlib.__file__).resolve().parent
#: the one place that renames classes: a graph node takes PyTorch's type names (node_name, 'builtins')
CLASS_RENAMERS = {("autograd/graph.py", "Node.__init_subclass__")}
#: the only places that make classes with type(name, bases, namespace), each under the name it is bound to:
#: elementwise_op (node classes of one-tensor elementwise ops), return_types._make (result types) and
#: Function's metaclass (a custom Function's <Name>Backward node)
CLASS_FACTORIES = {("ops/_op.py", "elementwise_op"), ("return_types.py", "_make"),
                   ("autograd/function.py", "_FunctionMeta.__init__"),
                   # a parametrized module's class, Parametrized<Class>, holding its properties (as PyTorch's)
                   ("nn/utils/parametrize.py", "_inject_new_class"),
                   # an autograd.Function's generated vmap rule, Vmapped<Function> (as PyTorch's)
                   ("func/_custom_function.py", "_generated"),
                   # a custom op's autograd.Function, GeneratedBackwardFor_<ns>_<name>_default (as PyTorch's)
                   ("library.py", "CustomOpDef._make_autograd_function")}


def _gradlib_sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text())


def _enclosing_functions(tree):
    """{node: 'Class.function' or 'function'} for every AST node inside a function."""
    where = {}

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{scope}.{child.name}" if scope else child.name
            if scope:
                where[child] = scope
            visit(child, inner)
    visit(tree, "")
    return where


def test_no_class_is_renamed_or_made_under_another_name():
    """Only Node.__init_subclass__ assigns __name__ or __qualname__ to a class (a node takes PyTorch's name, its
    node_name where two classes share one), and type(name, bases, namespace) is called only by the declared
    factories."""
    renamed, made = [], []
    for path, tree in _gradlib_sources():
        classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
        where = _enclosing_functions(tree)
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr in ("__name__", "__qualname__"):
                        owner = ast.unparse(part.value)
                        if (owner in classes or owner[:1].isupper() or owner.startswith(("cls", "type("))) and \
                                (path, where.get(node, "")) not in CLASS_RENAMERS:
                            renamed.append(f"{path}:{node.lineno} {ast.unparse(target)}")
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "setattr" and len(node.args) > 1 and \
                    isinstance(node.args[1], ast.Constant) and node.args[1].value in ("__name__", "__qualname__") and \
                    (path, where.get(node, "")) not in CLASS_RENAMERS:
                renamed.append(f"{path}:{node.lineno} setattr")
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("type", "builtins.type") and \
                    len(node.args) == 3 and (path, where.get(node, "")) not in CLASS_FACTORIES:
                made.append(f"{path}:{node.lineno} in {where.get(node, 'module level')}")
    assert not renamed, f"classes renamed after definition (set node_name instead): {renamed}"
    assert not made, f"classes made with type(...) outside the declared factories: {made}"


def test_every_node_class_lives_under_its_own_name():
    """Each op node class is found in its module under the name its source gives it (``_impl_name``: so nothing
    made as 'DivBackward2' is bound to another name, and gradlib's code can import each one), while its type names
    are PyTorch's: node_name where it differs, module 'builtins' as PyTorch's C++ node types."""
    seen = set()
    for cls in gradlib.ops.ops_table:
        module = sys.modules[cls._impl_module]
        assert getattr(module, cls._impl_name, None) is cls, f"{cls._impl_module}.{cls._impl_name} is not {cls}"
        assert (cls._impl_module, cls._impl_name) not in seen
        seen.add((cls._impl_module, cls._impl_name))
        assert cls.__name__ == cls.__qualname__ == (cls.__dict__.get("node_name") or cls._impl_name)
        assert cls.__module__ == "builtins" and repr(cls) == f"<class '{cls.__name__}'>"
    assert gradlib.ops.Op.__module__ == "gradlib.ops._op" and gradlib.ops.Op.__name__ == "Op"  # a base keeps its own
    arithmetic = gradlib.ops.arithmetic
    assert arithmetic.DivRoundedBackward2.node_name == arithmetic.DivBackward2.__name__ == "DivBackward2"
    assert arithmetic.DivRoundedBackward2.__name__ == "DivBackward2"
    assert arithmetic.FloorDivide.node_name == arithmetic.RemainderScalarTensor.node_name == "NotImplemented"


def test_both_div_nodes_print_divbackward2(device):
    a = gradlib.tensor([7.0, -7.0], device=device, requires_grad=True)
    b = gradlib.tensor([2.0, 3.0], device=device)
    names = {mode: gradlib.div(a, b, rounding_mode=mode).grad_fn for mode in ("floor", "trunc", None)}
    assert {type(node).__name__ for node in names.values()} == {"DivBackward2"}  # PyTorch's type name
    assert {type(node)._impl_name for node in names.values()} == {"DivRoundedBackward2", "DivBackward2"}
    for node in names.values():
        assert node.name() == "DivBackward2" and repr(node).startswith("<DivBackward2 object")
    assert "grad_fn=<DivBackward2>" in repr(gradlib.div(a, b, rounding_mode="floor"))
    floor, rmod = a // 2, 5 % a
    assert type(floor.grad_fn).__name__ == type(rmod.grad_fn).__name__ == "NotImplemented"
    assert type(floor.grad_fn) is gradlib.ops.arithmetic.FloorDivide
    assert type(rmod.grad_fn) is gradlib.ops.arithmetic.RemainderScalarTensor
    assert floor.grad_fn.name() == rmod.grad_fn.name() == "torch::autograd::NotImplemented"  # PyTorch's C++ name
    with pytest.raises(RuntimeError, match="derivative for aten::floor_divide is not implemented"):
        floor.sum().backward()


def test_the_primitives_are_one_explicit_vocabulary(device, monkeypatch):
    backend = gradlib.backends.backend_for(gradlib.device(device))
    on_arrays = _primitives.array_primitives(backend)
    names = set(_primitives.PRIMITIVES)
    assert {"exp", "saved", "sum_to", "cast", "to_device"} <= names
    assert all(callable(getattr(on_arrays, name)) for name in names)
    assert all(callable(getattr(_primitives.tensor_primitives, name)) for name in names)
    assert not hasattr(on_arrays, "arccosh")  # no fall-through to the array module
    monkeypatch.setitem(_primitives.PRIMITIVES, "arccosh", (lambda prims: prims.xp.arccosh,
                                                            lambda: gradlib.ops.elementwise.arccosh))
    with pytest.raises(AttributeError, match="arccosh"):
        _primitives.check_primitives()
    monkeypatch.undo()
    _primitives.check_primitives()


@pytest.mark.parametrize("manager", [gradlib.no_grad, gradlib.enable_grad, lambda: gradlib.set_grad_enabled(False),
                                     gradlib.inference_mode, lambda: gradlib.autograd.detect_anomaly()])
def test_the_mode_managers_share_one_decorator(device, manager):
    instance = manager()
    grad_mode.state.enabled = True  # set_grad_enabled(False) switched at once; the decorator restores it
    assert isinstance(instance, grad_mode._DecoratorContextManager)
    seen = []

    @instance
    def run(x):
        seen.append((gradlib.is_grad_enabled(), anomaly.is_anomaly_enabled(), inference.is_inference_mode_enabled()))
        return x * 2

    with pytest.warns(UserWarning) if isinstance(instance, anomaly.detect_anomaly) else _nothing():
        run(gradlib.ones(1, device=device, requires_grad=True))
        run(gradlib.ones(1, device=device, requires_grad=True))
    assert len(set(seen)) == 1 and gradlib.is_grad_enabled() and not anomaly.is_anomaly_enabled()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_dtype_names_live_on_the_dtype(device):
    assert (gradlib.float32.scalar_type, gradlib.float32.legacy_name, gradlib.float32.c_type) == \
        ("Float", "FloatTensor", "float")
    with pytest.raises(RuntimeError, match="^expected m1 and m2 to have the same dtype, but got: signed char != "
                                           "double$"):
        gradlib.ones(2, 2, dtype=gradlib.int8, device=device) @ gradlib.ones(2, 2, dtype=gradlib.float64,
                                                                              device=device)


def test_one_broadcast_check_from_the_last_dimension(device):
    ones = [gradlib.ones(n, device=device) for n in (1, 3, 4)]
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(3\) must match the size of tensor b \(4\) at "
                                           r"non-singleton dimension 0$"):
        gradlib.addcmul(*ones)
    with pytest.raises(RuntimeError, match=r"tensor a \(3\) must match the size of tensor b \(5\) at non-singleton "
                                           r"dimension 1$"):
        gradlib.ones(2, 3, device=device) + gradlib.ones(4, 5, device=device)


def test_conv_and_pool_take_one_sample(device):
    F = gradlib.nn.functional
    image = gradlib.arange(32.0, device=device).reshape(2, 4, 4)
    weight = gradlib.ones(3, 2, 2, 2, device=device)
    assert F.conv2d(image, weight).tolist() == F.conv2d(image.unsqueeze(0), weight)[0].tolist()
    out, indices = F.max_pool2d(image, 2, return_indices=True)
    assert out.shape == (2, 2, 2) and indices.shape == (2, 2, 2)
    assert F.avg_pool2d(image, 2).tolist() == F.avg_pool2d(image.unsqueeze(0), 2)[0].tolist()


def test_a_reassigned_buffer_stays_a_buffer(device):
    module = gradlib.nn.Module()
    module.register_buffer("count", gradlib.zeros(1, device=device))
    module.count = gradlib.ones(1, device=device)
    assert [name for name, _ in module.named_buffers()] == ["count"]
    del module.count
    module.count = gradlib.ones(1, device=device)  # as in PyTorch: once deleted, a plain attribute
    assert list(module.named_buffers()) == []


def _op_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _op_subclasses(sub)


def test_ops_table_holds_every_public_node_class():
    """Every public Op subclass gradlib defines is in ops_table (so the registry's coverage check sees it)."""
    defined = {cls for cls in _op_subclasses(Op) if cls._impl_module.startswith("gradlib.")
               and cls._impl_module in sys.modules and not cls._impl_name.startswith("_")}
    assert defined - set(gradlib.ops.ops_table) == set()
    assert len(set(gradlib.ops.ops_table)) == len(gradlib.ops.ops_table)


def test_a_new_ops_module_joins_ops_table_unlisted(tmp_path, monkeypatch):
    """A module added to ops/ is found by pkgutil: its nodes join ops_table without being listed by hand."""
    (tmp_path / "toy_family.py").write_text(
        "from gradlib.ops._op import Op\n\n\n"
        "class ToyBackward0(Op):\n    __slots__ = ()\n\n"
        "    @staticmethod\n    def forward(ctx, xp, a):\n        return a * 2\n\n"
        "    @staticmethod\n    def backward(ctx, P, grad):\n        return grad * 2\n")
    monkeypatch.setattr(gradlib.ops, "__path__", [*gradlib.ops.__path__, str(tmp_path)])
    try:
        table = gradlib.ops._collect()
        toy = sys.modules["gradlib.ops.toy_family"].ToyBackward0
        assert toy in table and tuple(op for op in table if op is not toy) == tuple(gradlib.ops.ops_table)  # order kept
    finally:
        sys.modules.pop("gradlib.ops.toy_family", None)


def test_no_module_imports_what_it_does_not_use():
    """Every name a gradlib module imports is used there (``__init__`` modules re-export, so they are left out)."""
    unused = []
    for path, tree in _gradlib_sources():
        if path.endswith("__init__.py"):
            continue
        imported = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    if alias.name != "*" and not (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
                        imported.setdefault(bound, node.lineno)
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
        exported = set()
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
                exported = {item.value for item in ast.walk(node.value) if isinstance(item, ast.Constant)}
        unused += [f"{path}:{line} {name}" for name, line in imported.items() if name not in used | exported]
    assert not unused, f"imported but unused: {unused}"


def test_the_architecture_map_names_what_exists():
    """docs/ARCHITECTURE.md stays true: every file it names exists (a bare name somewhere in the repository), and
    every ``record_torch.py <topic>`` it gives is a topic of the recorder."""
    root = PACKAGE.parent
    text = (root / "docs" / "ARCHITECTURE.md").read_text()
    names = set(re.findall(r"`([\w./]+\.(?:py|json|md))`", text))
    everywhere = {path.name for folder in ("gradlib", "tests", "tools", "docs") for path in (root / folder).rglob("*")}
    missing = [name for name in sorted(names) if not (root / name).exists() and not (PACKAGE / name).exists()
               and ("/" in name or name not in everywhere)]
    assert not missing, f"ARCHITECTURE.md names files that do not exist: {missing}"
    recorder = ast.parse((root / "tests" / "reference" / "record_torch.py").read_text())
    topics = next(ast.literal_eval(node.value) for node in recorder.body if isinstance(node, ast.Assign)
                  and getattr(node.targets[0], "id", None) == "TOPICS")
    named = set(re.findall(r"record_torch\.py (\w+)", text))
    assert named and named <= set(topics), sorted(named - set(topics))
