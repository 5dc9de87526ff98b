"""The replay program's records (``capture``): the kinds of argument specs, the slots they name, and the fusions
``Recorder.finish`` applies before compiling them. Each fusion joins records whose calls can share a buffer or a
Python frame and gives the same bits: ``t = g * lr`` then ``p -= t`` (the gradient scaled where it lies when only
that update reads it), a matmul then the add of its product (``x @ W + b``), and a lean record with an in-place
variant (ReLU) writing into an input that nothing else reads."""
from . import capture_lean

__all__ = ["CONST", "SLOT", "TUPLE", "LIST", "DICT", "slots_in", "out_slots", "inplace_ufunc", "fuse_scaled_updates",
           "fuse_products", "fuse_in_place"]

#: argument specs: a value used by reference, a slot (an array made by an earlier record), containers of specs
CONST, SLOT, TUPLE, LIST, DICT = range(5)


def inplace_ufunc(ufunc, array, value):
    ufunc(array, value, out=array)


def fuse_scaled_updates(entries, static_slots):
    """``t = g * lr`` (a lean ``MulScalar`` record) directly followed by ``p -= t`` (``inplace_ufunc``), ``t``
    used nowhere else: one record (the optimizers' ``p -= lr * p.grad``), the same two array calls."""
    uses = {}
    private = set()  # slots that lean records write into buffers of their own
    for function, specs, out in entries:
        for slot in slots_in(specs):
            uses[slot] = uses.get(slot, 0) + 1
        if getattr(function, "__module__", None) == capture_lean.__name__:
            private.update(out_slots(out))
    fused = []
    index = 0
    while index < len(entries):
        function, specs, out = entries[index]
        scaled = getattr(function, "scaled", None)
        if scaled is not None and index + 1 < len(entries) and out.__class__ is int:
            following, following_specs, following_out = entries[index + 1]
            if (following is inplace_ufunc and following_out is None and following_specs[2] == (SLOT, out)
                    and following_specs[0][0] == CONST and uses.get(out) == 1 and out not in static_slots):
                multiply, scalar, buffer = scaled
                value = specs[0]
                if value[0] == SLOT and uses.get(value[1]) == 1 and value[1] not in static_slots \
                        and value[1] in private:
                    buffer = None  # the gradient is read nowhere else: scaled where it lies (less memory)
                fused.append((_scaled_update(following_specs[0][1], multiply, scalar, buffer),
                              (value, following_specs[1]), None))
                index += 2
                continue
        fused.append(entries[index])
        index += 1
    return fused


def fuse_products(entries, static_slots):
    """``t = a @ b`` (a lean matmul record) directly followed by ``u = t + c`` or ``u = c + t`` (a lean binary
    ufunc record, ``t`` used nowhere else): one record that writes ``u`` into ``t``'s buffer (``x @ W + b``:
    addmm's two calls, one buffer, one record)."""
    uses = {}
    for _, specs, _ in entries:
        for slot in slots_in(specs):
            uses[slot] = uses.get(slot, 0) + 1
    fused = []
    index = 0
    while index < len(entries):
        function, specs, out = entries[index]
        product = getattr(function, "matmul", None)
        if product is not None and index + 1 < len(entries) and out.__class__ is int:
            following, following_specs, following_out = entries[index + 1]
            ufunc = getattr(following, "ufunc", None)
            if (ufunc is not None and following_out.__class__ is int and uses.get(out) == 1
                    and out not in static_slots and (SLOT, out) in following_specs):
                first = following_specs[0] == (SLOT, out)
                other = following_specs[1] if first else following_specs[0]
                fused.append((_product_then(ufunc, first, *product), specs + (other,), following_out))
                index += 2
                continue
        fused.append(entries[index])
        index += 1
    return fused


def _private_slots(entries):
    """Slots that records write into buffers of their own (lean records, fused ones): what a later record may
    overwrite once nothing else reads it."""
    private = set()
    for function, _, out in entries:
        if getattr(function, "__module__", None) == capture_lean.__name__ or getattr(function, "private", False):
            private.update(out_slots(out))
    return private


def fuse_in_place(entries, static_slots):
    """A lean record with an ``in_place`` variant (ReLU forward and backward) whose first argument is a slot
    that nothing else reads, in a buffer of a record's own, and not a static output: the variant, writing its
    result into that argument (the same bits; one buffer fewer for a replay to touch)."""
    uses = {}
    for _, specs, _ in entries:
        for slot in slots_in(specs):
            uses[slot] = uses.get(slot, 0) + 1
    private = _private_slots(entries)
    fused = []
    for function, specs, out in entries:
        in_place = getattr(function, "in_place", None)
        if in_place is not None and specs and specs[0][0] == SLOT and out.__class__ is int:
            slot = specs[0][1]
            if uses.get(slot) == 1 and slot in private and slot not in static_slots:
                function = in_place
        fused.append((function, specs, out))
    return fused


def _product_then(ufunc, first, matmul, buffer):
    if first:
        def product_then(a, b, other):
            return ufunc(matmul(a, b, buffer), other, buffer)
    else:
        def product_then(a, b, other):
            return ufunc(other, matmul(a, b, buffer), buffer)

    product_then.private = True
    return product_then


def _scaled_update(ufunc, multiply, scalar, buffer):
    """``target op= value * scalar`` through ``buffer``, or through ``value`` itself where ``buffer`` is None
    (a gradient in a lean record's own buffer that nothing else reads)."""
    if buffer is None:
        def update_in_place(value, target):
            ufunc(target, multiply(value, scalar, value), target)

        return update_in_place

    def update(value, target):
        ufunc(target, multiply(value, scalar, buffer), target)

    return update


def slots_in(specs):
    for kind, value in specs:
        if kind == SLOT:
            yield value
        elif kind == TUPLE or kind == LIST:
            yield from slots_in(value)
        elif kind == DICT:
            yield from slots_in(item for _, item in value)


def out_slots(out):
    if out is None:
        return []
    if out.__class__ is int:
        return [out]
    return [slot for item in out for slot in out_slots(item)]  # a tuple of results, nested or not


# ----- the backward walk, recorded ------------------------------------------------------------------------
