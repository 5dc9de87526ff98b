"""``torch.fx.GraphModule``: an ``nn.Module`` whose ``forward`` is generated from a ``Graph``.

The module holds the submodules, parameters and buffers the graph's ``call_module``/``get_attr`` nodes name,
copied by reference from the traced root (the same Parameter objects, so a ``state_dict`` or optimizer step is
shared), with empty ``Module``s for the path between (``layer1.0.conv``). ``recompile()`` regenerates ``code``
and ``forward`` after the graph was edited. Each instance gets its own class (PyTorch's ``GraphModuleImpl``), named
after the traced root's class, so that ``forward`` can be set per instance and the module prints under that name.
"""
import copy
import itertools
import linecache

import builtins

from .. import _tensor, nn
from . import _symbolic_trace  # the tracer builds GraphModules and unpickling traces: each looks the other up late
from .graph import Graph

__all__ = ["GraphModule"]

_keys = itertools.count()


def _exec_with_source(src, globals_, co_fields=None):
    """Run ``src`` with its text registered in ``linecache`` (tracebacks show the generated lines)."""
    key = f"<eval_with_key>.{next(_keys)}"
    if co_fields:
        key += f" from {co_fields['co_filename']}:{co_fields['co_firstlineno']} in {co_fields['co_name']}"
    linecache.cache[key] = (len(src), None, src.splitlines(True), key)
    exec(compile(src, key, "exec", dont_inherit=True), globals_)


def _forward_from_src(src, globals_, co_fields=None):
    scope = dict(globals_)
    _exec_with_source(src, scope, co_fields)
    return scope["forward"]


def _copy_attr(from_module, to_module, target):
    *prefix, field = target.split(".")
    for item in prefix:
        f = getattr(from_module, item)
        t = getattr(to_module, item, None)
        if f is t:
            return  # this submodule is already installed
        if t is None:
            t = nn.Module()
            setattr(to_module, item, t)
        from_module, to_module = f, t
    orig = getattr(from_module, field)
    if isinstance(orig, _tensor.Tensor) and not isinstance(orig, nn.Parameter):
        to_module.register_buffer(field, orig)
    else:
        setattr(to_module, field, orig)


def _assign_attr(from_obj, to_module, target):
    *prefix, field = target.split(".")
    for item in prefix:
        t = getattr(to_module, item, None)
        if t is None:
            t = nn.Module()
            setattr(to_module, item, t)
        to_module = t
    if isinstance(from_obj, _tensor.Tensor) and not isinstance(from_obj, nn.Parameter):
        to_module.register_buffer(field, from_obj)
    else:
        setattr(to_module, field, from_obj)


def _addindent(text, num_spaces):
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    first = lines.pop(0)
    lines = [(num_spaces * " ") + line if line.strip() else "" for line in lines]
    return first + "\n" + "\n".join(lines)


def _print_readable(module, module_name, print_output=True):
    module_code = module.graph.python_code(root_module="self", verbose=True).src.lstrip("\n")
    module_code = _addindent(f"class {module_name}(torch.nn.Module):\n" + module_code, 4)
    submodule_code_list = [""]
    for submodule_name, submodule in module.named_children():
        if isinstance(submodule, GraphModule):
            submodule_code_list.append(_print_readable(submodule, submodule_name, print_output=False))
    submodule_code = _addindent("\n".join(submodule_code_list), 4)
    output = module_code + submodule_code
    if print_output:
        print(module_code + submodule_code)
    return output


#: the import line of each name every generated program has (PyTorch's custom builtins)
_BUILTIN_IMPORTS = {"torch": "from gradlib.fx._names import TorchForCode\ntorch = TorchForCode()",
                    "inf": "from math import inf", "nan": "from math import nan", "NoneType": "NoneType = type(None)",
                    "device": "from gradlib import device"}


def _import_block(globals_):
    """The source that defines the globals of generated code (names of builtins need none)."""
    lines = []
    for name, obj in globals_.items():
        if name in _BUILTIN_IMPORTS:
            lines.append(_BUILTIN_IMPORTS[name])
        elif getattr(builtins, name, None) is not obj:
            lines.append(f"from {obj.__module__} import {obj.__qualname__} as {name}")
    return "\n".join(lines) + "\n"


def reduce_graph_module(body, import_block, class_name="GraphModule"):
    """Unpickle a GraphModule: run its saved code, trace it again (every module a leaf) over the saved state."""
    forward = _forward_from_src(import_block + body["_code"], {})

    class _CodeOnlyModule(nn.Module):
        def __init__(self, state):
            super().__init__()
            self.__dict__ = state

    _CodeOnlyModule.forward = forward

    class KeepModules(_symbolic_trace.Tracer):
        def is_leaf_module(self, m, module_qualified_name):
            return True

    root = _CodeOnlyModule(body)
    graph = KeepModules().trace(root)
    gm = GraphModule(root, graph, class_name)
    for key, value in body.items():
        if not hasattr(gm, key):
            setattr(gm, key, value)
    return gm


