"""``torch.fx.Graph``: the nodes of a traced program in order, how to add, move and remove them, and their text.

The nodes form a doubly linked list around a sentinel ``root`` node; ``create_node`` inserts at the current insert
point (the end, or where ``inserting_before``/``inserting_after`` put it). ``print(graph)`` and ``python_code``
give PyTorch's text (``_codegen``).
"""
import copy
import inspect
import warnings

from .. import nn
from . import _codegen, _names, _wrap
from .node import Node, map_arg

__all__ = ["Graph", "PythonCode", "CodeGen"]

PythonCode = _codegen.PythonCode
CodeGen = _codegen.CodeGen

_LEGAL_OPS = ("call_function", "call_method", "get_attr", "call_module", "placeholder", "output")


class _InsertPoint:
    def __init__(self, graph, new_insert):
        self.graph = graph
        self.orig_insert, graph._insert = graph._insert, new_insert

    def __enter__(self):
        pass

    def __exit__(self, exc_type, exc_value, traceback):
        self.graph._insert = self.orig_insert


class _NodeList:
    """``graph.nodes``: a live view in order (``reversed`` walks back); nodes erased during a walk are skipped."""

    def __init__(self, graph, direction="_next"):
        self._graph = graph
        self._direction = direction

    def __len__(self):
        return self._graph._len

    def __iter__(self):
        root = self._graph._root
        cur = getattr(root, self._direction)
        while cur is not root:
            if not cur._erased:
                yield cur
            cur = getattr(cur, self._direction)

    def __reversed__(self):
        return _NodeList(self._graph, "_prev" if self._direction == "_next" else "_next")


