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
        emitter = _Emitter(self, root_module, namespace, verbose)
        emitter.run(nodes)
        body = emitter.body
        if not body:
            body.append("pass\n")
        if emitter.wrapped_fns:
            wrap_name = emitter.add_global("wrap", wrap_function)
            wrap_stmts = "\n".join(f'{wrap_name}("{name}")' for name in emitter.wrapped_fns)
        else:
            wrap_stmts = ""
        if self._body_transformer:
            body = self._body_transformer(body)
        for name, value in self.additional_globals():
            emitter.add_global(name, value)
        prologue = self.gen_fn_def(emitter.free_vars, emitter.return_annotation)
        code = "".join(body).lstrip("\n")
        code = "\n".join("    " + line for line in code.split("\n"))
        fn_code = f"\n{wrap_stmts}\n\n{prologue}\n{code}"
        return PythonCode(fn_code, emitter.globals, _lineno_map={}, _prologue_start=wrap_stmts.count("\n") + 4)


class _Emitter:
    """The lines of one ``forward``: one statement per node, then the values whose last use it was set to None."""

    def __init__(self, codegen, root_module, namespace, verbose):
        self.codegen = codegen
        self.root_module = root_module
        self.namespace = namespace
        self.verbose = verbose
        self.free_vars = []
        self.body = []
        self.globals = {}
        self.wrapped_fns = {}
        self.return_annotation = ""
        for name, obj in _names.CUSTOM_BUILTINS.items():
            if name == "torch":
                self.globals[name] = obj
                namespace.create_name(name, obj)
            else:
                self.add_global(name, obj)

    def add_global(self, name_hint, obj):
        """The name generated code reaches ``obj`` by: its torch spelling, or a global made unique."""
        if _names.is_from_torch(obj) and obj is not _names.CUSTOM_BUILTINS["device"]:
            return _names.qualified_name(obj)
        global_name = self.namespace.create_name(name_hint, obj)
        if global_name not in self.globals:
            self.globals[global_name] = obj
        return global_name

    def type_repr(self, o):
        return self.add_global(_names.type_repr(o), o)

    def get_repr(self, arg):
        """An argument as Python source (PyTorch's ``_get_repr``)."""
        if isinstance(arg, Node):
            return repr(arg)
        if isinstance(arg, tuple) and hasattr(arg, "_fields"):
            global_name = self.add_global(_names.qualified_name(type(arg)), type(arg))
            return f"{global_name}{repr(tuple(arg))}"
        if isinstance(arg, enum.Enum):
            return f"{self.add_global(arg.__class__.__name__, arg.__class__)}.{arg.name}"
        if isinstance(arg, _tensor.Tensor):
            return f"torch.Tensor(size={list(arg.size())}, dtype={str(arg.dtype).split('.')[-1]})"
        if isinstance(arg, tuple):
            if len(arg) == 1:
                return f"({self.get_repr(arg[0])},)"
            return "(" + ", ".join(self.get_repr(a) for a in arg) + ")"
        if isinstance(arg, list):
            return "[" + ", ".join(self.get_repr(a) for a in arg) + "]"
        if isinstance(arg, slice):
            return f"slice({self.get_repr(arg.start)}, {self.get_repr(arg.stop)}, {self.get_repr(arg.step)})"
        return _names.value_repr(arg, repr(arg))

    def format_args(self, args, kwargs):
        parts = [self.get_repr(a) for a in args]
        parts.extend(f"{key} = {self.get_repr(value)}" for key, value in kwargs.items())
        return ", ".join(parts)

    def run(self, nodes):
        node_to_last_use = {}
        self.user_to_last_uses = {}
        for node in reversed(nodes):
            for input_node in node._input_nodes:
                if input_node not in node_to_last_use:
                    node_to_last_use[input_node] = node
                    self.user_to_last_uses.setdefault(node, []).append(input_node)
        previous_summary = None
        for node in nodes:
            if self.verbose and node.op not in ("placeholder", "output"):
                # gradlib records no stack traces (PyTorch's record_stack_traces is off by default too)
                summary = "\n# No stacktrace found for following nodes\n"
                if summary != previous_summary:
                    previous_summary = summary
                    self.body.append(summary)
            self.emit_node(node)
            self.delete_unused_values(node)

    def delete_unused_values(self, user):
        if user.op == "placeholder":
            return
        if user.op == "output":
            self.body.append("\n")
            return
        to_delete = list(self.user_to_last_uses.get(user, []))
        if len(user.users) == 0:
            to_delete.append(user)
        if to_delete:
            self.body.append(f";  {' = '.join([repr(n) for n in to_delete] + ['None'])}\n")
        else:
            self.body.append("\n")

    def annotation(self, node):
        annotation = "" if node.type is None else f" : {self.type_repr(node.type)}"
        if self.verbose:
            meta = node.meta.get("val", node.meta.get("tensor_meta", node.meta.get("example_value")))
            if isinstance(meta, _tensor.Tensor):
                meta = _metadata.TensorMetadata(meta.shape, meta.dtype, False, (), None, False, {})
            shape_text = _metadata.annotation(meta)
            if shape_text is not None:
                annotation = f': "{shape_text}"'
        return annotation

    def emit_node(self, node):
        annotation = self.annotation(node)
        target = node.target
        if node.op == "placeholder":
            default = "" if not node.args else f" = {self.get_repr(node.args[0])}"
            self.free_vars.append(f"{target}{annotation}{default}")
            raw_name = target.replace("*", "")
            if raw_name != repr(node):
                self.body.append(f"{repr(node)} = {raw_name}\n")
        elif node.op == "call_method":
            self.body.append(f"{repr(node)}{annotation} = {_format_target(self.get_repr(node.args[0]), target)}"
                             f"({self.format_args(node.args[1:], node.kwargs)})")
        elif node.op == "call_function":
            self.emit_call_function(node, annotation)
        elif node.op == "call_module":
            self.body.append(f"{repr(node)}{annotation} = "
                             f"{_format_target(self.root_module, target)}({self.format_args(node.args, node.kwargs)})")
        elif node.op == "get_attr":
            self.body.append(f"{repr(node)}{annotation} = {_format_target(self.root_module, target)}")
        elif node.op == "output":
            if node.type is not None:
                self.return_annotation = f" -> {self.type_repr(node.type)}"
            self.body.append(self.codegen.generate_output(node.args[0], repr_fn=self.get_repr))
        else:
            raise NotImplementedError(f"node: {node.op} {target}")

    def emit_call_function(self, node, annotation):
        target = node.target
        module = getattr(target, "__module__", "")
        name = getattr(target, "__name__", "")
        if module == "_operator" and name in _names.MAGIC_METHODS:
            args = [self.get_repr(a) for a in node.args]
            self.body.append(f"{repr(node)}{annotation} = {_names.MAGIC_METHODS[name].format(*args)}")
            return
        if module == "_operator" and name in _names.INPLACE_METHODS:
            args = [self.get_repr(a) for a in node.args]
            self.body.append(f"{_names.INPLACE_METHODS[name].format(*args)};  "
                             f"{repr(node)}{annotation} = {self.get_repr(node.args[0])}")
            return
        global_name = self.add_global(_names.qualified_name(target), target)
        if (global_name == "getattr" and len(node.args) == 2 and isinstance(node.args[1], str)
                and node.args[1].isidentifier()):
            self.body.append(f"{repr(node)}{annotation} = {_format_target(self.get_repr(node.args[0]), node.args[1])}")
            return
        self.body.append(f"{repr(node)}{annotation} = {global_name}({self.format_args(node.args, node.kwargs)})")
        if node.meta.get("is_wrapped", False):
            self.wrapped_fns.setdefault(global_name)
