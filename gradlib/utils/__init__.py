"""``gradlib.utils``: data loading, activation checkpointing, graph memory reports, Graphviz pictures, DLPack,
the safetensors format (``gradlib.utils.safetensors``, an optional extra) and the hooks' RemovableHandle
(``gradlib.utils.hooks``)."""
from . import checkpoint, data, dlpack, hooks, safetensors
from .dot import render_dot, to_dot
from .memory import graph_report, live_graph_report

__all__ = ["to_dot", "render_dot", "graph_report", "live_graph_report"]
