"""``torch.fx``: capture a program as a graph of operations, edit it, and run it again as Python.

``symbolic_trace(module)`` runs ``forward`` on ``Proxy`` values and returns a ``GraphModule``: its ``graph``
(``Node``s: placeholder, get_attr, call_function, call_module, call_method, output), the generated ``code``
(PyTorch's text, with ``torch`` meaning gradlib) and the submodules and parameters of the original, shared.
Graphs are edited in place (``inserting_after``, ``replace_all_uses_with``, ``erase_node``,
``eliminate_dead_code``, ``lint``) and turned back into code by ``recompile()``; ``Interpreter`` runs a graph node
by node, ``Transformer`` rebuilds one, ``replace_pattern`` rewrites every match of a small pattern. Module layout follows PyTorch's: ``node``, ``graph``, ``graph_module``,
``proxy``, ``_symbolic_trace``, ``interpreter``.

>>> import gradlib
>>> def f(x):
...     return gradlib.relu(x).sum()
>>> gm = gradlib.fx.symbolic_trace(f)
>>> print(gm.graph)
graph():
    %x : [num_users=1] = placeholder[target=x]
    %relu : [num_users=1] = call_function[target=torch.relu](args = (%x,), kwargs = {})
    %sum_1 : [num_users=1] = call_method[target=sum](args = (%relu,), kwargs = {})
    return sum_1
"""
from .graph import Graph, CodeGen, PythonCode
from .graph_module import GraphModule
from .interpreter import Interpreter, Transformer
from .node import Node, has_side_effect, map_arg
from .proxy import Proxy, TraceError
from ._symbolic_trace import PH, Tracer, is_fx_tracing, symbolic_trace, wrap
from .subgraph_rewriter import replace_pattern
from . import _symbolic_trace, graph, graph_module, interpreter, node, proxy, subgraph_rewriter

__all__ = ["symbolic_trace", "Tracer", "wrap", "Graph", "GraphModule", "Node", "Proxy", "TraceError",
           "Interpreter", "Transformer", "replace_pattern", "map_arg", "has_side_effect", "PH", "is_fx_tracing", "CodeGen",
           "PythonCode"]
