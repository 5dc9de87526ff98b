"""``torch.fx.Node``: one operation of a ``Graph`` (its opcode, target, arguments, users), a link of the graph's
doubly linked list.

Arguments may hold other Nodes anywhere in tuples, lists, dicts and slices; setting ``args``/``kwargs`` updates the
use lists both ways (``node.users`` and ``node.all_input_nodes``), so ``replace_all_uses_with`` and ``erase_node``
keep the graph consistent. Printing follows PyTorch (``format_node``).
"""
from .. import _formats, _tensor, dtypes
from ..device import device as _device
from . import _names

__all__ = ["Node", "map_arg", "map_aggregate", "has_side_effect", "Argument", "Target", "base_types"]

Argument = object
Target = object
#: the values a node's arguments may hold as they are (PyTorch's BaseArgumentTypes)
base_types = (str, int, float, bool, complex, dtypes.dtype, _tensor.Tensor, _device, _formats.memory_format,
              _formats.layout)

_OPS = ("placeholder", "call_method", "call_module", "call_function", "get_attr", "output", "root")


def map_aggregate(a, fn):
    """Apply ``fn`` to each leaf of ``a`` (through tuples, lists, dicts and slices), rebuilding the containers."""
    if isinstance(a, tuple):
        items = tuple(map_aggregate(elem, fn) for elem in a)
        return type(a)(*items) if hasattr(a, "_fields") else items
    if isinstance(a, list):
        return [map_aggregate(elem, fn) for elem in a]
    if isinstance(a, dict):
        return {key: map_aggregate(value, fn) for key, value in a.items()}
    if isinstance(a, slice):
        return slice(map_aggregate(a.start, fn), map_aggregate(a.stop, fn), map_aggregate(a.step, fn))
    return fn(a)


def map_arg(a, fn):
    """Apply ``fn`` to each Node in ``a`` (an argument structure), leaving other values as they are."""
    if not callable(fn):
        raise AssertionError("torch.fx.map_arg(a, fn): fn must be a callable")
    return map_aggregate(a, lambda x: fn(x) if isinstance(x, Node) else x)


def _format_arg(arg):
    if isinstance(arg, list):
        return f"[{', '.join(_format_arg(a) for a in arg)}]"
    if isinstance(arg, tuple):
        return f"({', '.join(_format_arg(a) for a in arg)}{',' if len(arg) == 1 else ''})"
    if isinstance(arg, dict):
        return "{" + ", ".join(f"{key}: {_format_arg(value)}" for key, value in arg.items()) + "}"
    if isinstance(arg, Node):
        return "%" + str(arg)
    return _names.value_repr(arg, str(arg))