class GraphModule(nn.Module):
    """A module made from ``root`` (a module, or a dict of name -> module/tensor) and a ``graph``.

    >>> import gradlib, operator
    >>> g = gradlib.fx.Graph()
    >>> x = g.placeholder("x")
    >>> _ = g.output(g.call_function(operator.mul, (x, 2)))
    >>> gm = gradlib.fx.GraphModule(gradlib.nn.Module(), g)
    >>> gm(gradlib.tensor([1., 2.]))
    tensor([2., 4.])
    """

    def __new__(cls, *args, **kwargs):
        for base in cls.__mro__:
            if base.__qualname__.split(".")[-1] != "GraphModuleImpl":
                cls = base
                break

        class GraphModuleImpl(cls):
            pass

        return super().__new__(GraphModuleImpl)

    def __init__(self, root, graph, class_name="GraphModule"):
        super().__init__()
        self.__class__.__name__ = class_name
        if isinstance(root, nn.Module):
            if hasattr(root, "training"):
                self.training = root.training
            for node in graph.nodes:
                if node.op in ("get_attr", "call_module"):
                    _copy_attr(root, self, node.target)
        elif isinstance(root, dict):
            targets_to_copy = []
            for node in graph.nodes:
                if node.op in ("get_attr", "call_module"):
                    if node.target not in root:
                        raise RuntimeError(f"Node {node} referenced target {node.target} but that target was not "
                                           "provided in ``root``!")
                    targets_to_copy.append(node.target)
            targets_to_copy.sort(key=lambda t: t.count("."))
            for target in targets_to_copy:
                _assign_attr(root[target], self, target)
        else:
            raise RuntimeError("Unsupported type " + str(root) + " passed for root!")
        self.graph = graph
        self._tracer_cls = graph._tracer_cls if graph._tracer_cls and "<locals>" not in \
            graph._tracer_cls.__qualname__ else None
        self.meta = {}

    @property
    def graph(self):
        """The ``Graph`` behind this module; assigning one regenerates ``forward``."""
        return self._graph

    @graph.setter
    def graph(self, g):
        if not isinstance(g, Graph):
            raise AssertionError(f"Expected a Graph instance, but got {type(g)}")
        self._graph = g
        g.owning_module = self
        self.recompile()

    @property
    def code(self):
        """The Python source of ``forward`` generated from the graph."""
        if not hasattr(self, "_code"):
            raise RuntimeError("Code has not been generated! Please report a bug to PyTorch")
        return self._code

    def recompile(self):
        """Regenerate ``code`` and ``forward`` from ``graph`` (after editing it); returns the ``PythonCode``."""
        python_code = self._graph.python_code(root_module="self")
        self._code = python_code.src
        self._lineno_map = python_code._lineno_map
        type(self).forward = _forward_from_src(self._code, python_code.globals, self._graph._co_fields)
        return python_code

    def add_submodule(self, target, m):
        """Install ``m`` at the dotted path ``target`` (empty modules made for the path); False if a non-module
        attribute is in the way."""
        *prefix, field = target.split(".")
        mod = self
        for item in prefix:
            submod = getattr(mod, item, None)
            if submod is None:
                submod = nn.Module()
                setattr(mod, item, submod)
            if not isinstance(submod, nn.Module):
                return False
            mod = submod
        mod.add_module(field, m)
        return True

    def delete_submodule(self, target):
        """Remove the submodule at ``target``; False if there is none."""
        atoms = target.split(".")
        path, target_submod = atoms[:-1], atoms[-1]
        mod = self
        for item in path:
            if not hasattr(mod, item):
                return False
            mod = getattr(mod, item)
            if not isinstance(mod, nn.Module):
                return False
        if not hasattr(mod, target_submod):
            return False
        if not isinstance(getattr(mod, target_submod), nn.Module):
            return False
        delattr(mod, target_submod)
        return True

    def delete_all_unused_submodules(self):
        """Remove the submodules no ``call_module``/``get_attr`` node uses."""
        used = []
        for node in self.graph.nodes:
            if node.op in ("call_module", "get_attr"):
                fullpath = node.target.split(".")
                used.extend(".".join(fullpath[:i]) for i in range(1, len(fullpath) + 1))
        to_delete = [name for name, _ in self.named_modules() if name not in used and name]
        for name in to_delete:
            self.delete_submodule(name)

    def print_readable(self, print_output=True, include_stride=False, include_device=False, colored=False, *,
                       fast_sympy_print=False, expanded_def=False, additional_meta=None):
        """The generated code as a class (``class Name(torch.nn.Module): def forward...``), with the code of
        submodules that are GraphModules after it; printed unless ``print_output`` is False; returned."""
        return _print_readable(self, self._get_name(), print_output)

    def __str__(self):
        orig_str = super().__str__()
        reminder = "# To see more debug info, please use `graph_module.print_readable()`"
        return "\n".join([orig_str, self._code, reminder])

    def __reduce__(self):
        """Pickle the module's state and generated code (not the graph): loading traces the code again, as
        PyTorch's GraphModule does (node ``meta`` is not kept)."""
        body = self.__dict__.copy()
        python_code = self.recompile()
        del body["_graph"]
        return (reduce_graph_module, (body, _import_block(python_code.globals)))  # named GraphModule again, as PyTorch's

    def __copy__(self):
        res = GraphModule(self, self.graph, self.__class__.__name__)
        res.meta = getattr(self, "meta", {})
        return res

    def __deepcopy__(self, memo):
        res = type(self).__new__(type(self))
        memo[id(self)] = res
        fake_mod = nn.Module()
        fake_mod.__dict__.update(copy.deepcopy(self.__dict__, memo))
        GraphModule.__init__(res, fake_mod, fake_mod.__dict__["_graph"])
        res.meta = copy.deepcopy(getattr(self, "meta", {}), memo)
        return res
