"""Device values with PyTorch's spelling ('cpu', 'cuda:0') and the default device."""

__all__ = ["device", "set_default_device", "get_default_device"]


def _type_keyword(positional, keyword):
    """The device spec given as ``type=``, with PyTorch's TypeErrors for none or two."""
    if positional is not None:
        raise TypeError("device() got multiple values for argument 'type'")
    if keyword is None:
        raise TypeError("device() received an invalid combination of arguments - got (), but expected one of:\n"
                        " * (torch.device device)\n * (str type, int index = -1)\n")
    return keyword


class device:
    """Where a tensor's data lives: ``gradlib.device('cpu')``, ``gradlib.device('cuda:1')``.

    Instances are interned, so devices compare by identity as well as by value.

    >>> import gradlib
    >>> gradlib.device('cuda:1')
    device(type='cuda', index=1)
    >>> str(gradlib.device('cpu'))
    'cpu'
    """
    __module__ = "gradlib"  # PyTorch's name (``torch.device``); gradlib/_homes.py

    __module__ = "gradlib"  # type() prints <class 'gradlib.X'>, as PyTorch's <class 'torch.X'>; pickles find it there

    __slots__ = ("type", "index", "_name", "_backend")
    _interned = {}

    def __new__(cls, type_or_spec=None, index=None, *, type=None):  # noqa: A002 (PyTorch's keyword)
        if type is not None or type_or_spec is None:  # device(type='cuda', index=1)
            type_or_spec = _type_keyword(type_or_spec, type)
        if type_or_spec.__class__ is cls:
            return type_or_spec
        key = (type_or_spec, index)
        found = cls._interned.get(key)
        if found is not None:
            return found
        kind, parsed_index = _parse(type_or_spec, index)
        self = object.__new__(cls)
        self.type = kind
        self.index = parsed_index
        self._name = kind if parsed_index is None else f"{kind}:{parsed_index}"
        self._backend = None  # filled in by gradlib.backends.backend_for on first use
        canonical = cls._interned.setdefault((self._name, None), self)
        cls._interned[key] = canonical
        return canonical

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self._name

    def __eq__(self, other):
        # interned, so equal devices are the same object; a device never equals a string, as in PyTorch
        # (torch.device('cpu') == 'cpu' is False: compare with torch.device('cpu') or device.type)
        return self is other

    def __enter__(self):
        """``with torch.device('cuda'):`` makes this the default device inside the block (PyTorch 2's context
        manager); the device before is restored on exit, also on an exception."""
        _entered.append(_default)
        set_default_device(self)
        return self

    def __exit__(self, *exc_info):
        set_default_device(_entered.pop())
        return False

    def __hash__(self):
        return hash(self._name)

    def __reduce__(self):
        return (device, (self._name,))


def _parse(spec, index):
    if isinstance(spec, int) and not isinstance(spec, bool):
        return "cuda", spec
    if not isinstance(spec, str):
        raise TypeError(f"device() received an invalid combination of arguments - got ({type(spec).__name__})")
    kind, _, suffix = spec.partition(":")
    if kind != "cpu" and kind not in _registry().device_types():  # the CPU is always there (and made first)
        known = _registry().device_types()
        raise RuntimeError(
            f"Expected one of {', '.join(known)} device type at start of device string: " + spec)
    if suffix:
        if index is not None:
            raise RuntimeError("type (string) must not include an index because index was passed explicitly: " + spec)
        if not suffix.isdigit():
            raise RuntimeError("Invalid device string: '" + spec + "'")
        index = int(suffix)
    if kind == "cpu":
        if index not in (None, 0):
            raise RuntimeError("CPU device index must be -1 or zero, got " + str(index))
        index = None
    return kind, index


CPU = device("cpu")
_default = CPU
_entered = []  # the default devices before each ``with device(...)`` block still open


def set_default_device(device):
    """Make ``device`` the device of tensors created without ``device=``.

    >>> import gradlib
    >>> gradlib.set_default_device('cpu')
    >>> gradlib.zeros(2).device
    device(type='cpu')
    """
    global _default
    if device is None:
        _default = CPU
        return
    _default = resolve(device)


def get_default_device():
    """The device new tensors go to when no ``device=`` is given."""
    return _default


def resolve(dev):
    """Turn ``None``, a string, an int or a device into a concrete device ('cuda' becomes 'cuda:N')."""
    if dev is None:
        return _default
    dev = device(dev)
    if dev.index is None and dev is not CPU:
        return device(dev.type, _registry().backend_for_type(dev.type).current_index())
    return dev


def _registry():
    """``gradlib.backends``, the table of device types. Imported here, late: the registry sits above devices (it
    imports this module for CPU and device())."""
    from . import backends
    return backends
