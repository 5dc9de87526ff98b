"""Finding graphs kept alive by mistake (``total_loss += loss`` keeps every step's graph).

``graph_report(tensor)`` walks one tensor's graph; ``live_graph_report()`` counts every graph node alive
in the process (through the garbage collector's list of objects: slow, for debugging only).
"""
import gc

from ..autograd.graph import FREED, AccumulateGrad, Node

__all__ = ["graph_report", "live_graph_report", "GraphReport"]


class GraphReport:
    """Nodes and bytes held by saved tensors, with the node types that hold most."""

    def __init__(self, nodes, saved_bytes, by_type):
        self.nodes = nodes
        self.saved_bytes = saved_bytes
        self.by_type = by_type

    def __repr__(self):
        top = ", ".join(f"{name}: {count}" for name, count in sorted(self.by_type.items(),
                                                                   key=lambda item: -item[1])[:5])
        return f"GraphReport(nodes={self.nodes}, saved_bytes={self.saved_bytes}, top=[{top}])"


def _saved_bytes(node):
    saved = node._saved
    if saved is None or saved is FREED:
        return 0
    total = 0
    for value in saved:
        if value is None:
            continue
        array = value.array
        if array is None and value.packed is not None:  # under saved_tensors_hooks: whatever pack returned
            array = getattr(value.packed, "_array", value.packed)
        total += getattr(array, "nbytes", 0)
    return total


def _summarize(nodes):
    by_type = {}
    saved_bytes = 0
    for node in nodes:
        name = node._type_name()  # the type name (AccumulateGrad), as repr shows it
        by_type[name] = by_type.get(name, 0) + 1
        saved_bytes += _saved_bytes(node)
    return GraphReport(len(nodes), saved_bytes, by_type)


def graph_report(tensor):
    """The nodes reachable from ``tensor.grad_fn`` and the bytes their saved tensors hold.

    >>> import gradlib
    >>> from gradlib.utils import graph_report
    >>> x = gradlib.ones(1000, requires_grad=True)
    >>> graph_report((x.exp() * 2).sum())
    GraphReport(nodes=4, saved_bytes=4000, top=[SumBackward0: 1, MulBackward0: 1, ExpBackward0: 1, AccumulateGrad: 1])
    """
    start = tensor.grad_fn
    seen = []
    marks = set()
    stack = [start] if start is not None else []
    while stack:
        node = stack.pop()
        if id(node) in marks:
            continue
        marks.add(id(node))
        seen.append(node)
        stack.extend(child for child, _ in node._edges if child is not None)
    return _summarize(seen)


def live_graph_report():
    """Every graph node alive right now, whoever holds it (excluding leaves' AccumulateGrad nodes).

    >>> import gradlib
    >>> from gradlib.utils import live_graph_report
    >>> before = live_graph_report().nodes
    >>> y = gradlib.ones(3, requires_grad=True).exp()
    >>> live_graph_report().nodes - before
    1
    """
    nodes = [obj for obj in gc.get_objects() if isinstance(obj, Node) and not isinstance(obj, AccumulateGrad)]
    return _summarize(nodes)