class Node:
    """One operation: ``op`` is one of ``placeholder``, ``get_attr``, ``call_function``, ``call_module``,
    ``call_method``, ``output``; ``target`` what it calls (a function, or the name of a module, attribute, method or
    input); ``args``/``kwargs`` its arguments, Nodes among them; ``users`` the Nodes that read it."""

    def __init__(self, graph, name, op, target, args, kwargs, return_type=None):
        if op not in _OPS:
            raise AssertionError(f"Unknown op {op}")
        if op == "call_function" and not callable(target):
            raise ValueError(f"Node [graph = {graph}, name = '{name}'] target {target} has type {type(target)} "
                             "but a Callable is expected")
        if op in ("placeholder", "call_method", "call_module", "get_attr") and not isinstance(target, str):
            raise ValueError(f"Node [graph = {graph}, name = '{name}'] target {target} has type {type(target)} "
                             "but a str is expected")
        self.graph = graph
        self.name = name
        self.op = op
        self.target = target
        self._input_nodes = {}
        self.users = {}
        self.type = return_type
        self._prev = self
        self._next = self
        self._erased = False
        self._args = ()
        self._kwargs = {}
        self.meta = {}
        self._update_args_kwargs(args, kwargs)

    # ----- the linked list -----------------------------------------------------------------------------------------
    @property
    def next(self):
        """The next Node of the graph (the graph's root sentinel after the last one)."""
        return self._next

    @property
    def prev(self):
        """The previous Node of the graph."""
        return self._prev

    def prepend(self, x):
        """Insert ``x`` before this Node (moving it if it is already in the graph)."""
        if self == x:
            raise AssertionError("Trying to prepend a node to itself. This behavior has no effect on the graph.")
        if self.graph != x.graph:
            raise AssertionError("Attempting to move a Node into a different Graph")
        x._remove_from_list()
        p = self._prev
        p._next, x._prev = x, p
        x._next, self._prev = self, x

    def append(self, x):
        """Insert ``x`` after this Node."""
        self._next.prepend(x)

    def _remove_from_list(self):
        p, n = self._prev, self._next
        p._next, n._prev = n, p
        self._prev = self._next = self

    # ----- arguments and uses --------------------------------------------------------------------------------------
    @property
    def args(self):
        """The positional arguments (a tuple; Nodes among them are this Node's inputs)."""
        return self._args

    @args.setter
    def args(self, value):
        self._update_args_kwargs(value, self._kwargs)

    @property
    def kwargs(self):
        """The keyword arguments (a dict)."""
        return self._kwargs

    @kwargs.setter
    def kwargs(self, value):
        self._update_args_kwargs(self._args, value)

    @property
    def all_input_nodes(self):
        """The Nodes this one reads, in order of first appearance in ``args`` then ``kwargs``."""
        return list(self._input_nodes)

    def update_arg(self, idx, arg):
        """Set ``args[idx]``."""
        args = list(self.args)
        args[idx] = arg
        self.args = tuple(args)

    def insert_arg(self, idx, arg):
        """Insert a positional argument at ``idx``."""
        args = list(self.args)
        args.insert(idx, arg)
        self.args = tuple(args)

    def update_kwarg(self, key, arg):
        """Set ``kwargs[key]``."""
        self.kwargs = {**self.kwargs, key: arg}

    def _update_args_kwargs(self, new_args, new_kwargs):
        for old in self._input_nodes:
            old.users.pop(self, None)
        self._input_nodes = {}
        self._args = map_arg(tuple(new_args), self._add_input)
        self._kwargs = map_arg(dict(new_kwargs), self._add_input)
        for node in self._input_nodes:
            node.users.setdefault(self)

    def _add_input(self, node):
        if node.graph is not self.graph and not node._erased:
            raise AssertionError(f"Node {node} is not in the graph of {self}")
        self._input_nodes.setdefault(node)
        return node

    def replace_all_uses_with(self, replace_with, delete_user_cb=lambda user: True, *, propagate_meta=False):
        """Make every user of this Node (for which ``delete_user_cb`` is true) read ``replace_with`` instead;
        returns the changed users."""
        if propagate_meta:
            if len(replace_with.meta) != 0:
                raise AssertionError("Called node.replace_all_uses_with(replace_with, propagate_meta=True), but "
                                     "replace_with already has .meta keys")
            replace_with.meta.update(self.meta)
        to_process = list(self.users)
        skipped = []
        for user in to_process:
            if not delete_user_cb(user):
                skipped.append(user)
                continue
            user.replace_input_with(self, replace_with)
        return [user for user in to_process if user not in skipped]

    def replace_input_with(self, old_input, new_input):
        """Replace every occurrence of ``old_input`` in this Node's arguments by ``new_input``."""

        def swap(node):
            return new_input if node is old_input else node

        self._update_args_kwargs(map_arg(self._args, swap), map_arg(self._kwargs, swap))

    def is_impure(self, impure_random=True):
        """Whether dead-code elimination must keep this Node although nothing reads it (placeholders, the output,
        an impure module, a function with side effects)."""
        if self.op in ("placeholder", "output"):
            return True
        if self.op == "call_module":
            module = self.graph.owning_module
            if module is None:
                raise AssertionError("self.graph.owning_module not set for purity check")
            return getattr(module.get_submodule(self.target), "_is_impure", False)
        if self.op == "call_function":
            return self.target in _side_effectful_functions()
        return False

    # ----- printing ------------------------------------------------------------------------------------------------
    def __repr__(self):
        return self.name

    @staticmethod
    def _pretty_print_target(target):
        return _names.pretty_target(target)

    def format_node(self, placeholder_names=None, maybe_return_typename=None):
        """One line of ``print(graph)``: ``%name : [num_users=n] = op[target=...](args = ..., kwargs = ...)``."""
        typename = f"{_names.type_repr(self.type)} " if self.type is not None else ""
        if self.op == "placeholder":
            arg_str = self.target
            arg_str += arg_str + f": {_names.type_repr(self.type)}" if self.type else ""
            if placeholder_names:
                placeholder_names.append(arg_str)
                return None
            default_val = "(default=" + str(self.args[0]) + ")" if self.args else ""
            return f"%{self.name} : {typename}[num_users={len(self.users)}] = {self.op}[target={self.target}]" \
                   f"{default_val}"
        if self.op == "get_attr":
            return (f"%{self.name} : {typename}[num_users={len(self.users)}] = "
                    f"{self.op}[target={self._pretty_print_target(self.target)}]")
        if self.op == "output":
            if self.type and maybe_return_typename:
                maybe_return_typename[0] = f" -> {_names.type_repr(self.type)}"
            return f"return {self.args[0]}"
        return (f"%{self.name} : {typename}[num_users={len(self.users)}] = "
                f"{self.op}[target={self._pretty_print_target(self.target)}]("
                f"args = {_format_arg(self.args)}, kwargs = {_format_arg(self.kwargs)})")


#: functions whose calls dead-code elimination keeps (``has_side_effect`` adds to it)
_side_effectful = set()


def _side_effectful_functions():
    return _side_effectful


def has_side_effect(fn):
    """Mark ``fn`` as having side effects: ``Graph.eliminate_dead_code`` keeps its calls. Returns ``fn``."""
    _side_effectful.add(fn)
    return fn
