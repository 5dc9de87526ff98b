"""Python source from a Graph: PyTorch's ``CodeGen`` text (``gm.code``), line for line.

Each node becomes one assignment (``add = relu + relu``: operators printed as operators, methods as
``x.relu()``, modules as ``self.conv(x)``, attributes as ``self.param``, functions by their torch name), followed by
``;  a = b = None`` for the values last used there, so that the generated ``forward`` frees them as PyTorch's does.
Names of globals (a function of the user's module) are made unique against the node names.
"""
import dataclasses
import enum

from .. import _tensor
from . import _metadata, _names
from .node import Node

__all__ = ["CodeGen", "PythonCode"]


@dataclasses.dataclass
class PythonCode:
    """``torch.fx.graph.PythonCode``: the source of ``forward`` and the globals it runs with."""
    src: str
    globals: dict
    _lineno_map: dict = None
    _prologue_start: int = 0


def _format_target(base, target):
    result = base
    for element in target.split("."):
        result = f"{result}.{element}" if element.isidentifier() else f'getattr({result}, "{element}")'
    return result


class CodeGen:
    """Writes ``def forward(self, ...)`` for the nodes of a graph (``Graph.python_code``)."""

    def __init__(self):
        self._body_transformer = None
        self._func_name = "forward"

    def gen_fn_def(self, free_vars, maybe_return_annotation):
        if len(free_vars) == 0 or free_vars[0] != "self":
            free_vars.insert(0, "self")
        return f"def {self._func_name}({', '.join(free_vars)}){maybe_return_annotation}:"

    def generate_output(self, output_args, repr_fn=repr):
        return f"return {repr_fn(output_args)}"

    def process_inputs(self, *args):
        return args

    def process_outputs(self, outputs):
        return outputs

    def additional_globals(self):
        return []

    def gen_python_code(self, nodes, root_module, namespace, wrap_function=None, verbose=False):
        free_vars = []
        body = []
        globals_ = {}
        wrapped_fns = {}
        return_annotation = [""]

        def add_global(name_hint, obj):
            if _names.is_from_torch(obj) and obj is not _names.CUSTOM_BUILTINS["device"]:
                return _names.qualified_name(obj)
            global_name = namespace.create_name(name_hint, obj)
            if global_name in globals_:
                return global_name
            globals_[global_name] = obj
            return global_name

        for name, obj in _names.CUSTOM_BUILTINS.items():
            if name == "torch":
                globals_[name] = obj
                namespace.create_name(name, obj)
            else:
                add_global(name, obj)

        def type_repr(o):
            return add_global(_names.type_repr(o), o)

        def get_repr(arg):
            if isinstance(arg, Node):
                return repr(arg)
            if isinstance(arg, tuple) and hasattr(arg, "_fields"):
                global_name = add_global(_names.qualified_name(type(arg)), type(arg))
                return f"{global_name}{repr(tuple(arg))}"
            if isinstance(arg, enum.Enum):
                return f"{add_global(arg.__class__.__name__, arg.__class__)}.{arg.name}"
            if isinstance(arg, _tensor.Tensor):
                return f"torch.Tensor(size={list(arg.size())}, dtype={str(arg.dtype).split('.')[-1]})"
            if isinstance(arg, tuple):
                if len(arg) == 1:
                    return f"({get_repr(arg[0])},)"
                return "(" + ", ".join(get_repr(a) for a in arg) + ")"
            if isinstance(arg, list):
                return "[" + ", ".join(get_repr(a) for a in arg) + "]"
            if isinstance(arg, slice):
                return f"slice({get_repr(arg.start)}, {get_repr(arg.stop)}, {get_repr(arg.step)})"
            return _names.value_repr(arg, repr(arg))

        def format_args(args, kwargs):
            parts = [get_repr(a) for a in args]
            parts.extend(f"{key} = {get_repr(value)}" for key, value in kwargs.items())
            return ", ".join(parts)

        node_to_last_use = {}
        user_to_last_uses = {}
        for node in reversed(nodes):
            for input_node in node._input_nodes:
                if input_node not in node_to_last_use:
                    node_to_last_use[input_node] = node
                    user_to_last_uses.setdefault(node, []).append(input_node)

        def delete_unused_values(user):
            if user.op == "placeholder":
                return
            if user.op == "output":
                body.append("\n")
                return
            to_delete = list(user_to_last_uses.get(user, []))
            if len(user.users) == 0:
                to_delete.append(user)
            if to_delete:
                body.append(f";  {' = '.join([repr(n) for n in to_delete] + ['None'])}\n")
            else:
                body.append("\n")

        def emit_node(node):
            annotation = "" if node.type is None else f" : {type_repr(node.type)}"
            if verbose:
                meta = node.meta.get("val", node.meta.get("tensor_meta", node.meta.get("example_value")))
                if isinstance(meta, _tensor.Tensor):
                    meta = _metadata.TensorMetadata(meta.shape, meta.dtype, False, (), None, False, {})
                shape_text = _metadata.annotation(meta)
                if shape_text is not None:
                    annotation = f': "{shape_text}"'
            if node.op == "placeholder":
                default = "" if not node.args else f" = {get_repr(node.args[0])}"
                free_vars.append(f"{node.target}{annotation}{default}")
                raw_name = node.target.replace("*", "")
                if raw_name != repr(node):
                    body.append(f"{repr(node)} = {raw_name}\n")
                return
            if node.op == "call_method":
                body.append(f"{repr(node)}{annotation} = {_format_target(get_repr(node.args[0]), node.target)}"
                            f"({format_args(node.args[1:], node.kwargs)})")
                return
            if node.op == "call_function":
                target = node.target
                module = getattr(target, "__module__", "")
                name = getattr(target, "__name__", "")
                if module == "_operator" and name in _names.MAGIC_METHODS:
                    body.append(f"{repr(node)}{annotation} = "
                                f"{_names.MAGIC_METHODS[name].format(*(get_repr(a) for a in node.args))}")
                    return
                if module == "_operator" and name in _names.INPLACE_METHODS:
                    body.append(f"{_names.INPLACE_METHODS[name].format(*(get_repr(a) for a in node.args))};  "
                                f"{repr(node)}{annotation} = {get_repr(node.args[0])}")
                    return
                global_name = add_global(_names.qualified_name(target), target)
                if (global_name == "getattr" and isinstance(node.args, tuple) and len(node.args) == 2
                        and isinstance(node.args[1], str) and node.args[1].isidentifier()):
                    body.append(f"{repr(node)}{annotation} = {_format_target(get_repr(node.args[0]), node.args[1])}")
                    return
                body.append(f"{repr(node)}{annotation} = {global_name}({format_args(node.args, node.kwargs)})")
                if node.meta.get("is_wrapped", False):
                    wrapped_fns.setdefault(global_name)
                return
            if node.op == "call_module":
                body.append(f"{repr(node)}{annotation} = "
                            f"{_format_target(root_module, node.target)}({format_args(node.args, node.kwargs)})")
                return
            if node.op == "get_attr":
                body.append(f"{repr(node)}{annotation} = {_format_target(root_module, node.target)}")
                return
            if node.op == "output":
                if node.type is not None:
                    return_annotation[0] = f" -> {type_repr(node.type)}"
                body.append(self.generate_output(node.args[0], repr_fn=get_repr))
                return
            raise NotImplementedError(f"node: {node.op} {node.target}")

        previous_summary = None
        for node in nodes:
            if verbose and node.op not in ("placeholder", "output"):
                # gradlib records no stack traces (PyTorch's record_stack_traces is off by default too)
                summary = "\n# No stacktrace found for following nodes\n"
                if summary != previous_summary:
                    previous_summary = summary
                    body.append(summary)
            emit_node(node)
            delete_unused_values(node)
        if not body:
            body.append("pass\n")
        if wrapped_fns:
            wrap_name = add_global("wrap", wrap_function)
            wrap_stmts = "\n".join(f'{wrap_name}("{name}")' for name in wrapped_fns)
        else:
            wrap_stmts = ""
        if self._body_transformer:
            body = self._body_transformer(body)
        for name, value in self.additional_globals():
            add_global(name, value)
        prologue = self.gen_fn_def(free_vars, return_annotation[0])
        code = "".join(body).lstrip("\n")
        code = "\n".join("    " + line for line in code.split("\n"))
        fn_code = f"\n{wrap_stmts}\n\n{prologue}\n{code}"
        return PythonCode(fn_code, globals_, _lineno_map={}, _prologue_start=wrap_stmts.count("\n") + 4)
