"""``TorchVersion``: a version string that compares as a version (``torch.torch_version.TorchVersion``).

PyTorch's ``torch.__version__`` is a ``str`` subclass whose comparisons read both sides as PEP 440 versions, so
``torch.__version__ >= "2.0"`` and ``torch.__version__ >= (2, 0)`` hold for 2.13.0, where plain string
comparison would say ``"2.13.0" < "2.2"``. gradlib's is self-contained (no ``packaging`` dependency): release
numbers, pre-releases (a/b/rc), post and dev releases; a local label (``+cpu``) orders after its public version.
"""
import re

__all__ = ["TorchVersion", "InvalidVersion"]

_PATTERN = re.compile(r"^v?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|rc|alpha|beta|c|pre|preview)[-_.]?(\d*))?"
                      r"(?:[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$",
                      re.IGNORECASE)
_PRE = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}


class InvalidVersion(ValueError):
    """A string that is not a PEP 440 version (``packaging.version.InvalidVersion``'s role)."""


def _key(text):
    match = _PATTERN.match(text.strip())
    if match is None:
        raise InvalidVersion(f"Invalid version: '{text}'")
    release, pre, pre_number, post, dev, local = match.groups()
    numbers = [int(part) for part in release.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    infinity = float("inf")
    if pre is not None:
        pre_key = (_PRE[pre.lower()], int(pre_number or 0))
    elif dev is not None and post is None:
        pre_key = (-infinity, 0)  # 1.0.dev0 sorts before 1.0a0
    else:
        pre_key = (infinity, 0)
    post_key = -infinity if post is None else int(post or 0)
    dev_key = infinity if dev is None else int(dev or 0)
    local_key = () if local is None else tuple((1, int(part), "") if part.isdigit() else (0, 0, part.lower())
                                               for part in re.split(r"[-_.]", local))
    return tuple(numbers), pre_key, post_key, dev_key, local_key


def _other_key(other):
    if isinstance(other, (tuple, list)):
        other = ".".join(str(part) for part in other)
    if isinstance(other, str):
        return _key(other)
    return NotImplemented


class TorchVersion(str):
    """A ``str`` that compares with strings, tuples and lists as a version.

    >>> from gradlib.torch_version import TorchVersion
    >>> v = TorchVersion("2.13.0+cpu")
    >>> v >= "2.2", v >= (2, 0), v < "2.13.1", v == "2.13.0+cpu", v.split("+")[0]
    (True, True, True, True, '2.13.0')
    """

    def _compare(self, other, method):
        other_key = _other_key(other)
        if other_key is NotImplemented:
            return NotImplemented
        return getattr(_key(self), method)(other_key)

    def __lt__(self, other):
        return self._compare(other, "__lt__")

    def __le__(self, other):
        return self._compare(other, "__le__")

    def __gt__(self, other):
        return self._compare(other, "__gt__")

    def __ge__(self, other):
        return self._compare(other, "__ge__")

    def __eq__(self, other):
        try:
            result = self._compare(other, "__eq__")
        except InvalidVersion:
            return False
        return str.__eq__(self, other) if result is NotImplemented else result

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = str.__hash__
