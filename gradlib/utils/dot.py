"""A picture of the graph: ``to_dot(tensor)`` returns Graphviz DOT text; ``render_dot`` draws it."""
from ..autograd.graph import AccumulateGrad

__all__ = ["to_dot", "render_dot"]


def _label_of_tensor(tensor, name=None):
    shape = "(" + ", ".join(str(s) for s in tensor.shape) + ")"
    kind = "Parameter" if type(tensor).__name__ == "Parameter" else "leaf"
    title = name or kind
    return f"{title}\\n{shape} {tensor.dtype.name} {tensor.device}"


def _quote(text):
    return '"' + text.replace('"', '\\"') + '"'


def to_dot(tensor, params=None):
    """DOT text of the graph that produced ``tensor``: op nodes (boxes), leaves (ellipses; parameters marked)
    and, on each edge, the shape and dtype of the gradient that flows along it.

    >>> import gradlib
    >>> from gradlib.utils import to_dot
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> print(to_dot((x * 2).sum()))  # doctest: +NORMALIZE_WHITESPACE
    digraph {
      node [fontname="monospace" fontsize=10]
      n0 [label="output\\n() float32 cpu" shape=doubleoctagon style=filled fillcolor="#c8e6c9"]
      n1 [label="SumBackward0" shape=box]
      n0 -> n1 [dir=back]
      n2 [label="MulBackward0" shape=box]
      n1 -> n2 [label="(2) float32" dir=back]
      n3 [label="leaf\\n(2) float32 cpu" shape=ellipse style=filled fillcolor="#bbdefb"]
      n2 -> n3 [label="(2) float32" dir=back]
    }
    """
    names = {id(t): name for name, t in (params or {}).items()}
    lines = ["digraph {", '  node [fontname="monospace" fontsize=10]']
    ids = {}

    def node_id(node):
        if id(node) not in ids:
            ids[id(node)] = f"n{len(ids)}"
        return ids[id(node)]

    root = "n0"
    ids["root"] = root
    lines.append(f"  {root} [label={_quote(_label_of_tensor(tensor, 'output'))} shape=doubleoctagon style=filled "
                 'fillcolor="#c8e6c9"]')
    if tensor.grad_fn is None:
        lines.append("}")
        return "\n".join(lines)
    stack = [(tensor.grad_fn, root, None)]
    drawn = set()
    while stack:
        node, parent, edge_label = stack.pop()
        this = node_id(node)
        if id(node) not in drawn:
            drawn.add(id(node))
            if isinstance(node, AccumulateGrad):
                variable = node.variable
                label = _label_of_tensor(variable, names.get(id(variable)))
                lines.append(f'  {this} [label={_quote(label)} shape=ellipse style=filled fillcolor="#bbdefb"]')
            else:
                lines.append(f"  {this} [label={_quote(node._type_name())} shape=box]")  # torchviz: the type name
            children = []
            for index, (child, _) in enumerate(node.next_functions):
                if child is None:
                    continue
                shape, dtype = node._input_meta[index]
                label = "(" + ", ".join(str(s) for s in shape) + f") {dtype.name}"
                children.append((child, this, label))
            stack.extend(reversed(children))
        attributes = f"[label={_quote(edge_label)} dir=back]" if edge_label else "[dir=back]"
        lines.append(f"  {parent} -> {this} {attributes}")
    lines.append("}")
    return "\n".join(lines)


def render_dot(tensor, path, format="svg", params=None):
    """Draw the graph to ``path`` + '.' + ``format`` with the ``graphviz`` package (``pip install graphviz``
    and the Graphviz programs); returns the file written."""
    try:
        import graphviz
    except ImportError:
        raise RuntimeError("render_dot needs the graphviz package: pip install graphviz (and the Graphviz "
                           "programs, e.g. apt-get install graphviz); to_dot() gives the DOT text without "
                           "it") from None
    source = graphviz.Source(to_dot(tensor, params))
    return source.render(path, format=format, cleanup=True)
