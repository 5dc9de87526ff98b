"""``torch.fx.passes.shape_prop``: run a GraphModule on example inputs and record each value's shape and dtype in
``node.meta['tensor_meta']`` (and its type in ``node.meta['type']``).

>>> import gradlib
>>> from gradlib.fx.passes.shape_prop import ShapeProp
>>> gm = gradlib.fx.symbolic_trace(lambda x: x.sum(0))
>>> _ = ShapeProp(gm).propagate(gradlib.ones(2, 3))
>>> [(n.name, tuple(n.meta['tensor_meta'].shape)) for n in gm.graph.nodes]
[('x', (2, 3)), ('sum_1', (3,)), ('output', (3,))]
"""
from ... import _formats, _homes, _tensor
from .._metadata import TensorMetadata
from ..interpreter import Interpreter
from ..node import map_aggregate

__all__ = ["TensorMetadata", "ShapeProp"]

_homes.adopt(__name__, TensorMetadata)


def _memory_format(result):
    """The first of PyTorch's three formats ``result`` is contiguous in (a format of another rank counts as not)."""
    for memory_format in (_formats.contiguous_format, _formats.channels_last, _formats.channels_last_3d):
        try:
            if result.is_contiguous(memory_format=memory_format):
                return memory_format
        except RuntimeError:
            continue
    return None


def _extract_tensor_metadata(result):
    return TensorMetadata(result.shape, result.dtype, result.requires_grad, result.stride(), _memory_format(result),
                          False, {})


class ShapeProp(Interpreter):
    """An Interpreter that stores ``TensorMetadata`` of every tensor value on its node."""

    def __init__(self, gm, fake_mode=None):
        super().__init__(gm)
        self.fake_module = None
        self.fake_mode = None
        self.real_module = self.module

    def run_node(self, n):
        try:
            result = super().run_node(n)
        except Exception as e:
            raise RuntimeError(f"ShapeProp error for: node={n.format_node()} with meta={n.meta}") from e
        found_tensor = []

        def extract(obj):
            if isinstance(obj, _tensor.Tensor):
                found_tensor.append(True)
                return _extract_tensor_metadata(obj)
            return obj

        meta = map_aggregate(result, extract)
        if found_tensor:
            n.meta["tensor_meta"] = meta
        n.meta["type"] = type(result)
        return result

    def propagate(self, *args):
        """Run the module on ``args`` (recording the metadata); returns its result."""
        return super().run(*args)
