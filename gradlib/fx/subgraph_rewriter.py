"""``torch.fx.replace_pattern``: find every copy of a small traced pattern in a GraphModule and put a replacement
in its place.

The pattern (a function, Graph or GraphModule) is matched backwards from its returned nodes (the anchors) as
PyTorch's ``SubgraphMatcher`` does: the same opcode and target, arguments matched position by position, pattern
inputs binding any value (the same one each time they appear), literals by type and value. A match must be
self-contained (its inner values used only inside it) and not overlap an earlier one. The replacement's nodes are
copied in before the first user of the matched result, that result's uses moved to the copy and the matched nodes
erased; ``gm`` is recompiled.
"""
import copy
import dataclasses
import typing

from .graph import Graph
from .graph_module import GraphModule
from .node import Node
from ._symbolic_trace import symbolic_trace

__all__ = ["Match", "ReplacedPatterns", "replace_pattern", "replace_pattern_with_filters"]


class Match(typing.NamedTuple):
    """A match: the graph node that matched the pattern's anchor, and pattern node -> graph node."""
    anchor: Node
    nodes_map: dict


@dataclasses.dataclass
class ReplacedPatterns:
    """A replaced match: its anchor, pattern node -> graph node, and the nodes added."""
    anchor: Node
    nodes_map: dict
    replacements: list


@dataclasses.dataclass
class InternalMatch:
    anchors: list
    nodes_map: dict = dataclasses.field(default_factory=dict)
    placeholder_nodes: list = dataclasses.field(default_factory=list)
    returning_nodes: list = dataclasses.field(default_factory=list)

    def __copy__(self):
        return InternalMatch(self.anchors, self.nodes_map.copy(), self.placeholder_nodes.copy(),
                             self.returning_nodes.copy())


class _Matcher:
    def __init__(self, pattern, ignore_literals=False):
        self.pattern = pattern
        self.ignore_literals = ignore_literals
        self.placeholders = [n for n in pattern.nodes if n.op == "placeholder"]
        output_node = next(iter(reversed(pattern.nodes)))
        self.returning = output_node.all_input_nodes
        self.anchors = [n for n in output_node.all_input_nodes if len(n.users) == 1]

    @staticmethod
    def _nodes_are_equal(pn, gn):
        if pn.op == "placeholder":
            return True
        if pn.op != gn.op:
            return False
        if pn.op == "output":
            return True
        if pn.op == "get_attr":
            return _attribute_kind(pn) is _attribute_kind(gn)
        return pn.target == gn.target

    def _match_literals(self, pn, gn, match):
        if isinstance(pn, Node) and not isinstance(gn, Node):
            if pn.op == "placeholder":
                if pn in match.nodes_map:
                    return match.nodes_map[pn] == gn
                match.nodes_map[pn] = gn
                return True
            return False
        if not isinstance(pn, Node) and isinstance(gn, Node):
            return False
        return type(gn) is type(pn) and gn == pn

    def _match_args(self, args1, args2, match):
        if len(args1) != len(args2):
            return False
        for a1, a2 in zip(args1, args2):
            if isinstance(a1, Node) and isinstance(a2, Node):
                matched = self._match_nodes(a1, a2, match)
            elif isinstance(a1, (list, tuple)) and isinstance(a2, (list, tuple)):
                matched = self._match_args(a1, a2, match)
            else:
                matched = self._match_literals(a1, a2, match) or self.ignore_literals
            if not matched:
                return False
        return True

    def _match_nodes(self, pn, gn, match):
        if pn in match.nodes_map:
            return match.nodes_map[pn] == gn
        if gn in match.nodes_map.values():
            return False
        if not self._nodes_are_equal(pn, gn):
            return False
        match.nodes_map[pn] = gn
        if pn.op == "placeholder":
            return True
        if len(pn.args) != len(gn.args) or list(pn.kwargs) != list(gn.kwargs):
            return False
        return self._match_args([*pn.args, *pn.kwargs.values()], [*gn.args, *gn.kwargs.values()], match)

    def _is_contained(self, nodes_map):
        lookup = {gn: pn for pn, gn in nodes_map.items() if pn.op != "placeholder"}
        for gn, pn in lookup.items():
            if pn in self.returning:
                continue
            if any(user not in lookup for user in gn.users):
                return False
        return True

    def match(self, graph):
        candidates = [(anchor, [n for n in graph.nodes if self._nodes_are_equal(anchor, n)])
                      for anchor in self.anchors]
        candidates = [(anchor, nodes) for anchor, nodes in candidates if nodes]
        matches = []

        def backtrack(index, match):
            if index == len(candidates):
                match.placeholder_nodes = [match.nodes_map[pn] for pn in self.placeholders]
                match.returning_nodes = [match.nodes_map[pn] for pn in self.returning]
                matches.append(match)
                return
            anchor, nodes = candidates[index]
            saved = copy.copy(match)
            for node in nodes:
                if self._match_nodes(anchor, node, match):
                    backtrack(index + 1, match)
                match = copy.copy(saved)

        if candidates:
            backtrack(0, InternalMatch(anchors=self.anchors))
        matches = [m for m in matches if self._is_contained(m.nodes_map)]
        kept = []
        used = set()
        for m in matches:
            inner = [gn for pn, gn in m.nodes_map.items() if pn.op not in ("placeholder", "output")]
            if any(gn in used for gn in inner):
                continue
            kept.append(m)
            used.update(inner)
        return kept


