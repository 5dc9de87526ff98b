"""``torch.nn.modules.utils``: the argument helpers custom layers import from PyTorch (``_single``, ``_pair``,
``_triple``, ``_quadruple``, ``_ntuple``, ``_reverse_repeat_tuple``, ``_list_with_default``) and
``consume_prefix_in_state_dict_if_present``.

>>> from gradlib.nn.modules.utils import _pair, _reverse_repeat_tuple
>>> _pair(3), _pair([1, 2]), _reverse_repeat_tuple((1, 2), 2)
((3, 3), (1, 2), (2, 2, 1, 1))
"""
import collections.abc
import itertools

__all__ = ["consume_prefix_in_state_dict_if_present"]


def _ntuple(n, name="parse"):
    """A parser: an iterable becomes a tuple of its items, anything else a tuple of ``n`` copies of it."""
    def parse(value):
        if isinstance(value, collections.abc.Iterable):
            return tuple(value)
        return tuple(itertools.repeat(value, n))

    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _reverse_repeat_tuple(values, n):
    """The items of ``values`` in reverse order, each repeated ``n`` times (a layer's padding as ``F.pad``'s)."""
    return tuple(value for value in reversed(values) for _ in range(n))


def _list_with_default(out_size, defaults):
    """An adaptive pooling size with its ``None`` entries taken from the trailing ``defaults`` (input sizes).

    Raises ``ValueError`` when ``defaults`` has no more entries than ``out_size``."""
    if isinstance(out_size, int):
        return out_size
    if len(defaults) <= len(out_size):
        raise ValueError(f"Input dimension should be at least {len(out_size) + 1}")
    trailing = defaults[len(defaults) - len(out_size):]
    return [default if size is None else size for size, default in zip(out_size, trailing)]


def consume_prefix_in_state_dict_if_present(state_dict, prefix):
    """Strip ``prefix`` (``"module."`` of a DataParallel/DDP model) from the keys of ``state_dict`` in place,
    and from its ``_metadata`` keys when it has them (a key equal to the prefix without its dots becomes ``""``).

    >>> import collections
    >>> from gradlib.nn.modules.utils import consume_prefix_in_state_dict_if_present
    >>> state = collections.OrderedDict([("module.weight", 1), ("bias", 2)])
    >>> consume_prefix_in_state_dict_if_present(state, "module.")
    >>> list(state)
    ['bias', 'weight']
    """
    for key in [key for key in state_dict if key.startswith(prefix)]:
        state_dict[key[len(prefix):]] = state_dict.pop(key)
    metadata = getattr(state_dict, "_metadata", None)
    if metadata is None:
        return
    bare = prefix.replace(".", "")
    for key in list(metadata):
        if key and (key == bare or key.startswith(prefix)):
            metadata[key[len(prefix):]] = metadata.pop(key)