class Graph:
    """A program as a list of ``Node``s: ``placeholder`` inputs, ``get_attr``, ``call_function``, ``call_module``,
    ``call_method`` operations, one ``output``.

    >>> import gradlib, operator
    >>> g = gradlib.fx.Graph()
    >>> x = g.placeholder("x")
    >>> g.output(g.call_function(operator.add, (x, 1)))
    output
    >>> print(g)
    graph():
        %x : [num_users=1] = placeholder[target=x]
        %add : [num_users=1] = call_function[target=operator.add](args = (%x, 1), kwargs = {})
        return add
    """

    def __init__(self, owning_module=None, tracer_cls=None, tracer_extras=None):
        self._root = Node(self, "", "root", "", (), {})
        self._used_names = {}
        self._insert = self._root.prepend
        self._len = 0
        self._graph_namespace = _names.Namespace()
        self._owning_module = owning_module
        self._tracer_cls = tracer_cls
        self._tracer_extras = tracer_extras
        self._codegen = CodeGen()
        self._co_fields = {}

    @property
    def owning_module(self):
        return self._owning_module

    @owning_module.setter
    def owning_module(self, module):
        self._owning_module = module

    @property
    def nodes(self):
        """The nodes in order (a live view: ``len``, iteration, ``reversed``)."""
        return _NodeList(self)

    def output_node(self):
        """The ``output`` node (the last one)."""
        output = next(iter(reversed(self.nodes)))
        if output.op != "output":
            raise AssertionError(f"Expected output node, got op={output.op}")
        return output

    def find_nodes(self, *, op, target=None, sort=True):
        """The nodes with opcode ``op`` (and ``target``, when given), in graph order."""
        return [node for node in self.nodes if node.op == op and (target is None or node.target == target)]

    # ----- adding nodes ---------------------------------------------------------------------------------------------
    def create_node(self, op, target, args=None, kwargs=None, name=None, type_expr=None):
        """Add a node at the insert point; its name comes from ``name`` or the target (made unique)."""
        if not args:
            args = ()
        elif not isinstance(args, tuple):
            raise AssertionError(f"args must be a tuple, got {type(args)}")
        if not kwargs:
            kwargs = {}
        elif not isinstance(kwargs, dict):
            raise AssertionError(f"kwargs must be a dict, got {type(kwargs)}")
        if op not in _LEGAL_OPS:
            raise AssertionError(f"Unknown op {op}")
        candidate = name if name is not None else self._target_to_str(target)
        name = self._graph_namespace.create_name(candidate, None)
        node = Node(self, name, op, target, args, kwargs, type_expr)
        self._graph_namespace.associate_name_with_obj(name, node)
        self._insert(node)
        self._len += 1
        return node

    def placeholder(self, name, type_expr=None, default_value=inspect.Signature.empty):
        """An input of the program, named ``name`` (``default_value``: the parameter's default)."""
        args = () if default_value is inspect.Signature.empty else (default_value,)
        return self.create_node("placeholder", name, args=args, type_expr=type_expr)

    def get_attr(self, qualified_name, type_expr=None):
        """Read ``qualified_name`` (``"layer.weight"``) of the owning module."""
        module = self.owning_module
        if module is not None and not _attribute_exists(module, qualified_name):
            warnings.warn("Attempted to insert a get_attr Node with no underlying reference in the owning "
                          "GraphModule! Call GraphModule.add_submodule to add the necessary submodule, "
                          "GraphModule.add_parameter to add the necessary Parameter, or nn.Module.register_buffer "
                          "to add the necessary buffer", stacklevel=2)
        return self.create_node("get_attr", qualified_name, type_expr=type_expr)

    def call_module(self, module_name, args=None, kwargs=None, type_expr=None):
        """Call the submodule ``module_name`` of the owning module."""
        module = self.owning_module
        if module is not None and module.get_submodule(module_name) is None:
            warnings.warn("Attempted to insert a call_module Node with no underlying reference in the owning "
                          "GraphModule! Call GraphModule.add_submodule to add the necessary submodule")
        return self.create_node("call_module", module_name, args, kwargs, type_expr=type_expr)

    def call_method(self, method_name, args=None, kwargs=None, type_expr=None):
        """Call the method ``method_name`` of ``args[0]``."""
        return self.create_node("call_method", method_name, args, kwargs, type_expr=type_expr)

    def call_function(self, the_function, args=None, kwargs=None, type_expr=None, name=None):
        """Call ``the_function`` (a Python callable)."""
        return self.create_node("call_function", the_function, args, kwargs, name=name, type_expr=type_expr)

    def output(self, result, type_expr=None):
        """The program's result (the ``output`` node)."""
        return self.create_node(op="output", target="output", args=(result,), type_expr=type_expr)

    def node_copy(self, node, arg_transform=lambda x: x):
        """Copy ``node`` (of another graph) into this one, its Node arguments mapped by ``arg_transform``."""
        args = map_arg(node.args, arg_transform)
        kwargs = map_arg(node.kwargs, arg_transform)
        result = self.create_node(node.op, node.target, args, kwargs, node.name, node.type)
        result.meta = copy.copy(node.meta)
        return result

    def graph_copy(self, g, val_map, return_output_node=False):
        """Copy every node of ``g`` into this graph (``val_map``: old node -> new, filled in); returns the value
        of ``g``'s output (or its output node)."""
        for node in g.nodes:
            if node in val_map:
                continue
            if node.op == "output":
                result = map_arg(node.args[0], lambda n: val_map[n])
                return (result, node) if return_output_node else result
            val_map[node] = self.node_copy(node, lambda n: val_map[n])
        return None

    def __deepcopy__(self, memo=None):
        memo = memo if memo else {}
        g = Graph(tracer_cls=self._tracer_cls)
        output_vals = g.graph_copy(self, val_map=memo, return_output_node=True)
        g._codegen = copy.deepcopy(self._codegen)
        if output_vals is not None:
            output_val, old_output = output_vals
            new_output = g.output(output_val, type_expr=getattr(old_output, "type", None))
            new_output.meta = copy.copy(old_output.meta)
        return g

    # ----- editing ------------------------------------------------------------------------------------------------
    def erase_node(self, to_erase):
        """Remove ``to_erase``, which nothing may read any more."""
        if len(to_erase.users) > 0:
            raise RuntimeError(f"Tried to erase Node {to_erase} but it still had {len(to_erase.users)} users in the "
                               f"graph: {to_erase.users}!")
        if to_erase.graph is not self:
            raise RuntimeError(f"Attempting to remove {to_erase} from wrong graph!")
        if to_erase._erased:
            warnings.warn(f"erase_node({to_erase}) on an already erased node")
            return
        p, n = to_erase._prev, to_erase._next
        p._next, n._prev = n, p  # the erased node keeps its links: a walk standing on it goes on
        to_erase._erased = True
        self._len -= 1
        to_erase._update_args_kwargs(map_arg(to_erase._args, lambda n: None),
                                     map_arg(to_erase._kwargs, lambda n: None))

    def inserting_before(self, n=None):
        """Insert new nodes before ``n`` (the start of the graph when None); a context manager restores the old
        insert point."""
        if n is None:
            return self.inserting_after(self._root)
        if n.graph is not self:
            raise AssertionError("Node to insert before is not in graph.")
        return _InsertPoint(self, n.prepend)

    def inserting_after(self, n=None):
        """Insert new nodes after ``n`` (the start of the graph when None)."""
        if n is None:
            return self.inserting_before(self._root)
        if n.graph is not self:
            raise AssertionError("Node to insert after is not in graph.")
        return _InsertPoint(self, n.append)

    def eliminate_dead_code(self, is_impure_node=None):
        """Erase the nodes nothing reads that have no side effects; True when something was erased."""
        self.lint()
        changed = False
        for node in reversed(self.nodes):
            impure = is_impure_node(node) if is_impure_node is not None else node.is_impure()
            if not impure and len(node.users) == 0:
                self.erase_node(node)
                changed = True
        return changed

    def lint(self):
        """Check the graph: every node's opcode, owner, unique name, arguments defined before use, and (with an
        owning module) that ``get_attr``/``call_module`` targets exist. Raises RuntimeError otherwise."""
        seen_names = set()
        seen_values = set()
        for node in self.nodes:
            if node.op not in _LEGAL_OPS:
                raise RuntimeError(f"Node {node} had unknown opcode {node.op}!")
            if node.graph is not self:
                raise RuntimeError(f"Node '{node}' does not belong to this Graph!")
            for arg in node._input_nodes:
                context = f" of Node '{node}' "
                if arg.graph is not self:
                    raise RuntimeError(f"Argument '{arg}'{context}does not belong to this Graph, but was used as an "
                                       "argument! If you are copying nodes from another graph, make sure to use "
                                       f"``arg_transform`` on node_copy() to remap values\n{self}")
                if arg not in seen_values:
                    raise RuntimeError(f"Argument '{arg}'{context}was used before it has been defined! Please check "
                                       f"that Nodes in the graph are topologically ordered\n{self}")
            seen_values.add(node)
            if node.name in seen_names:
                raise RuntimeError(f"Node redefined name {node.name}!")
            seen_names.add(node.name)
        if self.owning_module:
            for node in self.nodes:
                if node.op in ("get_attr", "call_module"):
                    _check_target(self.owning_module, node)

    # ----- text ----------------------------------------------------------------------------------------------------
    def _target_to_str(self, target):
        if callable(target):
            op = target.__name__
        else:
            op = target
            if op.startswith("__") and op.endswith("__"):
                op = op[2:-2]
        return _names.snake_case(op)

    def __str__(self):
        placeholder_names = []
        return_typename = [""]
        lines = [node.format_node(placeholder_names) for node in self.nodes]  # (PyTorch never fills return_typename)
        text = f"graph({', '.join(placeholder_names)}){return_typename[0]}:"
        for line in lines:
            if line:
                text += "\n    " + line
        return text

    def print_tabular(self):
        """Print the nodes as a table (opcode, name, target, args, kwargs); needs the ``tabulate`` package (the
        ``fx`` extra), as PyTorch's."""
        try:
            from tabulate import tabulate
        except ImportError:
            print("`print_tabular` relies on the library `tabulate`, which could not be found on this machine. Run "
                  "`pip install tabulate` to install the library.")
            raise
        node_specs = [[n.op, n.name, n.target, n.args, n.kwargs] for n in self.nodes]
        print(tabulate(node_specs, headers=["opcode", "name", "target", "args", "kwargs"]))

    def python_code(self, root_module, *, verbose=False, include_stride=False, include_device=False,
                    colored=False, expanded_def=False, record_func=False):
        """The Python source of ``forward`` for this graph (``root_module``: the name the module is called by)."""
        namespace = _names.Namespace()
        for node in self.nodes:
            namespace.create_name(node.name, node)
        return self._codegen.gen_python_code(self.nodes, root_module, namespace, _wrap.wrap, verbose=verbose)

    def on_generate_code(self, make_transformer):
        """Register a transformer of the generated body (PyTorch's hook); a context manager restores the old one."""
        previous = self._codegen._body_transformer
        self._codegen._body_transformer = make_transformer(previous)
        graph = self

        class _Restore:
            def __enter__(self):
                return None

            def __exit__(self, *exc):
                graph._codegen._body_transformer = previous

        return _Restore()


def _submodule_or_none(module, name):
    try:
        return module.get_submodule(name)
    except AttributeError:
        return None


def _attribute_exists(module, qualified_name):
    module_path, _, name = qualified_name.rpartition(".")
    submodule = _submodule_or_none(module, module_path)
    if submodule is None:
        warnings.warn(f"Failed to fetch module {module_path}!")
        return False
    if not hasattr(submodule, name):
        return False
    value = getattr(submodule, name)
    return isinstance(value, (nn.Module, nn.Parameter)) or name in submodule._buffers


def _check_target(owning_module, node):
    atoms = node.target.split(".")
    current = owning_module
    for i, atom in enumerate(atoms):
        following = getattr(current, atom, None)
        seen = ".".join(atoms[:i])
        if following is None:
            raise RuntimeError(f"Node {node} target {node.target} references nonexistent attribute {atom} of {seen}")
        if node.op == "call_module" and not isinstance(following, nn.Module):
            raise RuntimeError(f"Node {node} target {node.target} {atom} of {seen} does not reference an nn.Module")
        current = following