def _attribute_kind(node):
    value = node.graph.owning_module
    for atom in node.target.split("."):
        value = getattr(value, atom)
    return type(value)


def _graph_of(pattern):
    if isinstance(pattern, GraphModule):
        return pattern.graph
    if isinstance(pattern, Graph):
        return pattern
    return symbolic_trace(pattern).graph


def replace_pattern(gm, pattern, replacement):
    """Replace each match of ``pattern`` in ``gm`` by ``replacement`` (functions, Graphs or GraphModules with the
    same inputs); returns the ``Match``es.

    >>> import gradlib
    >>> def f(x):
    ...     return gradlib.relu(x) + gradlib.relu(x + 1)
    >>> gm = gradlib.fx.symbolic_trace(f)
    >>> matches = gradlib.fx.replace_pattern(gm, lambda a: gradlib.relu(a), lambda a: gradlib.sigmoid(a))
    >>> len(matches), [n.name for n in gm.graph.nodes]
    (2, ['x', 'add', 'sigmoid', 'sigmoid_1', 'add_1', 'output'])
    """
    replaced = replace_pattern_with_filters(gm, pattern, replacement)
    return [Match(anchor=m.anchor, nodes_map=m.nodes_map) for m in replaced]


def replace_pattern_with_filters(gm, pattern, replacement=None, match_filters=None, ignore_literals=False,
                                 replacement_callback=None, node_name_match=""):
    """``replace_pattern`` keeping only the matches every ``match_filters(match, graph, pattern_graph)`` accepts;
    returns ``ReplacedPatterns``."""
    original_graph = gm.graph
    pattern_graph = _graph_of(pattern)
    matches = _Matcher(pattern_graph, ignore_literals).match(original_graph)
    matches = [m for m in matches if all(f(m, original_graph, pattern_graph) for f in (match_filters or []))]
    if replacement is None and replacement_callback is None:
        raise AssertionError("Must provide either a replacement GraphModule or a replacement callback")
    common_replacement = _graph_of(replacement) if replacement is not None else None
    changed = {}
    results = []
    for match in matches:
        replacement_graph = replacement_callback(match, original_graph, pattern_graph) if replacement_callback \
            else common_replacement
        placeholders = [n for n in replacement_graph.nodes if n.op == "placeholder"]
        if len(match.placeholder_nodes) != len(placeholders):
            raise AssertionError(f"Placeholder count mismatch: {len(match.placeholder_nodes)} vs "
                                 f"{len(placeholders)}")
        val_map = {}
        for rn, gn in zip(placeholders, match.placeholder_nodes):
            val_map[rn] = changed.get(gn, gn) if isinstance(gn, Node) else gn
        insert_point = _insert_point(original_graph, match)
        with original_graph.inserting_before(insert_point):
            copied = original_graph.graph_copy(replacement_graph, val_map)
        if isinstance(copied, Node):
            copied = (copied,)
        added = [v for v in val_map.values() if v not in match.placeholder_nodes]
        for gn, copied_node in zip(match.returning_nodes, copied):
            gn.replace_all_uses_with(copied_node)
            changed[gn] = copied_node
        for node in reversed(pattern_graph.nodes):
            if node.op not in ("placeholder", "output"):
                original_graph.erase_node(match.nodes_map[node])
        results.append(ReplacedPatterns(anchor=match.anchors[0], nodes_map=match.nodes_map, replacements=added))
    gm.recompile()
    return results


def _insert_point(graph, match):
    users = set()
    for node in match.returning_nodes:
        users.update(node.users)
    for node in graph.nodes:
        if node in users:
            return node
    next_node = None
    for node in reversed(graph.nodes):
        if node in match.returning_nodes:
            return next_node
        next_node = node
    raise AssertionError("The insert point can't be None")
