"""A small pytree: nested tuples, lists, dicts and namedtuples of leaves (tensors or anything else), flattened in a
fixed order and rebuilt from a list of leaves, as PyTorch's ``torch.utils._pytree`` does for torch.func."""
from .. import _tensor

__all__ = ["flatten", "unflatten", "broadcast_prefix", "tensor_leaves"]


class _Spec:
    """The structure of a flattened tree: a container kind with child specs, or a leaf (kind None)."""

    __slots__ = ("kind", "context", "children")

    def __init__(self, kind=None, context=None, children=()):
        self.kind = kind
        self.context = context
        self.children = children

    @property
    def is_leaf(self):
        return self.kind is None

    def __repr__(self):
        return self._text(0)

    def pprint(self):
        """PyTorch's ``treespec_pprint``: the structure as a literal with ``*`` leaves, ``(*, [*])``."""
        if self.is_leaf:
            return "*"
        inner = [child.pprint() for child in self.children]
        if issubclass(self.kind, dict):
            return "{" + ", ".join(f"{key!r}: {text}" for key, text in zip(self.context, inner)) + "}"
        if self.kind is list:
            return "[" + ", ".join(inner) + "]"
        if self.kind is tuple:
            return "(" + ", ".join(inner) + ("," if len(inner) == 1 else "") + ")"
        return f"{self.kind.__name__}(" + ", ".join(inner) + ")"

    def _text(self, depth):
        """PyTorch's TreeSpec text: ``TreeSpec(tuple, None, [*,\n  *])``, leaves as ``*``."""
        if self.is_leaf:
            return "*"
        context = list(self.context) if self.context is not None else None
        if self.kind not in (tuple, list, dict) and not issubclass(self.kind, dict):
            context = self.kind  # a namedtuple: PyTorch shows its class
        children = (",\n" + "  " * (depth + 1)).join(child._text(depth + 1) for child in self.children)
        return f"TreeSpec({self.kind.__name__}, {context}, [{children}])"


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def _children(tree):
    """(kind, context, children) of a container, or None for a leaf."""
    if isinstance(tree, dict):
        keys = list(tree.keys())
        return type(tree), keys, [tree[key] for key in keys]
    if _is_namedtuple(tree):
        return type(tree), None, list(tree)
    if isinstance(tree, (tuple, list)):
        return (tuple if isinstance(tree, tuple) else list), None, list(tree)
    return None


def flatten(tree):
    """(leaves in order, spec). Recursive in the nesting depth of the containers (argument trees are shallow)."""
    leaves = []

    def build(node):
        parts = _children(node)
        if parts is None:
            leaves.append(node)
            return _Spec()
        kind, context, children = parts
        return _Spec(kind, context, tuple(build(child) for child in children))

    spec = build(tree)
    return leaves, spec


def unflatten(leaves, spec):
    """The tree of ``spec`` with ``leaves`` in order."""
    iterator = iter(leaves)

    def build(node):
        if node.is_leaf:
            return next(iterator)
        children = [build(child) for child in node.children]
        if issubclass(node.kind, dict):
            return node.kind(zip(node.context, children))
        if node.kind is list:
            return children
        if node.kind is tuple:
            return tuple(children)
        return node.kind(*children)  # a namedtuple

    return build(spec)


def broadcast_prefix(prefix, spec):
    """The leaves of ``prefix`` (a tree whose structure is a prefix of ``spec``'s) repeated over each subtree of
    ``spec``: ``in_dims=(0, None)`` against ``(tensor, {"a": t1, "b": t2})`` gives ``[0, None, None]``. None when
    the structures do not match."""
    result = []

    def walk(value, node):
        parts = _children(value)
        if parts is None or node.is_leaf:
            if parts is not None:  # a container in the prefix where the tree has a leaf
                return False
            result.extend([value] * _count_leaves(node))
            return True
        kind, context, children = parts
        same_kind = (issubclass(kind, dict) and issubclass(node.kind, dict)) or kind is node.kind or (
            issubclass(kind, tuple) and issubclass(node.kind, tuple) and not _is_namedtuple(value))
        if not same_kind or len(children) != len(node.children):
            return False
        if context is not None and set(context) != set(node.context):
            return False
        if context is not None:
            lookup = dict(zip(context, children))
            children = [lookup[key] for key in node.context]
        return all(walk(child, child_node) for child, child_node in zip(children, node.children))

    return result if walk(prefix, spec) else None


def _count_leaves(node):
    count = 0
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_leaf:
            count += 1
        else:
            stack.extend(current.children)
    return count


def tensor_leaves(tree):
    """The Tensor leaves of ``tree``."""
    return [leaf for leaf in flatten(tree)[0] if isinstance(leaf, _tensor.Tensor)]
