"""A base for placeholder arrays that know their shape and dtype but hold no values (a sparse tensor's dense
stand-in, a batched tensor's per-element view): the array attributes derived from ``shape`` and ``dtype``."""


class ShapeOnlyArray:
    """Derives ``ndim``, ``size`` and ``itemsize`` from the subclass's ``shape`` and ``dtype`` slots."""

    __slots__ = ()

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        count = 1
        for size in self.shape:
            count *= size
        return count

    @property
    def itemsize(self):
        return self.dtype.itemsize
